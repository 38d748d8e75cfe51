import { errors } from '@strapi/utils';

/**
 * Sign-up is by SMS code or WeChat only (the booking plugin's account routes), where the sign-up limits, the phone
 * check and consent live. users-permissions' own `register` would open a confirmed account with no phone and no
 * check at all — and, with a phone number as username, squat that person's future SMS account. REST
 * (`POST /api/auth/local/register`) and GraphQL (`register`) both call this controller action, so it is closed here,
 * whatever the "enable sign-ups" switch in the admin says. Password sign-in (`/auth/local`) stays for accounts that
 * set a password after proving their phone.
 */
export default (plugin: any) => {
  const auth = plugin.controllers.auth;
  plugin.controllers.auth = (context: any) => {
    const actions = typeof auth === 'function' ? auth(context) : auth;
    return {
      ...actions,
      async register() {
        // Strapi's authorize step wraps the controller and turns any ForbiddenError into a bare `403 Forbidden`
        // (message and details dropped) unless it is a PolicyError: so a PolicyError, named as the 403 it is, keeps
        // the catalogue code a client needs to tell "sign up by SMS or WeChat" from a missing permission.
        throw Object.assign(new errors.PolicyError('请使用手机验证码或微信注册', { code: 'PASSWORD_SIGNUP_DISABLED' }), { name: 'ForbiddenError' });
      },
    };
  };
  return plugin;
};
