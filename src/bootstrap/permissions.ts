import type { Core } from '@strapi/strapi';

// The booking plugin owns the role-granting helper; the app only lists what the catalog needs.
const grantRoleActions = (strapi: Core.Strapi, role: string, actions: string[]) => strapi.plugin('booking').service('role-permissions').grant(role, actions);

/** The catalog is public and read-only; every other content-API action stays closed unless granted here. */
export const PUBLIC_CATALOG_ACTIONS = [
  'api::service-category.service-category.find',
  'api::service-category.service-category.findOne',
  'api::service-category.service-category.findBySlug',
  'api::service.service.find',
  'api::service.service.findOne',
  'api::service.service.findBySlug',
  'api::hospital.hospital.find',
  'api::hospital.hospital.findOne',
  'api::city.city.find',
  'api::city.city.findOne',
  'api::credential-type.credential-type.find',
  'api::credential-type.credential-type.findOne',
];

export async function grantPublicCatalogRead(strapi: Core.Strapi) {
  await grantRoleActions(strapi, 'public', PUBLIC_CATALOG_ACTIONS);
  // Signed-in users browse the same catalog.
  await grantRoleActions(strapi, 'authenticated', PUBLIC_CATALOG_ACTIONS);
}
