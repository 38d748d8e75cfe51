/** WeChat identities as the platform stores them. A unionid, when present, is the same across the mini-program
 * and the website app of one Open Platform account, so it is the preferred link between them. */
export interface WechatIdentity {
  channel: 'mini' | 'web';
  openid: string;
  unionid?: string;
  nickname?: string;
  avatarUrl?: string;
}

export interface WechatConfig {
  /** Base URL of api.weixin.qq.com (configurable so tests can point it at a loopback fake). */
  apiBaseUrl: string;
  /** Base URL of open.weixin.qq.com, where the website QR login page lives. */
  openBaseUrl: string;
  mini: { appId: string; appSecret: string };
  web: { appId: string; appSecret: string };
  timeoutMs?: number;
}
