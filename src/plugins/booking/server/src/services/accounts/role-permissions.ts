import type { Core } from '@strapi/strapi';
import { grantRoleActions } from '../../permissions';
import { seedOperatorRoles } from '../../admin-roles';

/** Lets the app (catalog bootstrap) grant users-permissions actions with the plugin's idempotent helper. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  grant: (roleType: string, actions: string[]) => grantRoleActions(strapi, roleType, actions),
  /** The operators' admin roles; the app calls it from its bootstrap, after the admin plugin made its own roles. */
  seedOperatorRoles: () => seedOperatorRoles(strapi),
});
