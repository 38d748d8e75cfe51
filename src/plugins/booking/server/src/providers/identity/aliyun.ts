/**
 * Aliyun 实人认证 身份二要素核验 (Cloudauth 2019-03-07 Id2MetaVerify) through the official SDK, which signs every
 * call with ACS3-HMAC-SHA256. ResultObject.BizCode: 1 consistent, 2 inconsistent, 3 no record.
 */
import Cloudauth, { Id2MetaVerifyRequest } from '@alicloud/cloudauth20190307';
import {
  errorText,
  IdentityProviderError,
  type IdentityConfig,
  type IdentityProvider,
  type IdentityQuery,
  type IdentityResult,
  type IdentityVerdict,
} from './types';

export const ALIYUN_CLOUDAUTH_ENDPOINT = 'cloudauth.aliyuncs.com';

const VERDICTS: Record<string, IdentityVerdict> = { '1': 'match', '2': 'mismatch', '3': 'not_found' };

type OpenApiConfig = ConstructorParameters<typeof Cloudauth>[0];

export function createAliyunIdentityProvider(config: NonNullable<IdentityConfig['aliyun']>): IdentityProvider {
  if (!config.accessKeyId || !config.accessKeySecret) throw new Error('IDENTITY_ALIYUN_ACCESS_KEY_ID and IDENTITY_ALIYUN_ACCESS_KEY_SECRET are required');
  // The Config class lives in @alicloud/openapi-core (not a direct dependency); its constructor only reads fields.
  const client = new Cloudauth({
    accessKeyId: config.accessKeyId,
    accessKeySecret: config.accessKeySecret,
    endpoint: config.endpoint || ALIYUN_CLOUDAUTH_ENDPOINT,
    protocol: config.protocol ?? 'https',
    connectTimeout: 3000,
    readTimeout: 8000,
  } as unknown as OpenApiConfig);

  return {
    name: 'aliyun',
    async verify(query: IdentityQuery): Promise<IdentityResult> {
      let body: { code?: string; message?: string; requestId?: string; resultObject?: { bizCode?: string } } | undefined;
      try {
        ({ body } = await client.id2MetaVerify(new Id2MetaVerifyRequest({ paramType: 'normal', identifyNum: query.idNumber, userName: query.realName })));
      } catch (error) {
        const code = (error as { code?: unknown })?.code;
        throw new IdentityProviderError(typeof code === 'string' && code ? code : 'UNREACHABLE', `Aliyun Cloudauth: ${errorText(error)}`);
      }
      if (!body || body.code !== '200') {
        throw new IdentityProviderError(body?.code ?? 'EMPTY_RESPONSE', `Aliyun Cloudauth refused: ${body?.message ?? 'no message'}`);
      }
      const bizCode = String(body.resultObject?.bizCode ?? '');
      const verdict = VERDICTS[bizCode];
      if (!verdict) throw new IdentityProviderError(`BIZ_${bizCode || 'EMPTY'}`, 'Aliyun Cloudauth gave no verdict');
      return { provider: 'aliyun', verdict, providerCode: bizCode, requestId: body.requestId ?? '', description: body.message ?? '' };
    },
  };
}
