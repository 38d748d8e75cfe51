import type { Core } from '@strapi/strapi';
import { toCsv } from '../domain/analytics-period';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

const BANK_BATCH = [
  { key: 'outTradeNo', header: '打款单号' },
  { key: 'statementNo', header: '结算单号' },
  { key: 'holderName', header: '开户人' },
  { key: 'bankName', header: '开户银行' },
  { key: 'cardNumber', header: '银行卡号' },
  { key: 'amountYuan', header: '金额（元）' },
] as const;

/** Operators: settlement statements, approval, closing runs (admin permissions settlement.read / settlement.manage). */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settlement = () => bookingService(strapi, 'settlement');
  return {
    async statements(ctx: BookingContext) {
      ctx.body = await settlement().list(ctx.state.query);
    },
    async statement(ctx: BookingContext) {
      ctx.body = { data: await settlement().detail(ctx.params.statementNo) };
    },
    async approve(ctx: BookingContext) {
      ctx.body = { data: await settlement().approve(ctx.params.statementNo, ctx.state.user?.id ?? null) };
    },
    async payouts(ctx: BookingContext) {
      ctx.body = await bookingService(strapi, 'payouts').list(ctx.state.query);
    },
    async sendPayouts(ctx: BookingContext) {
      ctx.body = { data: await bookingService(strapi, 'jobs').run('sendPayouts') };
    },
    /** The batch as CSV (the claimed statements are now "paying"); finance uploads it to the bank. */
    async bankBatch(ctx: BookingContext) {
      const batch = await bookingService(strapi, 'payouts').exportBankBatch();
      ctx.set('Content-Type', 'text/csv; charset=utf-8');
      ctx.set('Content-Disposition', `attachment; filename="${batch.batchNo}.csv"`);
      ctx.set('X-Batch-Count', String(batch.count));
      ctx.body = toCsv([...BANK_BATCH], batch.rows);
    },
    async markBank(ctx: BookingContext) {
      const { status, reason } = ctx.state.body;
      ctx.body = { data: await bookingService(strapi, 'payouts').markBank(ctx.params.outTradeNo, status, reason, ctx.state.user?.id ?? null) };
    },
    /** One caregiver's money for their page in the console: entries, open period, statements, payout account. */
    async caregiver(ctx: BookingContext) {
      const caregiverId = Number(ctx.params.caregiverId);
      const entries = await settlement().myEarnings(caregiverId, ctx.state.query);
      ctx.body = {
        data: {
          caregiverId,
          current: await settlement().current(caregiverId),
          statements: await settlement().myStatements(caregiverId),
          payoutAccount: await bookingService(strapi, 'payouts').account(caregiverId),
          entries: entries.data,
        },
        meta: entries.meta,
      };
    },
    async alerts(ctx: BookingContext) {
      ctx.body = { data: await bookingService(strapi, 'payouts').alerts() };
    },
    async run(ctx: BookingContext) {
      const at = ctx.state.body?.at ? new Date(ctx.state.body.at) : new Date();
      ctx.body = { data: await bookingService(strapi, 'jobs').run('closeSettlements', at) };
    },
  };
};
