import fs from 'node:fs';
import path from 'node:path';
import { allowsStandInProviders } from '../../src/plugins/booking/server/src/domain/environment';
import { createSandboxProvider } from '../../src/plugins/booking/server/src/providers/payment/sandbox';
import { createDevSmsProvider } from '../../src/plugins/booking/server/src/providers/sms/dev';
import { createIdentityProvider } from '../../src/plugins/booking/server/src/providers/identity';
import { assertAdminPasswordSafe, EXAMPLE_ADMIN_PASSWORDS } from '../../src/bootstrap/admin-user';

// Issue 18 item 6: stand-in providers are refused everywhere except development and test, not only when
// NODE_ENV is exactly "production"; a non-development start with the example admin password refuses to boot.
const CASES: Array<[string | undefined, boolean]> = [
  ['development', true],
  ['test', true],
  [undefined, true],
  ['production', false],
  ['staging', false],
  ['Production', false],
  ['prod', false],
  ['demo', false],
];

describe('stand-in providers by NODE_ENV', () => {
  it.each(CASES)('NODE_ENV=%s allows stand-ins: %s', (nodeEnv, allowed) => {
    expect(allowsStandInProviders(nodeEnv)).toBe(allowed);
  });

  it.each(CASES)('sandbox payment channel under NODE_ENV=%s (allowed: %s)', (nodeEnv, allowed) => {
    const make = () => createSandboxProvider({ secret: 's3cret', nodeEnv: nodeEnv ?? '' });
    if (allowed) expect(make().channel).toBe('sandbox');
    else expect(make).toThrow(/development or test/);
  });

  it.each(CASES)('dev SMS provider under NODE_ENV=%s (allowed: %s)', (nodeEnv, allowed) => {
    const logger = { info: jest.fn(), warn: jest.fn() };
    const make = () => createDevSmsProvider(logger, nodeEnv);
    if (allowed) expect(make().name).toBe('dev');
    else expect(make).toThrow(/development or test/);
  });

  it.each(CASES)('sandbox identity provider under NODE_ENV=%s (allowed: %s)', (nodeEnv, allowed) => {
    const make = () => createIdentityProvider({ provider: 'sandbox' } as any, nodeEnv);
    if (allowed) expect(make()).toBeTruthy();
    else expect(make).toThrow(/development or test/);
  });
});

describe('example admin password', () => {
  const example = /^ADMIN_PASSWORD=(.*)$/m.exec(fs.readFileSync(path.resolve(__dirname, '../../.env.example'), 'utf8'))![1];

  it('knows the value .env.example ships with', () => {
    expect(EXAMPLE_ADMIN_PASSWORDS).toContain(example);
  });

  it.each([
    ['production', example, true],
    ['staging', example, true],
    ['production', 'a-Strong-0wn-secret', false],
    ['production', undefined, false],
    ['development', example, false],
    ['test', example, false],
  ])('NODE_ENV=%s with ADMIN_PASSWORD=%s refuses to boot: %s', (nodeEnv, password, refused) => {
    const check = () => assertAdminPasswordSafe({ NODE_ENV: nodeEnv, ADMIN_PASSWORD: password });
    if (refused) expect(check).toThrow(/example value/);
    else expect(check).not.toThrow();
  });
});
