import type { Core } from '@strapi/strapi';
import { OPERATOR_ROLES, planRoleSeed } from './domain/operator-roles';

const ADMIN_ROLE = 'admin::role';
const ADMIN_PERMISSION = 'admin::permission';

/**
 * Seeds the operators' admin roles (审核员, 调度员, 客服, 运营主管) at every boot, idempotently and without ever
 * undoing an operator's edits: see domain/operator-roles.ts. What was seeded is remembered in the plugin's store.
 * Must run after every plugin's bootstrap (the app's bootstrap calls it): the admin plugin creates Super Admin,
 * Editor and Author only when no admin role exists yet, and drops permissions on actions not registered by then.
 */
export async function seedOperatorRoles(strapi: Core.Strapi) {
  const store = strapi.store({ type: 'plugin', name: 'booking', key: 'seeded-admin-roles' });
  const seededAll = ((await store.get({})) as Record<string, string[]> | null) ?? {};
  const next: Record<string, string[]> = { ...seededAll };

  for (const spec of OPERATOR_ROLES) {
    let role = await strapi.db.query(ADMIN_ROLE).findOne({ where: { code: spec.code } });
    const nameTaken = !role && (await strapi.db.query(ADMIN_ROLE).count({ where: { name: spec.name } })) > 0;
    const holds = role
      ? (await strapi.db.query(ADMIN_PERMISSION).findMany({ where: { role: role.id }, select: ['action'] })).map((p: { action: string }) => p.action)
      : [];
    const plan = planRoleSeed(spec, { exists: !!role, nameTaken, holds, seeded: seededAll[spec.code] });
    if (plan.create) {
      role = await strapi.service('admin::role').create({ name: spec.name, code: spec.code, description: spec.description });
      strapi.log.info(`[booking] created admin role ${spec.name}`);
    }
    if (role && plan.grant.length > 0) {
      await strapi.service('admin::role').addPermissions(
        role.id,
        plan.grant.map((action) => ({ action, subject: null, properties: {}, conditions: [] })),
      );
    }
    if (plan.record) next[spec.code] = plan.record;
  }
  await store.set({ value: next });
}
