import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

/** A caregiver's own earnings and statements; the caregiver is always the signed-in user's, never a parameter. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const settlement = () => bookingService(strapi, 'settlement');
  const me = (ctx: BookingContext) => settlement().caregiverOf(ctx.state.user.id);

  return {
    async list(ctx: BookingContext) {
      ctx.body = await settlement().myEarnings(await me(ctx), ctx.state.query);
    },
    async current(ctx: BookingContext) {
      ctx.body = { data: await settlement().current(await me(ctx)) };
    },
    async statements(ctx: BookingContext) {
      ctx.body = { data: await settlement().myStatements(await me(ctx)) };
    },
    async statement(ctx: BookingContext) {
      const caregiverId = await me(ctx);
      const statement = await settlement().myStatement(caregiverId, ctx.params.statementNo);
      ctx.body = { data: { ...statement, payouts: await bookingService(strapi, 'payouts').forStatementNo(caregiverId, ctx.params.statementNo) } };
    },
    async account(ctx: BookingContext) {
      ctx.body = { data: await bookingService(strapi, 'payouts').account(await me(ctx)) };
    },
    async setAccount(ctx: BookingContext) {
      ctx.body = { data: await bookingService(strapi, 'payouts').setAccount(await me(ctx), ctx.state.body) };
    },
  };
};
