import type { Core } from '@strapi/strapi';
import { bookingService } from '../utils/plugin';

/** Thin controllers: input was validated by the route's zod schemas (ctx.state.body / ctx.state.query). */
const userId = (ctx: any): number => ctx.state.user.id;
const clientIp = (ctx: any): string => ctx.request.ip || 'unknown';

export default ({ strapi }: { strapi: Core.Strapi }) => {
  const verification = () => bookingService(strapi, 'verification');
  const accounts = () => bookingService(strapi, 'accounts');
  const profile = () => bookingService(strapi, 'profile');
  const wechat = () => bookingService(strapi, 'wechat');

  return {
    async sendCode(ctx: any) {
      const { phone, purpose } = ctx.state.body;
      ctx.body = await verification().send({ phone, purpose, ip: clientIp(ctx) });
    },

    /** Codes for the signed-in account itself (set a password, delete the account) go to its own phone. */
    async sendCodeForMe(ctx: any) {
      const me = await profile().get(userId(ctx));
      if (!me.phone) return ctx.badRequest('请先绑定手机号');
      ctx.body = await verification().send({ phone: me.phone, purpose: ctx.state.body.purpose, ip: clientIp(ctx) });
    },

    async smsLogin(ctx: any) {
      const phone = await verification().verify({ ...ctx.state.body, purpose: 'login' });
      ctx.body = await accounts().signInWithPhone(phone);
    },

    async wechatMiniLogin(ctx: any) {
      const identity = await wechat().miniProgramLogin(ctx.state.body.code);
      ctx.body = await accounts().signInWithWechat(identity);
    },

    async startWechatWebLogin(ctx: any) {
      ctx.body = await wechat().startWebLogin({ redirectUri: ctx.state.query.redirectUri, purpose: 'login' });
    },

    async wechatWebLogin(ctx: any) {
      const identity = await wechat().finishWebLogin({ ...ctx.state.body, purpose: 'login' });
      ctx.body = await accounts().signInWithWechat(identity);
    },

    async me(ctx: any) {
      ctx.body = await profile().get(userId(ctx));
    },

    async updateMe(ctx: any) {
      ctx.body = await profile().update(userId(ctx), ctx.state.body);
    },

    async uploadAvatar(ctx: any) {
      const file = ctx.request.files?.file ?? ctx.request.files?.files;
      if (!file || Array.isArray(file)) return ctx.badRequest('请上传一张头像图片（字段名 file）');
      ctx.body = await profile().setAvatar(userId(ctx), file);
    },

    async recordConsent(ctx: any) {
      ctx.body = await profile().recordConsent(userId(ctx), ctx.state.body, { ip: clientIp(ctx), userAgent: ctx.get('user-agent') });
    },

    async consents(ctx: any) {
      ctx.body = await profile().consents(userId(ctx));
    },

    async setPassword(ctx: any) {
      const me = await profile().get(userId(ctx));
      if (!me.phone) return ctx.badRequest('请先绑定手机号');
      await verification().verify({ phone: me.phone, purpose: 'set_password', code: ctx.state.body.code });
      await accounts().setPassword(userId(ctx), ctx.state.body.password);
      ctx.body = { ok: true };
    },

    async bindPhone(ctx: any) {
      const phone = await verification().verify({ ...ctx.state.body, purpose: 'bind_phone' });
      ctx.body = await accounts().bindPhone(userId(ctx), phone);
    },

    async bindPhoneFromWechat(ctx: any) {
      const phone = await wechat().miniProgramPhone(ctx.state.body.code);
      ctx.body = await accounts().bindPhone(userId(ctx), phone);
    },

    async bindWechatMini(ctx: any) {
      const identity = await wechat().miniProgramLogin(ctx.state.body.code);
      ctx.body = await accounts().bindWechat(userId(ctx), identity);
    },

    async startWechatWebBind(ctx: any) {
      ctx.body = await wechat().startWebLogin({ redirectUri: ctx.state.query.redirectUri, purpose: 'bind', userId: userId(ctx) });
    },

    async bindWechatWeb(ctx: any) {
      const identity = await wechat().finishWebLogin({ ...ctx.state.body, purpose: 'bind', userId: userId(ctx) });
      ctx.body = await accounts().bindWechat(userId(ctx), identity);
    },

    async exportMyData(ctx: any) {
      ctx.set('Content-Disposition', 'attachment; filename="my-data.json"');
      ctx.body = await bookingService(strapi, 'my-data').export(userId(ctx));
    },

    async deleteMe(ctx: any) {
      const me = await profile().get(userId(ctx));
      if (me.phone) await verification().verify({ phone: me.phone, purpose: 'delete_account', code: ctx.state.body.code });
      ctx.body = await bookingService(strapi, 'my-data').deleteAccount(userId(ctx));
    },
  };
};
