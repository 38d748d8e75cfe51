import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import { maskBankCard, payoutTradeNo } from '../../domain/settlement';
import { PaymentGatewayError } from '../../providers/payment/types';
import { createWechatTransferProvider } from '../../providers/payout/wechat-transfer';
import type { PayoutProvider, PayoutResult } from '../../providers/payout/types';
import { bookingConfig, bookingService } from '../../utils/plugin';

const STATEMENT = 'plugin::booking.settlement-statement';
const PAYOUT = 'plugin::booking.payout';
const ACCOUNT = 'plugin::booking.payout-account';
const ALERT = 'plugin::booking.operator-alert';
const USER = 'plugin::users-permissions.user';
const CAREGIVER = 'api::caregiver.caregiver';
const BATCH = 100;

/**
 * Payouts of approved statements. A statement is claimed (approved → paying, compare-and-swap) before any money
 * moves, so two runs (two instances, or an operator's export racing the job) never pay it twice; the payout's
 * out-trade number is derived from the statement and the attempt, so a resend after an unknown outcome is the same
 * transfer to the provider. A failure puts the statement back to approved (payable) and raises an operator alert.
 * WeChat transfers are sent and polled by the `sendPayouts` job; bank transfers are exported as a CSV batch for
 * finance to upload and marked paid (or failed) by an operator.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const statements = () => strapi.db.query(STATEMENT);
  const payouts = () => strapi.db.query(PAYOUT);
  const accounts = () => strapi.db.query(ACCOUNT);
  let provider: PayoutProvider | null | undefined;

  function wechat(): PayoutProvider {
    if (provider === undefined) {
      const config = bookingConfig(strapi).payments.wechat as any;
      provider = config?.mchId ? createWechatTransferProvider(config) : null;
    }
    if (!provider) throw bookingError('CHANNEL_UNAVAILABLE', { channel: 'wechat' });
    return provider;
  }

  /** approved → paying and the payout row, in one transaction; null when someone else claimed it first. */
  async function claim(statement: any, method: 'wechat' | 'bank', batchNo: string | null) {
    return strapi.db.transaction(async () => {
      const { count } = await statements().updateMany({ where: { id: statement.id, status: 'approved' }, data: { status: 'paying' } });
      if (count !== 1) return null;
      const attempt = (await payouts().count({ where: { statementId: statement.id } })) + 1;
      return payouts().create({
        data: {
          statementId: statement.id,
          caregiverId: statement.caregiverId,
          outTradeNo: payoutTradeNo(statement.id, attempt),
          method,
          amountFen: statement.payableFen,
          status: 'processing',
          attempts: 1,
          batchNo,
          sentAt: new Date(),
        },
      });
    });
  }

  /** Applies a final result once (payout processing → succeeded/failed) and moves the statement with it. */
  async function settle(payout: any, result: PayoutResult, adminId: number | null = null) {
    if (result.status === 'processing') {
      if (result.providerRef && !payout.providerRef) await payouts().update({ where: { id: payout.id }, data: { providerRef: result.providerRef } });
      return false;
    }
    return strapi.db.transaction(async () => {
      const { count } = await payouts().updateMany({
        where: { id: payout.id, status: 'processing' },
        data: {
          status: result.status,
          providerRef: result.providerRef ?? payout.providerRef ?? null,
          failureReason: result.reason?.slice(0, 200) ?? null,
          settledAt: new Date(),
          settledBy: adminId,
        },
      });
      if (count !== 1) return false;
      if (result.status === 'succeeded') {
        await statements().updateMany({ where: { id: payout.statementId, status: 'paying' }, data: { status: 'paid', paidAt: new Date() } });
      } else {
        // Returned to payable: an operator fixes the account and the next run (or export) pays it again.
        await statements().updateMany({ where: { id: payout.statementId, status: 'paying' }, data: { status: 'approved' } });
        await strapi.db
          .query(ALERT)
          .create({ data: { kind: 'payout_failed', message: `结算打款失败（${payout.outTradeNo}）：${result.reason ?? '未知原因'}`.slice(0, 300) } });
      }
      return true;
    });
  }

  async function send(payout: any, openid: string) {
    try {
      const result = await wechat().send({ outTradeNo: payout.outTradeNo, amountFen: payout.amountFen, openid, remark: '陪护服务报酬结算' });
      await settle(payout, result);
    } catch (error) {
      // Unknown outcome (timeout, unverifiable answer) or a retryable refusal: stays processing; polling decides.
      if (error instanceof PaymentGatewayError && error.retryable) return;
      await settle(payout, { status: 'failed', reason: (error as Error).message.slice(0, 200) });
    }
  }

  const api = {
    /** The sendPayouts job: polls transfers in flight, then claims and sends approved statements paid by WeChat. */
    async run() {
      const counts = { processed: 0, skipped: 0, failed: 0 };
      if (!(bookingConfig(strapi).payments.wechat as any)?.mchId) return counts;
      for (const payout of await payouts().findMany({ where: { method: 'wechat', status: 'processing' }, orderBy: { id: 'asc' }, limit: BATCH })) {
        try {
          const result = await wechat().query(payout.outTradeNo);
          if (result.reason === 'NOT_FOUND') {
            const account = await accounts().findOne({ where: { caregiverId: payout.caregiverId } });
            if (account?.wechatOpenId) await send(payout, account.wechatOpenId);
          } else if (await settle(payout, result)) counts.processed += 1;
        } catch {
          counts.skipped += 1; // provider unreachable: next run
        }
      }
      const approved = await statements().findMany({ where: { status: 'approved' }, orderBy: { id: 'asc' }, limit: BATCH });
      for (const statement of approved) {
        const account = await accounts().findOne({ where: { caregiverId: statement.caregiverId } });
        if (account?.method !== 'wechat' || !account.wechatOpenId) continue; // bank: exported by an operator
        const payout = await claim(statement, 'wechat', null);
        if (!payout) {
          counts.skipped += 1;
          continue;
        }
        await send(payout, account.wechatOpenId);
        counts.processed += 1;
      }
      return counts;
    },

    /** Claims every approved statement paid by bank card into one batch and answers the CSV finance uploads. */
    async exportBankBatch(now = new Date()) {
      const batchNo = `BB${now.toISOString().replace(/\D/g, '').slice(0, 14)}`;
      const rows: Array<{ outTradeNo: string; statementNo: string; holderName: string; bankName: string; cardNumber: string; amountYuan: string }> = [];
      const approved = await statements().findMany({ where: { status: 'approved' }, orderBy: { id: 'asc' }, limit: 1000 });
      const pii = bookingService(strapi, 'pii');
      for (const statement of approved) {
        const account = await accounts().findOne({ where: { caregiverId: statement.caregiverId } });
        if (account?.method !== 'bank' || !account.cardNumberEnc) continue;
        const payout = await claim(statement, 'bank', batchNo);
        if (!payout) continue;
        rows.push({
          outTradeNo: payout.outTradeNo,
          statementNo: statement.statementNo,
          holderName: account.holderName ?? '',
          bankName: account.bankName ?? '',
          // Text, not a number: a spreadsheet would round a 19-digit card number.
          cardNumber: `${pii.decrypt(account.cardNumberEnc, 'payout.cardNumber') ?? ''}`,
          amountYuan: (payout.amountFen / 100).toFixed(2),
        });
      }
      return { batchNo, count: rows.length, rows };
    },

    /** An operator records the bank's answer for one payout of a batch. */
    async markBank(outTradeNo: string, status: 'succeeded' | 'failed', reason: string | undefined, adminId: number | null) {
      const payout = await payouts().findOne({ where: { outTradeNo } });
      if (!payout || payout.method !== 'bank') throw bookingError('PAYOUT_NOT_FOUND');
      if (!(await settle(payout, { status, reason: reason ?? (status === 'failed' ? '银行退票' : undefined) }, adminId))) throw bookingError('PAYOUT_CHANGED');
      return api.present(await payouts().findOne({ where: { id: payout.id } }));
    },

    async list(query: { status?: string; page?: number; pageSize?: number }) {
      const page = query.page ?? 1;
      const pageSize = Math.min(query.pageSize ?? 20, 100);
      const where = query.status ? { status: query.status } : {};
      const [rows, total] = await Promise.all([
        payouts().findMany({ where, orderBy: { id: 'desc' }, offset: (page - 1) * pageSize, limit: pageSize }),
        payouts().count({ where }),
      ]);
      return { data: rows.map(api.present), meta: { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } } };
    },

    /** The payouts of one of the caregiver's own statements (none for another's). */
    async forStatementNo(caregiverId: number, statementNo: string) {
      const statement = await statements().findOne({ where: { statementNo, caregiverId }, select: ['id'] });
      if (!statement) return [];
      return (await payouts().findMany({ where: { statementId: statement.id }, orderBy: { id: 'asc' } })).map(api.present);
    },

    /** Open payout alerts for operators. */
    async alerts() {
      return strapi.db.query(ALERT).findMany({ where: { kind: 'payout_failed', resolvedAt: { $null: true } }, orderBy: { id: 'desc' }, limit: 100 });
    },

    present(p: any) {
      return {
        outTradeNo: p.outTradeNo,
        method: p.method,
        amountFen: p.amountFen,
        status: p.status,
        batchNo: p.batchNo ?? null,
        failureReason: p.failureReason ?? null,
        sentAt: p.sentAt ?? null,
        settledAt: p.settledAt ?? null,
      };
    },

    // Payout account
    async account(caregiverId: number) {
      const account = await accounts().findOne({ where: { caregiverId } });
      return account ? api.presentAccount(account) : null;
    },

    /** WeChat: the openid the caregiver's user bound by signing in with the mini-program. Bank: the card, encrypted. */
    async setAccount(caregiverId: number, input: { method: 'wechat' } | { method: 'bank'; holderName: string; bankName: string; cardNumber: string }) {
      let data: Record<string, unknown>;
      if (input.method === 'wechat') {
        const caregiver = await strapi.db.query(CAREGIVER).findOne({ where: { id: caregiverId }, populate: { user: { select: ['id'] } } });
        const user = caregiver?.user?.id ? await strapi.db.query(USER).findOne({ where: { id: caregiver.user.id }, select: ['wechatMiniOpenId'] }) : null;
        if (!user?.wechatMiniOpenId) throw bookingError('WECHAT_NOT_BOUND');
        data = { method: 'wechat', wechatOpenId: user.wechatMiniOpenId, holderName: null, bankName: null, cardNumberEnc: null, cardLast4: null };
      } else {
        const card = input.cardNumber.replace(/\s+/g, '');
        data = {
          method: 'bank',
          wechatOpenId: null,
          holderName: input.holderName,
          bankName: input.bankName,
          cardNumberEnc: bookingService(strapi, 'pii').encrypt(card, 'payout.cardNumber'),
          cardLast4: card.slice(-4),
        };
      }
      const existing = await accounts().findOne({ where: { caregiverId }, select: ['id'] });
      const saved = existing ? await accounts().update({ where: { id: existing.id }, data }) : await accounts().create({ data: { caregiverId, ...data } });
      return api.presentAccount(saved);
    },

    presentAccount(a: any) {
      return a.method === 'wechat'
        ? { method: 'wechat', wechatBound: Boolean(a.wechatOpenId) }
        : { method: 'bank', holderName: a.holderName, bankName: a.bankName, cardNumber: maskBankCard(a.cardLast4 ?? '') };
    },
  };
  return api;
};
