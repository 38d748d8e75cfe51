import type { Core } from '@strapi/strapi';
import { bookingError } from '../domain/errors';
import { randomBytes } from 'node:crypto';
import { sandboxSignature } from '../providers/payment/sandbox';
import { bookingConfig, bookingService } from '../utils/plugin';
import type { BookingContext } from './context';
import type { PaymentChannel } from '../providers/payment/types';

const UNPARSED = Symbol.for('unparsedBody');

/** The exact bytes the provider signed: Strapi's body parser keeps them (includeUnparsed) next to the parsed body. */
function rawBodyOf(ctx: BookingContext): string {
  const raw = ctx.request.body?.[UNPARSED];
  if (typeof raw === 'string') return raw;
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  return '';
}

function flatHeaders(ctx: BookingContext): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(ctx.request.headers).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(',') : (v as string | undefined)]));
}

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async start(ctx: BookingContext) {
    const order = await bookingService(strapi, 'order-views').findFor(ctx.params.id, { type: 'user', userId: ctx.state.user.id });
    const result = await bookingService(strapi, 'payments').start(ctx.state.user.id, order, { ...ctx.state.body, clientIp: ctx.request.ip });
    ctx.status = 201;
    ctx.body = { data: result };
  },

  async findOne(ctx: BookingContext) {
    ctx.body = { data: await bookingService(strapi, 'payments').findForUser(ctx.state.user.id, ctx.params.tradeNo) };
  },

  /** Public: the provider's signature is the only credential, checked by the callbacks service. */
  async notify(ctx: BookingContext) {
    const ack = await bookingService(strapi, 'payment-callbacks').handle(
      ctx.params.channel as PaymentChannel,
      { headers: flatHeaders(ctx), rawBody: rawBodyOf(ctx) },
      ctx.request.ip,
    );
    ctx.status = ack.status;
    ctx.type = ack.contentType;
    ctx.body = ack.body;
  },

  /** Development only: completes or fails a sandbox payment through the same signed callback path. */
  async completeSandbox(ctx: BookingContext) {
    const payment = await bookingService(strapi, 'payments').findForUser(ctx.state.user.id, ctx.params.tradeNo);
    if (payment.channel !== 'sandbox') throw bookingError('SANDBOX_ONLY');
    const body = JSON.stringify({
      kind: 'payment',
      tradeNo: payment.tradeNo,
      providerTxnId: `SB${randomBytes(8).toString('hex').toUpperCase()}`,
      amountFen: payment.amountFen,
      status: ctx.state.body.result === 'success' ? 'succeeded' : 'failed',
    });
    const secret = bookingConfig(strapi).payments.sandbox.secret;
    const ack = await bookingService(strapi, 'payment-callbacks').handle('sandbox', {
      headers: { 'x-sandbox-signature': sandboxSignature(secret, body), 'content-type': 'application/json' },
      rawBody: body,
    });
    ctx.body = {
      data: { acknowledged: ack.status === 200, payment: await bookingService(strapi, 'payments').findForUser(ctx.state.user.id, ctx.params.tradeNo) },
    };
  },
});
