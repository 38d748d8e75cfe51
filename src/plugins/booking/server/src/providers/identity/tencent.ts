/**
 * Tencent Cloud FaceID 身份信息认证 (IdCardVerification, API 2018-03-01). The product SDK
 * (tencentcloud-sdk-nodejs-faceid) is not served by this project's registry, so the call goes through the SDK's
 * generic CommonClient, which signs with the same TC3-HMAC-SHA256 and speaks the same JSON protocol.
 */
import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { loopbackAgentFor } from '../loopback-agent';
import {
  errorText,
  IdentityProviderError,
  type IdentityConfig,
  type IdentityProvider,
  type IdentityQuery,
  type IdentityResult,
  type IdentityVerdict,
} from './types';

export const TENCENT_FACEID_ENDPOINT = 'faceid.tencentcloudapi.com';
const VERSION = '2018-03-01';
const REQUEST_TIMEOUT_SECONDS = 8;

/**
 * Result codes of IdCardVerification: 0 match; -1 name and number differ; -2 invalid number; -3 invalid name;
 * -5 no such number in the registry. Anything else (-4 registry outage, ...) is "no answer", not a verdict.
 */
const VERDICTS: Record<string, IdentityVerdict> = { '0': 'match', '-1': 'mismatch', '-2': 'mismatch', '-3': 'mismatch', '-5': 'not_found' };

export function createTencentIdentityProvider(config: NonNullable<IdentityConfig['tencent']>): IdentityProvider {
  if (!config.secretId || !config.secretKey) throw new Error('IDENTITY_TENCENT_SECRET_ID and IDENTITY_TENCENT_SECRET_KEY are required');
  const endpoint = config.endpoint || TENCENT_FACEID_ENDPOINT;
  const protocol = config.protocol ?? 'https';
  const agent = loopbackAgentFor(endpoint, protocol);
  const client = new CommonClient(endpoint, VERSION, {
    credential: { secretId: config.secretId, secretKey: config.secretKey },
    region: config.region || 'ap-guangzhou',
    profile: {
      signMethod: 'TC3-HMAC-SHA256',
      httpProfile: { endpoint, protocol: `${protocol}://`, reqMethod: 'POST', reqTimeout: REQUEST_TIMEOUT_SECONDS, ...(agent ? { agent } : {}) },
    },
  });

  return {
    name: 'tencent',
    async verify(query: IdentityQuery): Promise<IdentityResult> {
      let response: { Result?: string; Description?: string; RequestId?: string };
      try {
        response = (await client.request('IdCardVerification', { IdCard: query.idNumber, Name: query.realName })) as typeof response;
      } catch (error) {
        const code = (error as { code?: unknown })?.code;
        // The SDK error may echo request parameters in some versions; only its code and message are kept.
        throw new IdentityProviderError(typeof code === 'string' && code ? code : 'UNREACHABLE', `Tencent FaceID: ${errorText(error)}`);
      }
      const result = String(response.Result ?? '');
      const verdict = VERDICTS[result];
      if (!verdict) throw new IdentityProviderError(`RESULT_${result || 'EMPTY'}`, `Tencent FaceID gave no verdict: ${response.Description ?? ''}`);
      return { provider: 'tencent', verdict, providerCode: result, requestId: response.RequestId ?? '', description: response.Description ?? '' };
    },
  };
}
