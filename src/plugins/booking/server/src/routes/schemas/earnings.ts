import { z } from 'zod';
import { envelope, listEnvelope, paginationMeta } from '../route';
import { fen, nullableString, nullableTimestamp, timestamp } from './responses';

/** Responses of the caregiver's earnings routes and the operators' settlement routes. All money is integer fen. */
export const earningEntry = z.object({
  id: z.number().int(),
  kind: z.enum(['order', 'refund', 'penalty', 'adjustment']).describe('order: the share of a completed order; refund/penalty/adjustment: usually negative'),
  orderNo: nullableString,
  amountFen: fen.describe('positive for earnings, negative for deductions'),
  description: nullableString,
  occurredAt: timestamp,
  settleableAt: timestamp.describe('after the hold period the entry goes onto the next statement'),
  settled: z.boolean().describe('already on a statement'),
  shareBp: z.number().int().nullable().optional().describe("order entries: the caregiver's share in basis points"),
  lines: z.array(z.object({}).catchall(z.unknown())).optional().describe('order entries: how the share was computed per price line'),
});
export const earningList = listEnvelope(earningEntry, paginationMeta);

const totals = z.object({ earningsFen: fen, deductionsFen: fen, payableFen: fen });
const currentPeriod = z.object({
  period: z.object({ key: z.string().describe('YYYY-MM or YYYY-Www'), start: timestamp, end: timestamp, kind: z.enum(['weekly', 'monthly']) }),
  settleable: totals.describe('open entries past their hold period'),
  held: totals.describe('open entries still in their hold period'),
  holdDays: z.number().int(),
});
export const current = envelope(currentPeriod);

const STATEMENT_STATUSES = ['pending_approval', 'approved', 'paying', 'paid'] as const;
export const statement = z.object({
  statementNo: z.string(),
  caregiverId: z.number().int(),
  periodKey: z.string(),
  periodStart: timestamp,
  periodEnd: timestamp,
  earningsFen: fen,
  deductionsFen: fen,
  payableFen: fen,
  entryCount: z.number().int(),
  status: z.enum(STATEMENT_STATUSES).describe('pending_approval 待审核 → approved 待打款 → paying 打款中 → paid 已打款'),
  approvedAt: nullableTimestamp,
  paidAt: nullableTimestamp,
});
export const statementList = envelope(z.array(statement));
export const statementPage = listEnvelope(statement, paginationMeta);

export const payout = z.object({
  outTradeNo: z.string(),
  method: z.enum(['wechat', 'bank']),
  amountFen: fen,
  status: z.enum(['pending', 'processing', 'succeeded', 'failed']),
  batchNo: nullableString,
  failureReason: nullableString,
  sentAt: nullableTimestamp,
  settledAt: nullableTimestamp,
});
export const payoutResponse = envelope(payout);
export const payoutPage = listEnvelope(payout, paginationMeta);

const withLines = statement.extend({ lines: z.array(earningEntry) });
export const statementDetail = envelope(withLines);
export const myStatementDetail = envelope(withLines.extend({ payouts: z.array(payout) }));

export const payoutAccount = z
  .discriminatedUnion('method', [
    z.object({ method: z.literal('wechat'), wechatBound: z.boolean() }),
    z.object({
      method: z.literal('bank'),
      holderName: nullableString,
      bankName: nullableString,
      cardNumber: z.string().describe('masked, last 4 digits only'),
    }),
  ])
  .describe('where statements are paid');
export const payoutAccountResponse = envelope(payoutAccount.nullable().describe('null until the caregiver sets one'));
export const payoutAccountSaved = envelope(payoutAccount);

export const jobResult = envelope(
  z.object({
    job: z.string(),
    ran: z.boolean().describe('false when another instance holds the job lock'),
    processed: z.number().int(),
    skipped: z.number().int(),
    failed: z.number().int(),
    durationMs: z.number(),
  }),
);

export const caregiverMoney = z.object({
  data: z.object({
    caregiverId: z.number().int(),
    current: currentPeriod,
    statements: z.array(statement),
    payoutAccount: payoutAccount.nullable(),
    entries: z.array(earningEntry),
  }),
  meta: paginationMeta.describe('pagination of `entries`'),
});

export const payoutAlerts = envelope(
  z.array(
    z.object({
      id: z.number().int(),
      kind: z.string(),
      orderId: z.number().int().nullable(),
      message: z.string(),
      resolvedAt: nullableTimestamp,
      createdAt: timestamp,
    }),
  ),
);
