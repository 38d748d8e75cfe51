import type { Core } from '@strapi/strapi';
import { DomainError, bookingError } from '../domain/errors';
import { bookingService } from '../utils/plugin';
import type { BookingContext } from './context';

/** Thin controllers: input was validated by the route's zod schemas (ctx.state.body / ctx.state.query). */
const userId = (ctx: BookingContext): number => ctx.state.user.id;
const clientIp = (ctx: BookingContext): string => ctx.request.ip || 'unknown';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const verification = () => bookingService(strapi, 'verification');
  const accounts = () => bookingService(strapi, 'accounts');
  const profile = () => bookingService(strapi, 'profile');
  const wechat = () => bookingService(strapi, 'wechat');

  return {
    async sendCode(ctx: BookingContext) {
      const { phone, purpose } = ctx.state.body;
      ctx.body = await verification().send({ phone, purpose, ip: clientIp(ctx) });
    },

    /** Codes for the signed-in account itself (set a password, delete the account) go to its own phone. */
    async sendCodeForMe(ctx: BookingContext) {
      const me = await profile().get(userId(ctx));
      if (!me.phone) throw bookingError('PHONE_REQUIRED');
      ctx.body = await verification().send({ phone: me.phone, purpose: ctx.state.body.purpose, ip: clientIp(ctx) });
    },

    async smsLogin(ctx: BookingContext) {
      const phone = await verification().verify({ ...ctx.state.body, purpose: 'login' });
      ctx.body = await accounts().signInWithPhone(phone);
    },

    async wechatMiniLogin(ctx: BookingContext) {
      const identity = await wechat().miniProgramLogin(ctx.state.body.code);
      ctx.body = await accounts().signInWithWechat(identity);
    },

    async startWechatWebLogin(ctx: BookingContext) {
      ctx.body = await wechat().startWebLogin({ redirectUri: ctx.state.query.redirectUri, purpose: 'login', ip: ctx.request.ip });
    },

    async wechatWebLogin(ctx: BookingContext) {
      const identity = await wechat().finishWebLogin({ ...ctx.state.body, purpose: 'login' });
      ctx.body = await accounts().signInWithWechat(identity);
    },

    async me(ctx: BookingContext) {
      ctx.body = await profile().get(userId(ctx));
    },

    async updateMe(ctx: BookingContext) {
      ctx.body = await profile().update(userId(ctx), ctx.state.body);
    },

    async uploadAvatar(ctx: BookingContext) {
      const file = ctx.request.files?.file ?? ctx.request.files?.files;
      if (!file || Array.isArray(file)) throw new DomainError('FILE_REQUIRED', '请上传一张头像图片（字段名 file）');
      ctx.body = await profile().setAvatar(userId(ctx), file);
    },

    async recordConsent(ctx: BookingContext) {
      ctx.body = await profile().recordConsent(userId(ctx), ctx.state.body, { ip: clientIp(ctx), userAgent: ctx.get('user-agent') });
    },

    async consents(ctx: BookingContext) {
      ctx.body = await profile().consents(userId(ctx));
    },

    async setPassword(ctx: BookingContext) {
      const me = await profile().get(userId(ctx));
      if (!me.phone) throw bookingError('PHONE_REQUIRED');
      await verification().verify({ phone: me.phone, purpose: 'set_password', code: ctx.state.body.code });
      await accounts().setPassword(userId(ctx), ctx.state.body.password);
      ctx.body = { ok: true };
    },

    async bindPhone(ctx: BookingContext) {
      const phone = await verification().verify({ ...ctx.state.body, purpose: 'bind_phone' });
      ctx.body = await accounts().bindPhone(userId(ctx), phone);
    },

    async bindPhoneFromWechat(ctx: BookingContext) {
      const phone = await wechat().miniProgramPhone(ctx.state.body.code);
      ctx.body = await accounts().bindPhone(userId(ctx), phone);
    },

    async bindWechatMini(ctx: BookingContext) {
      const identity = await wechat().miniProgramLogin(ctx.state.body.code);
      ctx.body = await accounts().bindWechat(userId(ctx), identity);
    },

    async startWechatWebBind(ctx: BookingContext) {
      ctx.body = await wechat().startWebLogin({ redirectUri: ctx.state.query.redirectUri, purpose: 'bind', userId: userId(ctx), ip: ctx.request.ip });
    },

    async bindWechatWeb(ctx: BookingContext) {
      const identity = await wechat().finishWebLogin({ ...ctx.state.body, purpose: 'bind', userId: userId(ctx) });
      ctx.body = await accounts().bindWechat(userId(ctx), identity);
    },

    async exportMyData(ctx: BookingContext) {
      ctx.set('Content-Disposition', 'attachment; filename="my-data.json"');
      ctx.body = await bookingService(strapi, 'my-data').export(userId(ctx));
    },

    async deleteMe(ctx: BookingContext) {
      const me = await profile().get(userId(ctx));
      if (me.phone) await verification().verify({ phone: me.phone, purpose: 'delete_account', code: ctx.state.body.code });
      ctx.body = await bookingService(strapi, 'my-data').deleteAccount(userId(ctx));
    },
  };
};
