import type { Core } from '@strapi/strapi';

/** The password .env.example ships with; a deployment that kept it would open the admin panel to anyone. */
export const EXAMPLE_ADMIN_PASSWORDS = ['Admin12345'];

/**
 * Refuses to start anything but a development or test instance while ADMIN_PASSWORD is the documented example
 * value: better a clear boot failure than a production panel guarded by a password printed in the README.
 */
export function assertAdminPasswordSafe(env: Record<string, string | undefined> = process.env) {
  const nodeEnv = env.NODE_ENV || 'development';
  if (nodeEnv === 'development' || nodeEnv === 'test') return;
  if (env.ADMIN_PASSWORD && EXAMPLE_ADMIN_PASSWORDS.includes(env.ADMIN_PASSWORD)) {
    throw new Error(
      `ADMIN_PASSWORD is the example value from .env.example; refusing to start with NODE_ENV=${nodeEnv}. ` +
        'Set ADMIN_PASSWORD to a strong secret of your own (or remove it once the first admin exists).',
    );
  }
}

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
    // The panel opens in Chinese for this admin whatever the browser says; English stays selectable in the profile.
    preferedLanguage: 'zh-Hans',
    roles: [superAdminRole.id],
  });
  strapi.log.info(`[bootstrap] created first admin ${email}`);
}
