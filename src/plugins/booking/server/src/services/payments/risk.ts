import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import { firedRules, rulesFor, strongestAction, type RiskRule, type RiskSignal } from '../../domain/risk-rules';
import { MINUTE_MS } from '../../domain/beijing-time';
import { bookingService, lockKey } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const EVENT = UID.riskEvent;
const FREEZE = UID.paymentFreeze;

/** Where each signal is counted from: the tables that already record it. */
const SOURCES: Record<RiskSignal, { uid: string; time: string; where: (subject: string, value: string | number) => Record<string, unknown> }> = {
  payment_attempt: { uid: UID.payment, time: 'createdAt', where: (s, v) => ({ [s === 'user' ? 'userId' : s === 'device' ? 'deviceId' : 'clientIp']: v }) },
  payment_failure: { uid: UID.payment, time: 'updatedAt', where: (_s, v) => ({ userId: v, status: 'failed' }) },
  cancellation: { uid: UID.order, time: 'cancelledAt', where: (_s, v) => ({ userId: v, status: 'cancelled' }) },
  refund: { uid: UID.refund, time: 'createdAt', where: () => ({}) },
};

/**
 * Payment risk control: counts recent signals per user, device and IP against the rules in domain/risk-rules,
 * records what fired, alerts the user and operators, and freezes the user's payments until an operator lifts it.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  async function count(rule: RiskRule, value: string | number) {
    const source = SOURCES[rule.signal];
    const since = new Date(Date.now() - rule.windowMinutes * MINUTE_MS);
    if (rule.signal === 'refund') {
      const orders = await strapi.db.query(UID.order).findMany({ where: { userId: value }, select: ['id'] });
      if (!orders.length) return 0;
      return strapi.db.query(source.uid as any).count({ where: { orderId: { $in: orders.map((o: any) => o.id) }, createdAt: { $gt: since } } });
    }
    return strapi.db.query(source.uid as any).count({ where: { ...source.where(rule.subject, value), [source.time]: { $gt: since } } });
  }

  async function act(userId: number | undefined, rules: RiskRule[], subject: string, data: Record<string, unknown>) {
    const action = strongestAction(rules);
    for (const rule of rules) {
      await strapi.db.query(EVENT).create({
        data: {
          userId: userId ?? null,
          rule: rule.id,
          severity: rule.severity,
          subject,
          data,
          action: rule.action === 'freeze' ? 'frozen' : rule.action === 'alert' ? 'alerted' : 'recorded',
        },
      });
      strapi.log.warn(`[risk] ${rule.id} fired for ${subject}`);
    }
    if (action === 'freeze' && userId) await api.freeze(userId, rules[0].description, rules[0].id);
    else if (action === 'alert' && userId) await alertUser(userId, '账户安全提醒', '我们发现您的账户近期操作异常，如非本人操作请及时联系客服。');
  }

  async function alertUser(userId: number, title: string, body: string) {
    await bookingService(strapi, 'notifications').notify(userId, { kind: 'risk_alert', title, body });
    const user = await strapi.db.query(UID.user).findOne({ where: { id: userId }, select: ['phone'] });
    if (user?.phone) {
      await bookingService(strapi, 'sms')
        .send({ phone: user.phone, templateKey: 'risk_alert', params: { reason: title } })
        .catch((error: Error) => strapi.log.warn(`[risk] alert SMS failed: ${error.message}`));
    }
  }

  const api = {
    /** Call after the signal was recorded (the new payment row exists), so counts include it. */
    async observe(signal: RiskSignal, who: { userId?: number; deviceId?: string; ip?: string }) {
      const values: Record<string, string | number | undefined> = { user: who.userId, device: who.deviceId, ip: who.ip };
      const observations = [];
      for (const rule of rulesFor(signal)) {
        const value = values[rule.subject];
        if (value === undefined || value === null || value === '') continue;
        // +1: the attempt being made now is not in the table yet.
        const current = (await count(rule, value)) + (signal === 'payment_attempt' ? 1 : 0);
        observations.push({ rule, count: current });
      }
      const fired = firedRules(observations);
      if (!fired.length) return;
      await act(who.userId, fired, `user:${who.userId ?? '-'} device:${who.deviceId ?? '-'} ip:${who.ip ?? '-'}`, {
        signal,
        counts: observations.map((o) => ({ rule: o.rule.id, count: o.count })),
      });
      if (strongestAction(fired) === 'freeze') throw bookingError('PAYMENT_TOO_FREQUENT');
    },

    /** A single event that is suspicious by itself (an amount that does not match the order). */
    async flag(userId: number, ruleId: string, data: Record<string, unknown>) {
      await strapi.db.query(EVENT).create({ data: { userId, rule: ruleId, severity: 'critical', subject: `user:${userId}`, data, action: 'frozen' } });
      await api.freeze(userId, '支付金额与订单金额不一致', ruleId);
    },

    async freeze(userId: number, reason: string, rule: string) {
      await strapi.db.transaction(async ({ trx }) => {
        await lockKey(strapi, trx, `freeze:${userId}`);
        const active = await strapi.db.query(FREEZE).findOne({ where: { userId, active: true } });
        if (!active) await strapi.db.query(FREEZE).create({ data: { userId, reason, rule, active: true } });
      });
      await alertUser(userId, '支付功能已冻结', `因「${reason}」，您的支付功能已被暂时冻结，客服审核后将为您解除。`);
    },

    async assertNotFrozen(userId: number) {
      const active = await strapi.db.query(FREEZE).findOne({ where: { userId, active: true } });
      if (active) throw bookingError('PAYMENT_FROZEN', { reason: active.reason });
    },

    async lift(freezeDocumentId: string, adminId: number | null, note: string) {
      const freeze = await strapi.db.query(FREEZE).findOne({ where: { documentId: freezeDocumentId } });
      if (!freeze) throw bookingError('FREEZE_NOT_FOUND');
      const { count: changed } = await strapi.db.query(FREEZE).updateMany({
        where: { id: freeze.id, active: true },
        data: { active: false, liftedAt: new Date(), liftedByAdminId: adminId, liftNote: note },
      });
      if (changed !== 1) throw bookingError('FREEZE_LIFTED');
      await bookingService(strapi, 'notifications').notify(freeze.userId, {
        kind: 'risk_lifted',
        title: '支付功能已恢复',
        body: '客服已核实，您的支付功能已恢复正常。',
      });
      return strapi.db.query(FREEZE).findOne({ where: { id: freeze.id } });
    },
  };
  return api;
};
