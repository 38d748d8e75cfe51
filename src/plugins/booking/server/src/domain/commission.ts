/**
 * Caregiver commission: which share of an order's money is the caregiver's. Pure, no Strapi.
 *
 * Rules (maintained by editors as `api::commission-rule.commission-rule`):
 * - A rule applies to one service item, or to one service category, or (neither set) to every service; optionally
 *   only to one caregiver level (初级 … 金牌); and only while `validFrom <= at < validUntil` (validUntil open-ended
 *   when empty). Inactive rules never apply.
 * - Shares are basis points (1 bp = 0.01 %, 10000 = 100 %) so a rule like 72.5 % stays an integer.
 * - The most specific rule wins: service item > category > platform-wide; at equal scope a rule for the
 *   caregiver's level beats a level-less one; then the latest validFrom; then the highest id (the newest entry).
 * - When nothing matches, the configured default share applies (BOOKING_EARNINGS_DEFAULT_SHARE_BP).
 *
 * Money (integer fen, every step stated):
 * - Each price line is shared at the rate for its kind: base and dependent lines at `shareBp`, the night line at
 *   `nightShareBp`, the holiday and weekend lines at `holidayShareBp` (either falls back to `shareBp` when empty).
 *   A line's share is rounded half up on its own: floor((amount × bp + 5000) / 10000).
 * - The gross share is the sum of line shares. When part of the order was refunded before completion (a change
 *   of plan), the earning is the gross share scaled to the money kept: round half up of gross × net / total.
 * - A refund after completion claws back the same proportion of the earning: the cumulative claw-back after
 *   refunds totalling R is round half up of earning × R / paid, and each refund takes the difference from the
 *   previous cumulative figure, so claw-backs never sum to more than the earning and never drift by a fen.
 */
export const CAREGIVER_LEVELS = ['junior', 'intermediate', 'senior', 'gold'] as const;
export type CommissionLevel = (typeof CAREGIVER_LEVELS)[number];

export const FULL_BP = 10_000;

export interface CommissionRule {
  id: number;
  name?: string | null;
  serviceDocumentId?: string | null;
  categorySlug?: string | null;
  caregiverLevel?: CommissionLevel | null;
  shareBp: number;
  nightShareBp?: number | null;
  holidayShareBp?: number | null;
  validFrom: Date | string;
  validUntil?: Date | string | null;
  active?: boolean | null;
}

/** The terms that decide an earning: what the order snapshot keeps per level. */
export interface ShareTerms {
  ruleId: number | null;
  ruleName: string | null;
  shareBp: number;
  nightShareBp: number;
  holidayShareBp: number;
}

/** Terms per caregiver level plus the level-less fallback, resolved at the time the order was paid. */
export interface CommissionSnapshot {
  at: string;
  fallback: ShareTerms;
  byLevel: Partial<Record<CommissionLevel, ShareTerms>>;
}

export interface ServiceRef {
  serviceDocumentId: string;
  categorySlug: string | null;
}

export interface LineLike {
  code: string;
  amountFen: number;
}

export interface EarningLine {
  code: string;
  amountFen: number;
  shareBp: number;
  earningFen: number;
}

export interface EarningQuote {
  lines: EarningLine[];
  grossShareFen: number;
  totalFen: number;
  netFen: number;
  earningFen: number;
}

const isBp = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0 && (v as number) <= FULL_BP;

export class CommissionRuleError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** Editors' input is checked when saved (lifecycle hook) and again when used. */
export function validateCommissionRule(rule: Omit<CommissionRule, 'id'>): void {
  if (!isBp(rule.shareBp)) throw new CommissionRuleError('shareBp', '陪护人员分成比例必须为 0 到 10000 的整数（万分比）');
  if (rule.nightShareBp != null && !isBp(rule.nightShareBp))
    throw new CommissionRuleError('nightShareBp', '夜间加价分成比例必须为 0 到 10000 的整数（万分比）');
  if (rule.holidayShareBp != null && !isBp(rule.holidayShareBp))
    throw new CommissionRuleError('holidayShareBp', '节假日加价分成比例必须为 0 到 10000 的整数（万分比）');
  if (rule.serviceDocumentId && rule.categorySlug) throw new CommissionRuleError('service', '规则只能指定服务项目或服务分类中的一个');
  if (rule.caregiverLevel != null && !(CAREGIVER_LEVELS as readonly string[]).includes(rule.caregiverLevel))
    throw new CommissionRuleError('caregiverLevel', '陪护人员等级无效');
  const from = new Date(rule.validFrom).getTime();
  if (!Number.isFinite(from)) throw new CommissionRuleError('validFrom', '请填写生效时间');
  if (rule.validUntil != null && !(new Date(rule.validUntil).getTime() > from)) throw new CommissionRuleError('validUntil', '失效时间必须晚于生效时间');
}

function inForce(rule: CommissionRule, at: Date): boolean {
  if (rule.active === false) return false;
  const t = at.getTime();
  if (new Date(rule.validFrom).getTime() > t) return false;
  return rule.validUntil == null || new Date(rule.validUntil).getTime() > t;
}

/** 2: this service item, 1: its category, 0: platform-wide, -1: another service or category. */
function scopeRank(rule: CommissionRule, ref: ServiceRef): number {
  if (rule.serviceDocumentId) return rule.serviceDocumentId === ref.serviceDocumentId ? 2 : -1;
  if (rule.categorySlug) return rule.categorySlug === ref.categorySlug ? 1 : -1;
  return 0;
}

const termsOf = (rule: CommissionRule): ShareTerms => ({
  ruleId: rule.id,
  ruleName: rule.name ?? null,
  shareBp: rule.shareBp,
  nightShareBp: rule.nightShareBp ?? rule.shareBp,
  holidayShareBp: rule.holidayShareBp ?? rule.shareBp,
});

export const defaultTerms = (shareBp: number): ShareTerms => ({ ruleId: null, ruleName: null, shareBp, nightShareBp: shareBp, holidayShareBp: shareBp });

/** The winning rule for one level (null: level-less rules only), or null when none applies. */
export function pickRule(rules: CommissionRule[], ref: ServiceRef, level: CommissionLevel | null, at: Date): CommissionRule | null {
  let best: { rule: CommissionRule; key: number[] } | null = null;
  for (const rule of rules) {
    if (!inForce(rule, at)) continue;
    const scope = scopeRank(rule, ref);
    if (scope < 0) continue;
    if (rule.caregiverLevel && rule.caregiverLevel !== level) continue;
    const key = [scope, rule.caregiverLevel ? 1 : 0, new Date(rule.validFrom).getTime(), rule.id];
    if (!best || compareKeys(key, best.key) > 0) best = { rule, key };
  }
  return best?.rule ?? null;
}

function compareKeys(a: number[], b: number[]) {
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/** What the order keeps at payment: the terms for every level, since the caregiver is not known yet. */
export function snapshotCommission(rules: CommissionRule[], ref: ServiceRef, at: Date, defaultShareBp: number): CommissionSnapshot {
  const usable = rules.filter((rule) => {
    try {
      validateCommissionRule(rule);
      return true;
    } catch {
      return false; // a broken rule never pays anyone: it is skipped, the next best applies
    }
  });
  const fallbackRule = pickRule(usable, ref, null, at);
  const fallback = fallbackRule ? termsOf(fallbackRule) : defaultTerms(defaultShareBp);
  const byLevel: Partial<Record<CommissionLevel, ShareTerms>> = {};
  for (const level of CAREGIVER_LEVELS) {
    const rule = pickRule(usable, ref, level, at);
    if (rule && rule.id !== fallbackRule?.id) byLevel[level] = termsOf(rule);
  }
  return { at: at.toISOString(), fallback, byLevel };
}

export function termsFor(snapshot: CommissionSnapshot, level: string | null | undefined): ShareTerms {
  return (level && snapshot.byLevel[level as CommissionLevel]) || snapshot.fallback;
}

/** Half-up share of an integer amount at basis points; exact in integers. */
export function shareOf(amountFen: number, bp: number): number {
  return Math.floor((amountFen * bp + FULL_BP / 2) / FULL_BP);
}

/** Half-up a × b / c for non-negative integers (c > 0). */
export function mulDiv(a: number, b: number, c: number): number {
  return Math.floor((2 * a * b + c) / (2 * c));
}

function lineBp(code: string, terms: ShareTerms): number {
  if (code === 'night') return terms.nightShareBp;
  if (code === 'holiday' || code === 'weekend') return terms.holidayShareBp;
  return terms.shareBp;
}

/** The caregiver's earning for a completed order: lines of the price snapshot, money kept after earlier refunds. */
export function computeEarning(lines: LineLike[], terms: ShareTerms, money: { totalFen: number; paidFen: number; refundedFen: number }): EarningQuote {
  const shared = lines.map((line) => {
    const shareBp = lineBp(line.code, terms);
    return { code: line.code, amountFen: line.amountFen, shareBp, earningFen: shareOf(line.amountFen, shareBp) };
  });
  const grossShareFen = shared.reduce((sum, l) => sum + l.earningFen, 0);
  const totalFen = money.totalFen;
  const netFen = Math.max(0, money.paidFen - money.refundedFen);
  const earningFen = totalFen <= 0 ? 0 : netFen >= totalFen ? grossShareFen : mulDiv(grossShareFen, netFen, totalFen);
  return { lines: shared, grossShareFen, totalFen, netFen, earningFen };
}

/**
 * The earning taken back for one refund after completion: the difference of the cumulative claw-back before and
 * after it. `refundedBeforeFen` counts only refunds after completion already clawed back.
 */
export function clawbackFen(earningFen: number, paidFen: number, refundedBeforeFen: number, refundFen: number): number {
  if (paidFen <= 0 || earningFen <= 0 || refundFen <= 0) return 0;
  const after = Math.min(paidFen, refundedBeforeFen + refundFen);
  const before = Math.min(paidFen, refundedBeforeFen);
  return mulDiv(earningFen, after, paidFen) - mulDiv(earningFen, before, paidFen);
}
