import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import { lastClosedPeriod, periodOf, shouldIssueStatement, statementTotals } from '../../domain/settlement';
import { bookingConfig, bookingService, lockKey } from '../../utils/plugin';

const EARNING = 'plugin::booking.earning';
const STATEMENT = 'plugin::booking.settlement-statement';
const CAREGIVER = 'api::caregiver.caregiver';
const PAGE = 50;

/**
 * Settlement statements. Closing a period gathers, per caregiver, every open entry settleable before the period's
 * end into one statement. Idempotent by construction: a statement is unique per (caregiver, period), entries are
 * claimed with `statementId IS NULL`, and all of one caregiver's statement commits in one transaction under a
 * per-caregiver lock, so a second run (or a second instance past the job lock) finds nothing left to do.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const entries = () => strapi.db.query(EARNING);
  const statements = () => strapi.db.query(STATEMENT);

  async function closeFor(caregiverId: number, period: { key: string; start: Date; end: Date }) {
    return strapi.db.transaction(async ({ trx }) => {
      await lockKey(strapi, trx, `booking-settle:${caregiverId}`);
      const existing = await statements().findOne({ where: { caregiverId, periodKey: period.key }, select: ['id'] });
      if (existing) return 'exists' as const;
      const open = await entries().findMany({
        where: { caregiverId, statementId: { $null: true }, settleableAt: { $lt: period.end } },
        select: ['id', 'kind', 'amountFen', 'caregiverUserId'],
        orderBy: { id: 'asc' },
      });
      const totals = statementTotals(open);
      if (!shouldIssueStatement(totals)) return 'nothing' as const;
      const statement = await statements().create({
        data: {
          statementNo: `ST${period.key.replace('-', '')}C${caregiverId}`,
          caregiverId,
          caregiverUserId: open.find((e: any) => e.caregiverUserId)?.caregiverUserId ?? null,
          periodKey: period.key,
          periodStart: period.start,
          periodEnd: period.end,
          ...totals,
          entryCount: open.length,
          status: 'pending_approval',
        },
      });
      const { count } = await entries().updateMany({
        where: { id: { $in: open.map((e: any) => e.id) }, statementId: { $null: true } },
        data: { statementId: statement.id },
      });
      // Another writer claimed an entry in between: roll back rather than issue a statement that disagrees with its lines.
      if (count !== open.length) throw bookingError('STATEMENT_CHANGED');
      return 'issued' as const;
    });
  }

  const api = {
    period: () => bookingConfig(strapi).earnings.period,

    /** Closes the latest ended period for every caregiver with open, settleable entries. */
    async closeDue(now = new Date()) {
      const period = lastClosedPeriod(now, api.period());
      const counts = { processed: 0, skipped: 0, failed: 0 };
      const rows = await strapi.db
        .connection('booking_earnings')
        .distinct('caregiver_id')
        .whereNull('statement_id')
        .where('settleable_at', '<', period.end)
        .orderBy('caregiver_id');
      for (const row of rows) {
        const caregiverId = Number(row.caregiver_id);
        try {
          const result = await closeFor(caregiverId, period);
          if (result === 'issued') counts.processed += 1;
          else counts.skipped += 1;
        } catch (error) {
          counts.failed += 1;
          strapi.log.error(`[booking:settlement] caregiver ${caregiverId} ${period.key}: ${(error as Error).message}`);
        }
      }
      return counts;
    },

    /** The caregiver behind a signed-in user (suspended caregivers still see their money). */
    async caregiverOf(userId: number) {
      const caregiver = await strapi.db.query(CAREGIVER).findOne({ where: { user: { id: userId } }, select: ['id', 'status'] });
      if (!caregiver || !['approved', 'suspended'].includes(caregiver.status)) throw bookingError('NOT_A_CAREGIVER');
      return caregiver.id as number;
    },

    async myEarnings(caregiverId: number, query: { page?: number; pageSize?: number }) {
      const page = query.page ?? 1;
      const pageSize = Math.min(query.pageSize ?? 20, 100);
      const where = { caregiverId };
      const [rows, total] = await Promise.all([
        entries().findMany({ where, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }], offset: (page - 1) * pageSize, limit: pageSize }),
        entries().count({ where }),
      ]);
      const earnings = bookingService(strapi, 'earnings');
      return { data: rows.map((r: any) => earnings.present(r)), meta: { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } } };
    },

    /** The open period: what is already settleable and what is still held, none of it on a statement yet. */
    async current(caregiverId: number, now = new Date()) {
      const open = await entries().findMany({ where: { caregiverId, statementId: { $null: true } }, select: ['amountFen', 'kind', 'settleableAt'] });
      const settleable = open.filter((e: any) => new Date(e.settleableAt) <= now);
      const held = open.filter((e: any) => new Date(e.settleableAt) > now);
      const period = periodOf(now, api.period());
      return {
        period: { key: period.key, start: period.start, end: period.end, kind: api.period() },
        settleable: statementTotals(settleable),
        held: statementTotals(held),
        holdDays: bookingConfig(strapi).earnings.holdDays,
      };
    },

    async myStatements(caregiverId: number) {
      const rows = await statements().findMany({ where: { caregiverId }, orderBy: { periodStart: 'desc' }, limit: PAGE });
      return rows.map(api.presentStatement);
    },

    /** One statement with its lines; another caregiver's statement is "not found", never forbidden (no probing). */
    async myStatement(caregiverId: number, statementNo: string) {
      const statement = await statements().findOne({ where: { statementNo, caregiverId } });
      if (!statement) throw bookingError('STATEMENT_NOT_FOUND');
      return api.withLines(statement);
    },

    async withLines(statement: any) {
      const lines = await entries().findMany({ where: { statementId: statement.id }, orderBy: { id: 'asc' } });
      const earnings = bookingService(strapi, 'earnings');
      return { ...api.presentStatement(statement), lines: lines.map((l: any) => earnings.present(l)) };
    },

    presentStatement(s: any) {
      return {
        statementNo: s.statementNo,
        caregiverId: s.caregiverId,
        periodKey: s.periodKey,
        periodStart: s.periodStart,
        periodEnd: s.periodEnd,
        earningsFen: s.earningsFen,
        deductionsFen: s.deductionsFen,
        payableFen: s.payableFen,
        entryCount: s.entryCount,
        status: s.status,
        approvedAt: s.approvedAt ?? null,
        paidAt: s.paidAt ?? null,
      };
    },

    // Operators
    async list(query: { status?: string; page?: number; pageSize?: number }) {
      const page = query.page ?? 1;
      const pageSize = Math.min(query.pageSize ?? 20, 100);
      const where = query.status ? { status: query.status } : {};
      const [rows, total] = await Promise.all([
        statements().findMany({ where, orderBy: { id: 'desc' }, offset: (page - 1) * pageSize, limit: pageSize }),
        statements().count({ where }),
      ]);
      return { data: rows.map(api.presentStatement), meta: { pagination: { page, pageSize, total, pageCount: Math.ceil(total / pageSize) } } };
    },

    async detail(statementNo: string) {
      const statement = await statements().findOne({ where: { statementNo } });
      if (!statement) throw bookingError('STATEMENT_NOT_FOUND');
      return api.withLines(statement);
    },

    async approve(statementNo: string, adminId: number | null) {
      const { count } = await statements().updateMany({
        where: { statementNo, status: 'pending_approval' },
        data: { status: 'approved', approvedAt: new Date(), approvedBy: adminId },
      });
      if (count !== 1) {
        const exists = await statements().findOne({ where: { statementNo }, select: ['id'] });
        throw bookingError(exists ? 'STATEMENT_CHANGED' : 'STATEMENT_NOT_FOUND');
      }
      return api.detail(statementNo);
    },
  };
  return api;
};
