import { createAliyunIdentityProvider } from './aliyun';
import { createSandboxIdentityProvider } from './sandbox';
import { createTencentIdentityProvider } from './tencent';
import type { IdentityConfig, IdentityProvider } from './types';
import { allowsStandInProviders } from '../../domain/environment';

export * from './types';

/** Picks the configured provider. The sandbox verifies nothing real, so every deployment other than development and test refuses it. */
export function createIdentityProvider(config: IdentityConfig, nodeEnv = process.env.NODE_ENV): IdentityProvider {
  switch (config.provider) {
    case 'tencent':
      return createTencentIdentityProvider(config.tencent ?? { secretId: '', secretKey: '' });
    case 'aliyun':
      return createAliyunIdentityProvider(config.aliyun ?? { accessKeyId: '', accessKeySecret: '' });
    case 'sandbox':
      if (!allowsStandInProviders(nodeEnv))
        throw new Error(`IDENTITY_PROVIDER=sandbox is only allowed when NODE_ENV is development or test (got "${nodeEnv}"): configure tencent or aliyun`);
      return createSandboxIdentityProvider();
    default:
      throw new Error(`IDENTITY_PROVIDER must be sandbox, tencent or aliyun (got "${String(config.provider)}")`);
  }
}
