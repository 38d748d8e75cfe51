import type { Core } from '@strapi/strapi';

/**
 * Creates the first super admin from ADMIN_EMAIL / ADMIN_PASSWORD when no admin exists yet, so that a fresh
 * development install opens straight into /admin. Never touches an existing admin.
 */
export async function ensureFirstAdmin(strapi: Core.Strapi) {
  const email = process.env.ADMIN_EMAIL?.trim();
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !password) return;

  const users = strapi.service('admin::user');
  if (await users.exists()) return;

  const superAdminRole = await strapi.service('admin::role').getSuperAdmin();
  if (!superAdminRole) {
    strapi.log.warn('[bootstrap] super admin role not found; skipping first admin creation');
    return;
  }
  await users.create({
    email: email.toLowerCase(),
    firstname: process.env.ADMIN_FIRSTNAME || '平台',
    lastname: process.env.ADMIN_LASTNAME || '管理员',
    password,
    isActive: true,
    registrationToken: null,
    roles: [superAdminRole.id],
  });
  strapi.log.info(`[bootstrap] created first admin ${email}`);
}
