import { z } from 'zod';
import { contractViolation } from '../../src/plugins/booking/server/src/middlewares/response-contract';
import { isEnvelope } from '../../src/plugins/booking/server/src/middlewares/validate';
import { route } from '../../src/plugins/booking/server/src/routes/route';

const declared = route({
  method: 'GET',
  path: '/things/:id',
  handler: 'things.findOne',
  params: z.object({ id: z.string() }),
  response: z.object({ data: z.object({ id: z.string(), totalFen: z.number().int() }) }),
  errors: ['ORDER_NOT_FOUND'],
});
const undeclared = route({ method: 'GET', path: '/other', handler: 'things.other' });

describe('the response contract', () => {
  it.each([
    ['a matching answer', 200, { data: { id: 'a', totalFen: 100 } }, null],
    ['a retyped field', 200, { data: { id: 'a', totalFen: '100' } }, /data.totalFen/],
    ['a bare object (no envelope)', 200, { id: 'a', totalFen: 100 }, /data/],
    ['a declared error code', 404, { data: null, error: { details: { code: 'ORDER_NOT_FOUND' } } }, null],
    ['a generic error code', 400, { data: null, error: { details: { code: 'VALIDATION_FAILED' } } }, null],
    ['401 on a signed-in route', 401, { data: null, error: { details: { code: 'UNAUTHENTICATED' } } }, null],
    ['an undeclared error code', 409, { data: null, error: { details: { code: 'CAREGIVER_BUSY' } } }, /CAREGIVER_BUSY/],
    ['an error without a code', 500, { data: null, error: {} }, /without details.code/],
  ])('%s', (_label, status, body, expected) => {
    const violation = contractViolation(declared as any, status, body);
    if (expected === null) expect(violation).toBeNull();
    else expect(violation).toMatch(expected);
  });

  it('checks codes only on routes that list theirs, but always the envelope', () => {
    expect(contractViolation(undeclared as any, 409, { data: null, error: { details: { code: 'CAREGIVER_BUSY' } } })).toBeNull();
    expect(contractViolation(undeclared as any, 200, { data: [1, 2], meta: { total: 2 } })).toBeNull();
    expect(contractViolation(undeclared as any, 200, 'plain')).toMatch(/response schema/);
  });

  it('refuses a success status the route does not declare (201 documented as 200 is a broken contract)', () => {
    const body = { data: { id: 'a', totalFen: 100 } };
    expect(contractViolation(declared as any, 201, body)).toMatch(/success status 201 is not declared/);
    const created = route({ method: 'POST', path: '/things', handler: 'things.create', response: declared.response, status: [201, 200] });
    expect(contractViolation(created as any, 201, body)).toBeNull();
    expect(contractViolation(created as any, 200, body)).toBeNull();
    expect(contractViolation(created as any, 202, body)).toMatch(/declared: 201, 200/);
    // A route still on the catch-all answer is not held to a status yet.
    expect(contractViolation(undeclared as any, 201, { data: 1 })).toBeNull();
  });

  it('hands Strapi one schema per path parameter and keeps the whole object for validation', () => {
    expect(Object.keys(declared.request.params!)).toEqual(['id']);
    expect(typeof (declared.request.params!.id as any).isOptional).toBe('function');
  });

  it.each([
    [{ data: 1 }, true],
    [{ data: [], meta: {} }, true],
    [{ jwt: 'x', user: {} }, false],
    [{ data: 1, extra: 2 }, false],
    [[1, 2], false],
  ])('isEnvelope(%j) is %s', (body, expected) => expect(isEnvelope(body)).toBe(expected));
});
