import { DomainError } from '../../src/plugins/booking/server/src/domain/errors';
import {
  ACTORS,
  ORDER_ACTIONS,
  ORDER_STATUSES,
  STATUS_LABELS,
  TRANSITIONS,
  allowedActions,
  isActiveForCaregiver,
  isTerminal,
  planTransition,
  type Actor,
  type OrderAction,
  type OrderStatus,
} from '../../src/plugins/booking/server/src/domain/order-state-machine';

/**
 * Independently written expectation: every allowed (from, action, actor) triple and its target.
 * Written by hand from the product spec, NOT derived from TRANSITIONS, so any edit to the table
 * must be mirrored here deliberately.
 */
const ALLOWED = `
pending_payment     pay             system     pending_acceptance
pending_acceptance  accept          caregiver  accepted
pending_acceptance  assign          operator   accepted
pending_acceptance  assign          system     accepted
accepted            release         caregiver  pending_acceptance
accepted            release         operator   pending_acceptance
accepted            depart          caregiver  departed
departed            arrive          caregiver  arrived
arrived             start           caregiver  in_service
in_service          finish          caregiver  finished
finished            confirm         user       completed
finished            auto_confirm    system     completed
in_service          force_complete  operator   completed
finished            force_complete  operator   completed
completed           review          user       reviewed
pending_payment     cancel          user       cancelled
pending_payment     cancel          operator   cancelled
pending_acceptance  cancel          user       cancelled
pending_acceptance  cancel          operator   cancelled
accepted            cancel          user       cancelled
accepted            cancel          operator   cancelled
departed            cancel          user       cancelled
departed            cancel          operator   cancelled
arrived             cancel          user       cancelled
arrived             cancel          operator   cancelled
pending_payment     timeout_cancel  system     cancelled
pending_acceptance  timeout_cancel  system     cancelled
`
  .trim()
  .split('\n')
  .map((line) => line.trim().split(/\s+/) as [OrderStatus, OrderAction, Actor, OrderStatus]);

const expectedTarget = new Map(ALLOWED.map(([from, action, actor, to]) => [`${from}|${action}|${actor}`, to]));
const stateFits = new Set(ALLOWED.map(([from, action]) => `${from}|${action}`));

const ALL_STATUSES: OrderStatus[] = [
  'pending_payment',
  'pending_acceptance',
  'accepted',
  'departed',
  'arrived',
  'in_service',
  'finished',
  'completed',
  'reviewed',
  'cancelled',
];
const ALL_ACTIONS: OrderAction[] = [
  'pay',
  'accept',
  'assign',
  'release',
  'depart',
  'arrive',
  'start',
  'finish',
  'confirm',
  'auto_confirm',
  'force_complete',
  'review',
  'cancel',
  'timeout_cancel',
];
const ALL_ACTORS: Actor[] = ['user', 'caregiver', 'operator', 'system'];

const combos: Array<[OrderStatus, OrderAction, Actor]> = [];
for (const s of ALL_STATUSES) for (const a of ALL_ACTIONS) for (const r of ALL_ACTORS) combos.push([s, a, r]);

function catchError(fn: () => unknown): DomainError {
  try {
    fn();
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error('expected a DomainError');
}

describe('vocabulary', () => {
  it('exports exactly the expected statuses, actions and actors', () => {
    expect([...ORDER_STATUSES]).toEqual(ALL_STATUSES);
    expect([...ORDER_ACTIONS]).toEqual(ALL_ACTIONS);
    expect([...ACTORS]).toEqual(ALL_ACTORS);
    expect(TRANSITIONS.map((t) => t.action).sort()).toEqual([...ALL_ACTIONS].sort());
  });

  it('labels every status in Chinese', () => {
    expect(STATUS_LABELS).toEqual({
      pending_payment: '待支付',
      pending_acceptance: '待接单',
      accepted: '待服务',
      departed: '已出发',
      arrived: '已到达',
      in_service: '服务中',
      finished: '待确认完成',
      completed: '已完成',
      reviewed: '已评价',
      cancelled: '已取消',
    });
  });

  it('has a non-empty Chinese label on every transition', () => {
    for (const t of TRANSITIONS) expect(t.label).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('planTransition over every (status × action × actor)', () => {
  it('covers all 560 combinations', () => {
    expect(combos).toHaveLength(10 * 14 * 4);
  });

  test.each(combos)('%s + %s by %s', (status, action, actor) => {
    const key = `${status}|${action}|${actor}`;
    const to = expectedTarget.get(key);
    if (to) {
      expect(planTransition(status, action, actor)).toEqual({ from: status, to, action });
      return;
    }
    const error = catchError(() => planTransition(status, action, actor));
    if (stateFits.has(`${status}|${action}`)) {
      expect(error.code).toBe('ACTOR_NOT_ALLOWED');
      expect(error.status).toBe(403);
    } else {
      expect(error.code).toBe('INVALID_TRANSITION');
      expect(error.status).toBe(409);
    }
  });
});

describe('error messages', () => {
  it('names the current status and the action in Chinese', () => {
    const error = catchError(() => planTransition('pending_acceptance', 'start', 'caregiver'));
    expect(error.message).toBe('订单当前状态为「待接单」，不能执行「开始服务」');
    expect(error.details).toEqual({ status: 'pending_acceptance', action: 'start' });
  });

  it('reports 409 (state) before 403 (actor) when both are wrong', () => {
    const error = catchError(() => planTransition('cancelled', 'start', 'user'));
    expect(error.status).toBe(409);
  });

  it('explains a wrong actor', () => {
    const error = catchError(() => planTransition('finished', 'confirm', 'caregiver'));
    expect(error.code).toBe('ACTOR_NOT_ALLOWED');
    expect(error.message).toBe('护理员无权对该订单执行「确认完成」');
  });

  it.each([
    ['bogus', 'pay', 'system', 'UNKNOWN_STATUS'],
    ['pending_payment', 'bogus', 'system', 'UNKNOWN_ACTION'],
    ['pending_payment', 'pay', 'bogus', 'UNKNOWN_ACTOR'],
  ])('rejects unknown input %s/%s/%s with 400', (status, action, actor, code) => {
    const error = catchError(() => planTransition(status as OrderStatus, action as OrderAction, actor as Actor));
    expect(error.code).toBe(code);
    expect(error.status).toBe(400);
  });
});

describe('allowedActions', () => {
  test.each(ALL_STATUSES.flatMap((s) => ALL_ACTORS.map((r) => [s, r] as const)))('%s for %s', (status, actor) => {
    const expected = ALLOWED.filter(([from, , who]) => from === status && who === actor).map(([, action]) => action);
    expect([...allowedActions(status, actor)].sort()).toEqual([...expected].sort());
  });

  it('lets a caregiver depart or release an accepted order', () => {
    expect(allowedActions('accepted', 'caregiver')).toEqual(['release', 'depart']);
  });
});

describe('isTerminal / isActiveForCaregiver', () => {
  const terminal: OrderStatus[] = ['reviewed', 'cancelled'];
  const caregiverActive: OrderStatus[] = ['accepted', 'departed', 'arrived', 'in_service', 'finished'];

  test.each(ALL_STATUSES)('%s', (status) => {
    expect(isTerminal(status)).toBe(terminal.includes(status));
    expect(isActiveForCaregiver(status)).toBe(caregiverActive.includes(status));
  });
});
