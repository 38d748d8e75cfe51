import { readFileSync } from 'node:fs';

/**
 * SMS templates from the environment: "verification_code=SMS_1234,order_update=SMS_5678", or for Tencent Cloud's
 * ordered parameters "verification_code=123456:code|minutes".
 */
const parseTemplates = (raw: string) =>
  Object.fromEntries(
    raw
      .split(',')
      .map((entry) => entry.trim())
      .filter(Boolean)
      .map((entry) => {
        const [key, spec = ''] = entry.split('=');
        const [id, order] = spec.split(':');
        if (!key || !id) throw new Error(`Invalid SMS template entry "${entry}" (expected key=id[:param|param])`);
        return [key.trim(), { id: id.trim(), ...(order ? { paramOrder: order.split('|').map((p) => p.trim()) } : {}) }];
      }),
  );

/** A key or certificate from VAR, or from the file named by VAR_FILE (kept outside the repository). */
const secretFrom = (env, name: string) => {
  const inline = env(name, '');
  if (inline) return inline.replace(/\\n/g, '\n');
  const file = env(`${name}_FILE`, '');
  return file ? readFileSync(file, 'utf8') : '';
};

export default ({ env }) => {
  const sizeLimit = env.int('UPLOAD_SIZE_LIMIT', 10 * 1024 * 1024);
  // Only images and PDFs (credential scans, reports) may be uploaded; the type is sniffed from the bytes.
  const security = {
    allowedTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif', 'image/heic', 'application/pdf'],
  };
  const s3 = {
    provider: 'aws-s3',
    providerOptions: {
      baseUrl: env('UPLOAD_PUBLIC_URL', undefined),
      rootPath: env('UPLOAD_ROOT_PATH', undefined),
      s3Options: {
        endpoint: env('S3_ENDPOINT', undefined),
        region: env('S3_REGION', 'cn-north-1'),
        forcePathStyle: env.bool('S3_FORCE_PATH_STYLE', true),
        credentials: {
          accessKeyId: env('S3_ACCESS_KEY_ID'),
          secretAccessKey: env('S3_SECRET_ACCESS_KEY'),
        },
        params: {
          Bucket: env('S3_BUCKET'),
          ACL: env('S3_ACL', undefined),
        },
      },
    },
  };

  return {
    upload: {
      config: { ...(env('UPLOAD_PROVIDER', 'local') === 's3' ? s3 : {}), sizeLimit, security },
    },
    i18n: { enabled: true },
    'users-permissions': {
      config: {
        jwt: { expiresIn: env('JWT_EXPIRES_IN', '7d') },
        jwtSecret: env('JWT_SECRET'),
        register: { allowedFields: [] },
      },
    },
    graphql: {
      enabled: true,
      config: {
        endpoint: '/graphql',
        shadowCRUD: true,
        depthLimit: 8,
        defaultLimit: 25,
        maxLimit: 100,
        landingPage: env('NODE_ENV', 'development') !== 'production',
        apolloServer: { introspection: env('NODE_ENV', 'development') !== 'production' },
      },
    },
    booking: {
      enabled: true,
      resolve: './src/plugins/booking',
      config: {
        pii: {
          keys: env('PII_ENCRYPTION_KEYS', ''),
          activeKeyId: env('PII_ACTIVE_KEY_ID', ''),
          blindIndexKey: env('PII_BLIND_INDEX_KEY', ''),
        },
        sms: {
          provider: env('SMS_PROVIDER', 'dev'),
          aliyun: {
            accessKeyId: env('SMS_ALIYUN_ACCESS_KEY_ID', ''),
            accessKeySecret: env('SMS_ALIYUN_ACCESS_KEY_SECRET', ''),
            endpoint: env('SMS_ALIYUN_ENDPOINT', 'dysmsapi.aliyuncs.com'),
            protocol: env('SMS_ALIYUN_PROTOCOL', 'https'),
            signName: env('SMS_ALIYUN_SIGN_NAME', ''),
            templates: parseTemplates(env('SMS_ALIYUN_TEMPLATES', '')),
          },
          tencent: {
            secretId: env('SMS_TENCENT_SECRET_ID', ''),
            secretKey: env('SMS_TENCENT_SECRET_KEY', ''),
            endpoint: env('SMS_TENCENT_ENDPOINT', 'sms.tencentcloudapi.com'),
            protocol: env('SMS_TENCENT_PROTOCOL', 'https'),
            region: env('SMS_TENCENT_REGION', 'ap-guangzhou'),
            sdkAppId: env('SMS_TENCENT_SDK_APP_ID', ''),
            signName: env('SMS_TENCENT_SIGN_NAME', ''),
            templates: parseTemplates(env('SMS_TENCENT_TEMPLATES', '')),
          },
        },
        verification: {
          codeTtlSeconds: env.int('SMS_CODE_TTL_SECONDS', 300),
          maxWrongAttempts: env.int('SMS_CODE_MAX_WRONG_ATTEMPTS', 5),
          perIp: [
            { windowSeconds: 3600, max: env.int('SMS_IP_LIMIT_PER_HOUR', 30) },
            { windowSeconds: 86400, max: env.int('SMS_IP_LIMIT_PER_DAY', 100) },
          ],
        },
        wechat: {
          apiBaseUrl: env('WECHAT_API_BASE_URL', 'https://api.weixin.qq.com'),
          openBaseUrl: env('WECHAT_OPEN_BASE_URL', 'https://open.weixin.qq.com'),
          mini: { appId: env('WECHAT_MINI_APP_ID', ''), appSecret: env('WECHAT_MINI_APP_SECRET', '') },
          web: { appId: env('WECHAT_WEB_APP_ID', ''), appSecret: env('WECHAT_WEB_APP_SECRET', '') },
          timeoutMs: env.int('WECHAT_TIMEOUT_MS', 5000),
        },
        orders: {
          unpaidTimeoutMinutes: env.int('ORDER_UNPAID_TIMEOUT_MINUTES', 15),
          changeRequestTtlMinutes: env.int('ORDER_CHANGE_REQUEST_TTL_MINUTES', 120),
          autoConfirmHours: env.int('ORDER_AUTO_CONFIRM_HOURS', 24),
          reminderMinutesBefore: env.int('ORDER_REMINDER_MINUTES_BEFORE', 120),
          maxOpenUnpaidOrders: env.int('ORDER_MAX_OPEN_UNPAID', 3),
        },
        jobs: { enabled: env.bool('BOOKING_JOBS_ENABLED', true) },
        // Abuse limits of the public routes that write; counters in the database, shared by every instance. 0 = off.
        limits: {
          unverifiedNotifications: {
            perIp: [{ windowSeconds: 3600, max: env.int('LIMIT_UNVERIFIED_CALLBACKS_PER_IP_PER_HOUR', 100) }],
            global: [{ windowSeconds: 3600, max: env.int('LIMIT_UNVERIFIED_CALLBACKS_PER_HOUR', 1000) }],
          },
          unverifiedRetentionDays: env.int('UNVERIFIED_CALLBACK_RETENTION_DAYS', 30),
          analyticsEvents: {
            perIp: [{ windowSeconds: 60, max: env.int('LIMIT_ANALYTICS_EVENTS_PER_IP_PER_MINUTE', 600) }],
            global: [{ windowSeconds: 60, max: env.int('LIMIT_ANALYTICS_EVENTS_PER_MINUTE', 60000) }],
          },
          search: {
            perIp: [{ windowSeconds: 60, max: env.int('LIMIT_SEARCH_PER_IP_PER_MINUTE', 120) }],
            global: [{ windowSeconds: 60, max: env.int('LIMIT_SEARCH_PER_MINUTE', 6000) }],
          },
          wechatAuthorize: {
            perIp: [{ windowSeconds: 3600, max: env.int('LIMIT_WECHAT_AUTHORIZE_PER_IP_PER_HOUR', 120) }],
            global: [{ windowSeconds: 3600, max: env.int('LIMIT_WECHAT_AUTHORIZE_PER_HOUR', 10000) }],
          },
          maxStreamsPerInstance: env.int('REALTIME_MAX_STREAMS_PER_INSTANCE', 5000),
        },
        dispatch: {
          maxOffers: env.int('DISPATCH_MAX_OFFERS', 3),
          offerTtlMinutes: env.int('DISPATCH_OFFER_TTL_MINUTES', 10),
          candidatePool: env.int('DISPATCH_CANDIDATE_POOL', 100),
        },
        identity: {
          provider: env('IDENTITY_PROVIDER', 'sandbox'),
          maxChecksPerUserPerDay: env.int('IDENTITY_MAX_CHECKS_PER_DAY', 5),
          tencent: {
            secretId: env('IDENTITY_TENCENT_SECRET_ID', ''),
            secretKey: env('IDENTITY_TENCENT_SECRET_KEY', ''),
            endpoint: env('IDENTITY_TENCENT_ENDPOINT', 'faceid.tencentcloudapi.com'),
            region: env('IDENTITY_TENCENT_REGION', 'ap-guangzhou'),
            protocol: env('IDENTITY_TENCENT_PROTOCOL', 'https'),
          },
          aliyun: {
            accessKeyId: env('IDENTITY_ALIYUN_ACCESS_KEY_ID', ''),
            accessKeySecret: env('IDENTITY_ALIYUN_ACCESS_KEY_SECRET', ''),
            endpoint: env('IDENTITY_ALIYUN_ENDPOINT', 'cloudauth.aliyuncs.com'),
            protocol: env('IDENTITY_ALIYUN_PROTOCOL', 'https'),
          },
        },
        // ID-card and certificate scans: never in the Media Library, never under public/ (docs/deploy.md).
        privateFiles: {
          // Empty values (as in .env.example) mean the default.
          driver: env('PRIVATE_FILES_DRIVER', '') || (env('UPLOAD_PROVIDER', 'local') === 's3' ? 's3' : 'local'),
          dir: env('PRIVATE_FILES_DIR', '') || 'private',
          s3: {
            bucket: env('PRIVATE_S3_BUCKET', '') || env('S3_BUCKET', ''),
            prefix: env('PRIVATE_S3_PREFIX', '') || 'private/',
            endpoint: env('S3_ENDPOINT', undefined),
            region: env('S3_REGION', 'cn-north-1'),
            forcePathStyle: env.bool('S3_FORCE_PATH_STYLE', true),
            accessKeyId: env('S3_ACCESS_KEY_ID', ''),
            secretAccessKey: env('S3_SECRET_ACCESS_KEY', ''),
          },
        },
        caregivers: {
          offlineAfterMinutes: env.int('CAREGIVER_OFFLINE_AFTER_MINUTES', 15),
          credentialExpiryNoticeDays: env.int('CREDENTIAL_EXPIRY_NOTICE_DAYS', 30),
        },
        earnings: {
          defaultShareBp: env.int('EARNINGS_DEFAULT_SHARE_BP', 7000),
          period: env('EARNINGS_PERIOD', 'weekly'),
          holdDays: env.int('EARNINGS_HOLD_DAYS', 7),
          // e.g. "wechat:60,alipay:60,unionpay:50" (0.6 % = 60 bp); empty: fees are not counted.
          feeBp: Object.fromEntries(
            env('PAYMENT_FEE_BP', '')
              .split(',')
              .map((pair: string) => pair.trim().split(':'))
              .filter((pair: string[]) => pair.length === 2 && /^\d+$/.test(pair[1]))
              .map(([channel, bp]: string[]) => [channel, Number(bp)]),
          ),
        },
        payments: {
          callbackBaseUrl: env('PAYMENT_CALLBACK_BASE_URL', env('PUBLIC_URL', 'http://127.0.0.1:1337')),
          sandbox: {
            // Explicit opt-in, honoured only when NODE_ENV is development or test (the channel refuses anything else).
            enabled: env.bool('PAYMENT_SANDBOX_ENABLED', false),
            secret: env('PAYMENT_SANDBOX_SECRET', ''),
          },
          wechat: {
            mchId: env('WECHATPAY_MCH_ID', ''),
            appId: env('WECHATPAY_APP_ID', ''),
            merchantSerialNo: env('WECHATPAY_MERCHANT_SERIAL_NO', ''),
            merchantPrivateKeyPem: secretFrom(env, 'WECHATPAY_MERCHANT_PRIVATE_KEY'),
            apiV3Key: env('WECHATPAY_API_V3_KEY', ''),
            baseUrl: env('WECHATPAY_BASE_URL', 'https://api.mch.weixin.qq.com'),
            platformCertificates: env('WECHATPAY_PLATFORM_CERT_SERIAL', '')
              ? { [env('WECHATPAY_PLATFORM_CERT_SERIAL')]: secretFrom(env, 'WECHATPAY_PLATFORM_CERT') }
              : undefined,
            publicKeyId: env('WECHATPAY_PUBLIC_KEY_ID', '') || undefined,
            publicKeyPem: secretFrom(env, 'WECHATPAY_PUBLIC_KEY') || undefined,
            timeoutMs: env.int('WECHATPAY_TIMEOUT_MS', 10000),
          },
          alipay: {
            appId: env('ALIPAY_APP_ID', ''),
            privateKeyPem: secretFrom(env, 'ALIPAY_PRIVATE_KEY'),
            alipayPublicKeyPem: secretFrom(env, 'ALIPAY_PUBLIC_KEY'),
            gateway: env('ALIPAY_GATEWAY', 'https://openapi.alipay.com/gateway.do'),
          },
          unionpay: {
            merId: env('UNIONPAY_MER_ID', ''),
            signCertId: env('UNIONPAY_SIGN_CERT_ID', ''),
            signPrivateKeyPem: secretFrom(env, 'UNIONPAY_SIGN_PRIVATE_KEY'),
            trustedSignPubKeyPems: secretFrom(env, 'UNIONPAY_TRUSTED_SIGN_CERTS')
              .split(/(?=-----BEGIN CERTIFICATE-----)/)
              .filter((pem) => pem.trim()),
            frontTransUrl: env('UNIONPAY_FRONT_TRANS_URL', 'https://gateway.95516.com/gateway/api/frontTransReq.do'),
            backTransUrl: env('UNIONPAY_BACK_TRANS_URL', 'https://gateway.95516.com/gateway/api/backTransReq.do'),
            singleQueryUrl: env('UNIONPAY_SINGLE_QUERY_URL', 'https://gateway.95516.com/gateway/api/queryTrans.do'),
          },
        },
        accounts: {
          maxPatients: env.int('MAX_PATIENTS_PER_USER', 10),
          privacyPolicyVersion: env('PRIVACY_POLICY_VERSION', '2026-11-01'),
        },
      },
    },
  };
};
