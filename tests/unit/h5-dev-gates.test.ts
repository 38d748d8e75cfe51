/** Development-only helpers of the H5: who gets demo people and the SMS outbox (never production). */
import { wantsDemoPeople } from '../../src/seed/demo-people';
import { devSmsOutboxEnabled } from '../../src/dev/sms-outbox';

describe('wantsDemoPeople', () => {
  it.each([
    [{}, true, 'development is the default environment'],
    [{ NODE_ENV: 'development' }, true, 'development'],
    [{ NODE_ENV: 'development', SEED_DEMO_PEOPLE: 'false' }, false, 'turned off'],
    [{ NODE_ENV: 'test' }, false, 'tests bring their own caregivers'],
    [{ NODE_ENV: 'test', SEED_DEMO_PEOPLE: 'true' }, true, 'a test asks for them'],
    [{ NODE_ENV: 'production' }, false, 'production'],
    [{ NODE_ENV: 'production', SEED_DEMO_PEOPLE: 'true' }, false, 'production, whatever the flag says'],
  ] as Array<[Record<string, string>, boolean, string]>)('%j → %s (%s)', (env, expected) => {
    expect(wantsDemoPeople(env as NodeJS.ProcessEnv)).toBe(expected);
  });
});

describe('devSmsOutboxEnabled', () => {
  it.each([
    ['dev', {}, true],
    ['dev', { NODE_ENV: 'test' }, true],
    ['dev', { NODE_ENV: 'production' }, false],
    ['aliyun', { NODE_ENV: 'development' }, false],
    ['tencent', {}, false],
    [undefined, {}, false],
  ] as Array<[string | undefined, Record<string, string>, boolean]>)('provider %s with %j → %s', (provider, env, expected) => {
    expect(devSmsOutboxEnabled(provider, env as NodeJS.ProcessEnv)).toBe(expected);
  });
});
