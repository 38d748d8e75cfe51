/**
 * The operators' admin roles the platform ships with, and how seeding them stays out of an operator's way.
 * Seeding is a plan computed from what the database holds and what earlier boots already seeded: a role is
 * created once; afterwards only actions that are new in the code (never seeded before) are added, so an action an
 * operator removed stays removed, and a role an operator deleted, or made themselves under the same name, is
 * left alone.
 */
const P = (a: string) => `plugin::booking.${a}`;

export interface OperatorRoleSpec {
  code: string;
  name: string;
  description: string;
  actions: readonly string[];
}

export const OPERATOR_ROLES: readonly OperatorRoleSpec[] = [
  {
    code: 'booking-auditor',
    name: '审核员',
    description: '审核陪护人员的实名认证与资质证书',
    actions: [P('credentials.audit'), P('caregivers.read')],
  },
  {
    code: 'booking-dispatcher',
    name: '调度员',
    description: '查找订单、指派与改派陪护人员、取消订单、处理派单告警',
    actions: [P('orders.read'), P('orders.manage'), P('dispatch.assign'), P('caregivers.read')],
  },
  {
    code: 'booking-service-desk',
    name: '客服',
    description: '处理投诉、审核评价、回复意见建议',
    actions: [P('orders.read'), P('complaints.handle'), P('reviews.moderate'), P('suggestions.handle'), P('caregivers.read')],
  },
  {
    code: 'booking-supervisor',
    name: '运营主管',
    description: '陪护运营的全部功能：审核、调度、客服、陪护人员管理、结算打款、数据分析与支付风控',
    actions: [
      P('orders.read'),
      P('orders.manage'),
      P('dispatch.assign'),
      P('credentials.audit'),
      P('caregivers.read'),
      P('caregivers.manage'),
      P('complaints.handle'),
      P('reviews.moderate'),
      P('suggestions.handle'),
      P('analytics.read'),
      P('analytics.manage'),
      P('risk.manage'),
      P('settlement.read'),
      P('settlement.manage'),
      P('settlement.pay'),
    ],
  },
  {
    code: 'booking-finance',
    name: '财务',
    description: '陪护人员结算：审核结算单、发放与登记打款、查看收支数据',
    actions: [P('orders.read'), P('caregivers.read'), P('settlement.read'), P('settlement.manage'), P('settlement.pay'), P('analytics.read')],
  },
];

export interface RoleSeedState {
  /** A role with this code exists. */
  exists: boolean;
  /** Some other role already carries the name. */
  nameTaken: boolean;
  /** Actions the existing role holds now. */
  holds: readonly string[];
  /** Actions earlier boots seeded into this role; undefined when it was never seeded. */
  seeded: readonly string[] | undefined;
}

export type RoleSeedPlan =
  | { create: boolean; grant: string[]; record: string[] }
  | { create: false; grant: []; record: string[] | undefined; skipped: 'deleted_by_operator' | 'name_taken' };

export function planRoleSeed(spec: OperatorRoleSpec, state: RoleSeedState): RoleSeedPlan {
  const wanted = [...new Set(spec.actions)];
  if (!state.exists) {
    if (state.seeded !== undefined) return { create: false, grant: [], record: [...state.seeded], skipped: 'deleted_by_operator' };
    // An operator's own role of the same name is theirs: never adopt it, and never create ours beside it later.
    if (state.nameTaken) return { create: false, grant: [], record: wanted, skipped: 'name_taken' };
    return { create: true, grant: wanted, record: wanted };
  }
  const seeded = new Set(state.seeded ?? []);
  const holds = new Set(state.holds);
  const grant = wanted.filter((a) => !seeded.has(a) && !holds.has(a));
  return { create: false, grant, record: [...new Set([...seeded, ...wanted])] };
}
