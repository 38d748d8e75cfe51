/**
 * Deterministic development-only secrets for tests. They are generated here (not read from a file) so that no
 * secret-looking value lives in the repo; they protect nothing but throwaway test databases.
 */
import { createHash } from 'node:crypto';

const derive = (label: string, bytes = 32) => createHash('sha256').update(`care-platform-test:${label}`).digest().subarray(0, bytes).toString('base64');

export function applyTestEnvironment(extra: Record<string, string> = {}) {
  const defaults: Record<string, string> = {
    NODE_ENV: 'test',
    STRAPI_TELEMETRY_DISABLED: 'true',
    BROWSER: 'none',
    HOST: '127.0.0.1',
    PORT: '0',
    APP_KEYS: [derive('k1'), derive('k2')].join(','),
    API_TOKEN_SALT: derive('api-token-salt'),
    ADMIN_JWT_SECRET: derive('admin-jwt'),
    TRANSFER_TOKEN_SALT: derive('transfer'),
    JWT_SECRET: derive('jwt'),
    ENCRYPTION_KEY: derive('admin-encryption'),
    PII_ENCRYPTION_KEYS: `test1:${derive('pii-key-1')}`,
    PII_ACTIVE_KEY_ID: 'test1',
    PII_BLIND_INDEX_KEY: derive('pii-blind-index'),
    PAYMENT_SANDBOX_ENABLED: 'true',
    // Suites open many unpaid orders per customer; the cap (default 3) has its own test in orders/lifecycle.test.ts.
    ORDER_MAX_OPEN_UNPAID: '1000',
    PAYMENT_SANDBOX_SECRET: derive('sandbox-payments'),
    SEED_DEMO: 'false',
    // The demo's detail pages and pictures (blocks, uploads, responsive formats, English pages) double the seed's
    // work; only the catalog tests look at them.
    SEED_DEMO_PAGES: 'false',
    SEED_DEMO_PICTURES: 'false',
    CRON_ENABLED: 'false',
    STARTUP_BANNER: 'false',
    LOG_LEVEL: 'warn',
    API_CONTRACT_CHECK: 'true',
    // Scans (private files) of every test app: under the scratch directory, never the default ./private.
    PRIVATE_FILES_DIR: '.tmp/private-files',
  };
  for (const [key, value] of Object.entries({ ...defaults, ...extra })) {
    process.env[key] = value;
  }
}
