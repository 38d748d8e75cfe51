import type { Core } from '@strapi/strapi';

/**
 * Development only: the verification codes the dev SMS gateway "sent", so that the H5 sign-in page can show the
 * code to a developer (the gateway itself only writes it to the log, with the phone masked).
 *
 * Installed only when NODE_ENV is not production AND the booking plugin's SMS provider is `dev` (which the plugin
 * itself refuses in production). It wraps the plugin's `sms` service through Strapi's service registry
 * (`extend`) rather than editing the plugin, and answers GET /api/dev/sms-outbox?phone=... with the newest
 * unexpired code for that phone. Codes live in this process's memory for their validity only: development runs
 * one instance, and nothing here may exist where real messages are sent.
 */
const TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 200;

interface Sent {
  code: string;
  at: number;
}

/** Never in production; otherwise only while the SMS gateway is the dev one (which only logs). */
export function devSmsOutboxEnabled(smsProvider: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return (env.NODE_ENV ?? 'development') !== 'production' && smsProvider === 'dev';
}

export function installDevSmsOutbox(strapi: Core.Strapi): boolean {
  const booking = strapi.config.get('plugin::booking') as { sms?: { provider?: string } } | undefined;
  if (!devSmsOutboxEnabled(booking?.sms?.provider)) return false;
  const outbox = new Map<string, Sent>();

  strapi.get('services').extend('plugin::booking.sms', (service: any) => ({
    ...service,
    async send(message: { phone: string; templateKey: string; params: Record<string, string> }) {
      const result = await service.send(message);
      if (message.templateKey === 'verification_code' && message.params?.code) {
        outbox.delete(message.phone);
        outbox.set(message.phone, { code: message.params.code, at: Date.now() });
        if (outbox.size > MAX_ENTRIES) outbox.delete(outbox.keys().next().value as string);
      }
      return result;
    },
  }));

  strapi.server.routes([
    {
      method: 'GET',
      path: '/api/dev/sms-outbox',
      handler(ctx: any) {
        const phone = typeof ctx.query.phone === 'string' ? ctx.query.phone.trim().replace(/^(?:\+86|0086|86)(?=\d{11}$)/, '') : '';
        const sent = outbox.get(phone);
        if (!sent || Date.now() - sent.at > TTL_MS) {
          ctx.status = 404;
          ctx.body = { data: null, error: { status: 404, name: 'NotFoundError', message: '没有发往该手机号的验证码', details: { code: 'DEV_SMS_NONE' } } };
          return;
        }
        ctx.set('Cache-Control', 'no-store');
        ctx.body = { data: { phone, code: sent.code, sentAt: new Date(sent.at).toISOString() } };
      },
      config: { auth: false },
    },
  ]);
  strapi.log.info('[dev] 开发环境短信：验证码可在 GET /api/dev/sms-outbox?phone= 查看（H5 登录页会直接显示）');
  return true;
}
