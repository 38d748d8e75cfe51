import type { Core } from '@strapi/strapi';

/** The catalog is public and read-only; every other content-API action stays closed unless granted here. */
export const PUBLIC_CATALOG_ACTIONS = [
  'api::service-category.service-category.find',
  'api::service-category.service-category.findOne',
  'api::service.service.find',
  'api::service.service.findOne',
  'api::hospital.hospital.find',
  'api::hospital.hospital.findOne',
  'api::city.city.find',
  'api::city.city.findOne',
  'api::credential-type.credential-type.find',
  'api::credential-type.credential-type.findOne',
];

/** Grants each action to a users-permissions role once; safe to run at every boot. */
export async function grantRoleActions(strapi: Core.Strapi, roleType: string, actions: string[]) {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: roleType } });
  if (!role) throw new Error(`users-permissions role "${roleType}" is missing`);
  const existing = await strapi.db
    .query('plugin::users-permissions.permission')
    .findMany({ where: { role: role.id, action: { $in: actions } }, select: ['action'] });
  const have = new Set(existing.map((p: { action: string }) => p.action));
  for (const action of actions.filter((a) => !have.has(a))) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
}

export async function grantPublicCatalogRead(strapi: Core.Strapi) {
  await grantRoleActions(strapi, 'public', PUBLIC_CATALOG_ACTIONS);
  // Signed-in users browse the same catalog.
  await grantRoleActions(strapi, 'authenticated', PUBLIC_CATALOG_ACTIONS);
}
