import type { Core } from '@strapi/strapi';
import { CAREGIVER_ORDER_ACTIONS, CUSTOMER_ORDER_ACTIONS } from './routes/order-routes';
import { PAYMENT_ACTIONS } from './routes/payment-routes';
import { CAREGIVER_FEEDBACK_ACTIONS, CUSTOMER_FEEDBACK_ACTIONS, FEEDBACK_ADMIN_ACTIONS } from './routes/feedback-routes';
import { TRAINING_ACTIONS } from './routes/training-routes';
import { CAREGIVER_ADMIN_ACTIONS, CAREGIVER_APPLICANT_ACTIONS, CAREGIVER_SELF_ACTIONS } from './routes/caregiver-routes';
import { ANALYTICS_ADMIN_ACTIONS } from './routes/analytics-routes';
import { EARNINGS_ACTIONS, EARNINGS_ADMIN_ACTIONS } from './routes/earnings-routes';
import { CAREGIVER_DISPATCH_ACTIONS, CUSTOMER_DISPATCH_ACTIONS, DISPATCH_ADMIN_ACTION } from './routes/dispatch-routes';
import { UID } from './content-types/uids';

/**
 * Content-API actions of the booking plugin by users-permissions role. Public routes (`auth: false`) need no
 * grant; everything else is granted here, idempotently, at every boot. A caregiver is also a customer.
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
  ...CUSTOMER_ORDER_ACTIONS,
  ...PAYMENT_ACTIONS,
  ...CUSTOMER_FEEDBACK_ACTIONS,
  ...CAREGIVER_APPLICANT_ACTIONS,
  ...CUSTOMER_DISPATCH_ACTIONS,
  'plugin::booking.notifications.find',
  'plugin::booking.notifications.unreadCount',
  'plugin::booking.notifications.markRead',
  'plugin::booking.notifications.stream',
];

export const CAREGIVER_ACTIONS = [
  ...AUTHENTICATED_ACTIONS,
  ...CAREGIVER_ORDER_ACTIONS,
  ...CAREGIVER_FEEDBACK_ACTIONS,
  ...TRAINING_ACTIONS,
  ...CAREGIVER_SELF_ACTIONS,
  ...CAREGIVER_DISPATCH_ACTIONS,
  ...EARNINGS_ACTIONS,
];

/** Admin-panel permissions; operators' roles (调度员, 审核员, 客服) are configured with these in Settings → Roles. */
export const ADMIN_ACTIONS = [
  { section: 'plugins', displayName: '查看订单', uid: 'orders.read', pluginName: 'booking', subCategory: '订单' },
  { section: 'plugins', displayName: '处理订单（取消、改派）', uid: 'orders.manage', pluginName: 'booking', subCategory: '订单' },
  { section: 'plugins', displayName: '风控处理（查看事件、解除冻结）', uid: 'risk.manage', pluginName: 'booking', subCategory: '支付' },
  ...FEEDBACK_ADMIN_ACTIONS,
  ...CAREGIVER_ADMIN_ACTIONS,
  ...ANALYTICS_ADMIN_ACTIONS,
  ...EARNINGS_ADMIN_ACTIONS,
  DISPATCH_ADMIN_ACTION,
];

async function ensureRole(strapi: Core.Strapi, type: string, name: string, description: string) {
  const roles = strapi.db.query(UID.upRole);
  return (await roles.findOne({ where: { type } })) ?? roles.create({ data: { type, name, description } });
}

export async function grantRoleActions(strapi: Core.Strapi, roleType: string, actions: string[]) {
  const role = await strapi.db.query(UID.upRole).findOne({ where: { type: roleType } });
  if (!role) throw new Error(`users-permissions role "${roleType}" is missing`);
  const permissions = strapi.db.query(UID.upPermission);
  const existing = await permissions.findMany({ where: { role: role.id, action: { $in: actions } }, select: ['action'] });
  const have = new Set(existing.map((p: { action: string }) => p.action));
  for (const action of actions.filter((a) => !have.has(a))) {
    await permissions.create({ data: { action, role: role.id } });
  }
}

export async function registerAdminActions(strapi: Core.Strapi) {
  await strapi.service('admin::permission').actionProvider.registerMany(ADMIN_ACTIONS);
}

export async function grantBookingPermissions(strapi: Core.Strapi) {
  await ensureRole(strapi, 'caregiver', 'Caregiver', '已认证的陪护人员');
  await grantRoleActions(strapi, 'authenticated', AUTHENTICATED_ACTIONS);
  await grantRoleActions(strapi, 'caregiver', CAREGIVER_ACTIONS);
}
