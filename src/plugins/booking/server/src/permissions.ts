import type { Core } from '@strapi/strapi';

/**
 * Content-API actions of the booking plugin by users-permissions role. Public routes (`auth: false`) need no
 * grant; everything a signed-in customer may call is listed here and granted idempotently at every boot.
 */
export const AUTHENTICATED_ACTIONS = [
  'plugin::booking.account.me',
  'plugin::booking.account.updateMe',
  'plugin::booking.account.uploadAvatar',
  'plugin::booking.account.recordConsent',
  'plugin::booking.account.consents',
  'plugin::booking.account.setPassword',
  'plugin::booking.account.bindPhone',
  'plugin::booking.account.bindPhoneFromWechat',
  'plugin::booking.account.bindWechatMini',
  'plugin::booking.account.startWechatWebBind',
  'plugin::booking.account.bindWechatWeb',
  'plugin::booking.account.exportMyData',
  'plugin::booking.account.deleteMe',
  'plugin::booking.account.sendCodeForMe',
  'plugin::booking.patients.find',
  'plugin::booking.patients.findOne',
  'plugin::booking.patients.create',
  'plugin::booking.patients.update',
  'plugin::booking.patients.delete',
];

export async function grantBookingPermissions(strapi: Core.Strapi) {
  const role = await strapi.db.query('plugin::users-permissions.role').findOne({ where: { type: 'authenticated' } });
  if (!role) return;
  const existing = await strapi.db
    .query('plugin::users-permissions.permission')
    .findMany({ where: { role: role.id, action: { $in: AUTHENTICATED_ACTIONS } }, select: ['action'] });
  const have = new Set(existing.map((p: { action: string }) => p.action));
  for (const action of AUTHENTICATED_ACTIONS.filter((a) => !have.has(a))) {
    await strapi.db.query('plugin::users-permissions.permission').create({ data: { action, role: role.id } });
  }
}
