import type { TestApp } from './strapi';

let counter = 0;

/** A fresh mainland mobile number per call (the 199 prefix keeps them apart from seeded or real-looking ones). */
export const nextPhone = () => `199${String(process.pid % 10000).padStart(4, '0')}${String(++counter).padStart(4, '0')}`;

/**
 * A signed-in customer, created through the same accounts service the SMS route uses (the SMS code path itself
 * is covered by tests/integration/accounts).
 */
export async function signedInUser(app: TestApp, phone = nextPhone()) {
  const session = await app.strapi.plugin('booking').service('accounts').signInWithPhone(phone);
  const auth = { Authorization: `Bearer ${session.jwt}` };
  return { ...session, phone, auth };
}

export async function graphql(app: TestApp, auth: Record<string, string>, query: string, variables: Record<string, unknown> = {}) {
  const res = await app.http().post('/graphql').set(auth).send({ query, variables });
  return res.body as { data?: any; errors?: Array<{ message: string; extensions?: any }> };
}
