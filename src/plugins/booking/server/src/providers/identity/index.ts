import { createAliyunIdentityProvider } from './aliyun';
import { createSandboxIdentityProvider } from './sandbox';
import { createTencentIdentityProvider } from './tencent';
import type { IdentityConfig, IdentityProvider } from './types';

export * from './types';

/** Picks the configured provider. The sandbox verifies nothing real, so production refuses it outright. */
export function createIdentityProvider(config: IdentityConfig, nodeEnv = process.env.NODE_ENV): IdentityProvider {
  switch (config.provider) {
    case 'tencent':
      return createTencentIdentityProvider(config.tencent ?? { secretId: '', secretKey: '' });
    case 'aliyun':
      return createAliyunIdentityProvider(config.aliyun ?? { accessKeyId: '', accessKeySecret: '' });
    case 'sandbox':
      if (nodeEnv === 'production') throw new Error('IDENTITY_PROVIDER=sandbox is not allowed in production: configure tencent or aliyun');
      return createSandboxIdentityProvider();
    default:
      throw new Error(`IDENTITY_PROVIDER must be sandbox, tencent or aliyun (got "${String(config.provider)}")`);
  }
}
