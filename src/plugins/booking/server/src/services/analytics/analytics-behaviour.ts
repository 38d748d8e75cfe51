import type { Core } from '@strapi/strapi';
import type { DayRange } from '../../domain/analytics-period';
import { ratio } from '../../domain/quality-rules';
import { analyticsSql, num, rowsOf } from '../../utils/analytics-sql';

const EVENTS = 'booking_analytics_events';
export const FUNNEL_STEPS = ['service_view', 'order_submitted', 'order_paid', 'order_completed'] as const;

export interface KeywordRow {
  keyword: string;
  searches: number;
  noResultSearches: number;
  /** Distinct users/devices who searched it. */
  searchers: number;
}

export interface FunnelRow {
  categorySlug: string;
  viewers: number;
  submitters: number;
  payers: number;
  completers: number;
  viewToOrder: number | null;
  orderToPay: number | null;
  payToComplete: number | null;
}

/**
 * Behaviour figures over the analytics events (only events of consenting or anonymous visitors exist): what people
 * search for, what they search for in vain, and the view → order → pay → complete funnel by category, counted as
 * distinct people (a signed-in user, else a device) per step within the range.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const knex = () => strapi.db.connection;

  return {
    async keywords(range: DayRange, options: { noResults: boolean; limit: number; cityCode?: string }): Promise<KeywordRow[]> {
      const sql = await analyticsSql(strapi);
      const city = options.cityCode ? ' AND e.city_code = ?' : '';
      const having = options.noResults ? 'HAVING SUM(CASE WHEN e.results_count = 0 THEN 1 ELSE 0 END) > 0' : '';
      const order = options.noResults ? 'no_result DESC, searches DESC' : 'searches DESC, no_result DESC';
      const rows = rowsOf(
        await knex().raw(
          `SELECT e.keyword AS keyword, COUNT(*) AS searches, SUM(CASE WHEN e.results_count = 0 THEN 1 ELSE 0 END) AS no_result,
             ${sql.distinctActors('e')} AS searchers
           FROM ${EVENTS} e
           WHERE e.type = 'search' AND e.occurred_at >= ? AND e.occurred_at < ? AND e.keyword IS NOT NULL${city}
           GROUP BY e.keyword ${having} ORDER BY ${order}, e.keyword LIMIT ${Number(options.limit)}`,
          [sql.at(range.startUtc), sql.at(range.endUtc), ...(options.cityCode ? [options.cityCode] : [])],
        ),
      );
      return rows.map((r: any) => ({ keyword: r.keyword, searches: num(r.searches), noResultSearches: num(r.no_result), searchers: num(r.searchers) }));
    },

    /** One row per category plus an overall row ('' = every category), each step a distinct count. */
    async funnel(range: DayRange, cityCode?: string): Promise<FunnelRow[]> {
      const sql = await analyticsSql(strapi);
      const city = cityCode ? ' AND e.city_code = ?' : '';
      const binds = [sql.at(range.startUtc), sql.at(range.endUtc), ...(cityCode ? [cityCode] : [])];
      const from = `FROM ${EVENTS} e WHERE e.type IN (${FUNNEL_STEPS.map((s) => `'${s}'`).join(',')})
        AND e.occurred_at >= ? AND e.occurred_at < ?${city} AND (e.user_id IS NOT NULL OR e.device_id IS NOT NULL)`;
      const [byCategory, overall] = await Promise.all([
        knex().raw(`SELECT COALESCE(e.category_slug, '') AS category, e.type AS type, ${sql.distinctActors('e')} AS n ${from} GROUP BY 1, 2`, binds),
        knex().raw(`SELECT e.type AS type, ${sql.distinctActors('e')} AS n ${from} GROUP BY 1`, binds),
      ]);
      const table = new Map<string, Record<string, number>>();
      const add = (category: string, type: string, n: number) => {
        if (!table.has(category)) table.set(category, {});
        table.get(category)![type] = n;
      };
      for (const r of rowsOf(overall)) add('*', r.type, num(r.n));
      for (const r of rowsOf(byCategory)) if (r.category) add(r.category, r.type, num(r.n));
      if (!table.has('*')) table.set('*', {});
      return [...table.entries()]
        .map(([category, steps]) => {
          const [viewers, submitters, payers, completers] = FUNNEL_STEPS.map((s) => steps[s] ?? 0);
          return {
            categorySlug: category === '*' ? '' : category,
            viewers,
            submitters,
            payers,
            completers,
            viewToOrder: ratio(submitters, viewers),
            orderToPay: ratio(payers, submitters),
            payToComplete: ratio(completers, payers),
          };
        })
        .sort((a, b) => (a.categorySlug === '' ? -1 : b.categorySlug === '' ? 1 : b.viewers - a.viewers || a.categorySlug.localeCompare(b.categorySlug)));
    },
  };
};
