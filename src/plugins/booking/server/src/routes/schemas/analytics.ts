import { z } from 'zod';
import { envelope } from '../route';
import { fen, nullableString } from './responses';

/** Responses of event ingestion, catalog search and the operators' figures. Rates are fractions (0.25 = 25%). */
export const ingested = envelope(
  z.object({
    accepted: z.number().int(),
    dropped: z.number().int(),
    reasons: z.object({ analytics_disabled: z.number().int().optional(), out_of_time_window: z.number().int().optional() }).describe('why events were dropped'),
  }),
);

export const searchResults = z.object({
  data: z.array(
    z.object({ documentId: z.string(), name: z.string(), slug: z.string(), summary: nullableString, matchedIn: z.enum(['name', 'summary', 'keywords']) }),
  ),
  meta: z.object({ query: z.string(), pagination: z.object({ page: z.number().int(), pageSize: z.number().int(), total: z.number().int() }) }),
});

const rate = z.number().nullable().describe('fraction, null when the denominator is 0');
const measures = {
  orders: z.number().int(),
  gmvFen: fen,
  paidOrders: z.number().int(),
  paidFen: fen,
  refundedFen: fen,
  netFen: fen,
  caregiverCostFen: fen,
  feesFen: fen,
  grossMarginFen: fen,
  completed: z.number().int(),
  cancelled: z.number().int(),
};
const totals = z.object(measures);
export const business = z.object({
  data: z.object({
    rows: z.array(
      z.object({
        date: z.string(),
        dimension: z.enum(['all', 'city', 'category', 'channel']),
        value: z.string().describe('city code, category slug or channel; empty for all'),
        ...measures,
      }),
    ),
    totals,
    previous: z.object({ from: z.string(), to: z.string(), totals }).describe('the period of equal length just before'),
    growth: z.object(Object.fromEntries(Object.keys(measures).map((k) => [k, rate]))).describe('change against the previous period, as a fraction'),
  }),
  meta: z.object({
    from: z.string(),
    to: z.string(),
    dimension: z.string(),
    cityCode: nullableString,
    rolledUpDays: z.number().int(),
    liveDays: z.number().int(),
  }),
});

export const keywords = z.object({
  data: z.array(z.object({ keyword: z.string(), searches: z.number().int(), noResultSearches: z.number().int(), searchers: z.number().int() })),
  meta: z.object({ from: z.string(), to: z.string(), noResults: z.boolean() }),
});

export const funnel = z.object({
  data: z.array(
    z.object({
      categorySlug: z.string().describe('empty string: all categories'),
      viewers: z.number().int(),
      submitters: z.number().int(),
      payers: z.number().int(),
      completers: z.number().int(),
      viewToOrder: rate,
      orderToPay: rate,
      payToComplete: rate,
    }),
  ),
  meta: z.object({ from: z.string(), to: z.string(), cityCode: nullableString }),
});

const quality = z.object({
  caregiverId: z.number().int(),
  name: nullableString,
  assigned: z.number().int(),
  served: z.number().int(),
  completed: z.number().int(),
  cancelled: z.number().int(),
  started: z.number().int(),
  onTime: z.number().int(),
  onTimeRate: rate,
  reviewCount: z.number().int(),
  rating: z.number().nullable(),
  attitude: z.number().nullable(),
  skill: z.number().nullable(),
  punctuality: z.number().nullable(),
  complaints: z.number().int(),
  upheldComplaints: z.number().int(),
  complaintRate: rate,
});
export const caregiverQuality = z.object({ data: z.array(quality), meta: z.object({ from: z.string(), to: z.string(), reviewsEnabled: z.boolean() }) });
export const awards = z.object({
  data: z.array(quality.extend({ rank: z.number().int(), title: z.string() })),
  meta: z.object({ month: z.string(), rule: z.string(), ratingsEnabled: z.boolean() }),
});
export const retraining = z.object({
  data: z.array(
    z.object({
      caregiverId: z.number().int(),
      name: nullableString,
      rating: z.number().nullable(),
      reviewCount: z.number().int(),
      recentUpheldComplaints: z.number().int(),
      reasons: z.array(z.enum(['low_rating', 'complaints'])),
    }),
  ),
  meta: z.object({ asOf: z.string(), rule: z.string(), ratingWindowDays: z.number().int() }),
});
export const rollup = envelope(z.object({ from: z.string(), to: z.string(), days: z.number().int(), rows: z.number().int() }));
