import {
  OPERATOR_ROLES,
  planRoleSeed,
  type OperatorRoleSpec,
  type RoleSeedPlan,
  type RoleSeedState,
} from '../../src/plugins/booking/server/src/domain/operator-roles';
import { ADMIN_ACTIONS } from '../../src/plugins/booking/server/src/permissions';

const spec: OperatorRoleSpec = { code: 'x', name: '审核员', description: '', actions: ['a', 'b'] };
const state = (s: Partial<RoleSeedState>): RoleSeedState => ({ exists: false, nameTaken: false, holds: [], seeded: undefined, ...s });

describe('planRoleSeed: create once, add only new actions, never undo an operator', () => {
  test.each<[string, RoleSeedState, RoleSeedPlan]>([
    ['first boot: create with every action', state({}), { create: true, grant: ['a', 'b'], record: ['a', 'b'] }],
    ['next boot, nothing changed', state({ exists: true, holds: ['a', 'b'], seeded: ['a', 'b'] }), { create: false, grant: [], record: ['a', 'b'] }],
    ['operator removed b: stays removed', state({ exists: true, holds: ['a'], seeded: ['a', 'b'] }), { create: false, grant: [], record: ['a', 'b'] }],
    [
      'operator added c: kept, not recorded as ours',
      state({ exists: true, holds: ['a', 'b', 'c'], seeded: ['a', 'b'] }),
      { create: false, grant: [], record: ['a', 'b'] },
    ],
    ['code gained b since last boot: granted once', state({ exists: true, holds: ['a'], seeded: ['a'] }), { create: false, grant: ['b'], record: ['a', 'b'] }],
    [
      'operator already granted the new action by hand',
      state({ exists: true, holds: ['a', 'b'], seeded: ['a'] }),
      { create: false, grant: [], record: ['a', 'b'] },
    ],
    [
      'role made before seeding was tracked: fill the gaps',
      state({ exists: true, holds: ['a'], seeded: undefined }),
      { create: false, grant: ['b'], record: ['a', 'b'] },
    ],
    [
      'operator deleted the role: not recreated',
      state({ seeded: ['a', 'b'] }),
      { create: false, grant: [], record: ['a', 'b'], skipped: 'deleted_by_operator' },
    ],
    ['operator has their own role of that name', state({ nameTaken: true }), { create: false, grant: [], record: ['a', 'b'], skipped: 'name_taken' }],
  ])('%s', (_label, input, expected) => {
    expect(planRoleSeed(spec, input)).toEqual(expected);
  });
});

describe('OPERATOR_ROLES', () => {
  const registered = new Set(ADMIN_ACTIONS.map((a) => `plugin::booking.${a.uid}`));
  it.each(OPERATOR_ROLES.map((r) => [r.name, r] as const))('%s only names registered admin actions', (_name, role) => {
    for (const action of role.actions) expect(registered).toContain(action);
  });
  it('keeps the auditor away from dispatch and the dispatcher away from audit', () => {
    const byCode = Object.fromEntries(OPERATOR_ROLES.map((r) => [r.code, new Set(r.actions)]));
    expect(byCode['booking-auditor'].has('plugin::booking.dispatch.assign')).toBe(false);
    expect(byCode['booking-auditor'].has('plugin::booking.orders.manage')).toBe(false);
    expect(byCode['booking-dispatcher'].has('plugin::booking.credentials.audit')).toBe(false);
  });
  it('gives the supervisor every registered action', () => {
    const supervisor = OPERATOR_ROLES.find((r) => r.code === 'booking-supervisor')!;
    expect(new Set(supervisor.actions)).toEqual(registered);
  });
});
