import type { Core } from '@strapi/strapi';
import { grantRoleActions } from '../permissions';

/** Lets the app (catalog bootstrap) grant users-permissions actions with the plugin's idempotent helper. */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  grant: (roleType: string, actions: string[]) => grantRoleActions(strapi, roleType, actions),
});
