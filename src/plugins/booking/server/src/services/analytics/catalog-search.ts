import type { Core } from '@strapi/strapi';
import { searchTerms } from '../../domain/analytics-period';
import { bookingError } from '../../domain/errors';
import { bookingService } from '../../utils/plugin';
import { num, rowsOf, tableOf } from '../../utils/analytics-sql';
import type { Visitor } from './analytics';
import { UID } from '../../content-types/uids';

const SERVICE = UID.service;
const like = (term: string) => `%${term.replace(/[!%_]/g, (c) => `!${c}`)}%`;

/**
 * Keyword search over the published zh-Hans catalog. There is no Chinese word segmenter here, so a service
 * matches when its name or summary contains the whole query, or enough of the query's 2-character shingles
 * ("上门打针" → 上门/门打/打针 finds 打针输液). Name hits rank above summary hits. On PostgreSQL a pg_trgm GIN
 * index over the published rows backs the LIKE; SQLite scans (the catalog is small).
 */
export default ({ strapi }: { strapi: Core.Strapi }) => ({
  async search(visitor: Visitor, input: { q: string; cityCode?: string; page: number; pageSize: number }) {
    const { phrase, shingles } = searchTerms(input.q);
    if (Array.from(phrase).length < 1) throw bookingError('QUERY_EMPTY');
    const services = tableOf(strapi, SERVICE);
    const meta: any = strapi.db.metadata.get(SERVICE as any);
    const citiesLink = meta.attributes.cities.joinTable;
    const cities = tableOf(strapi, UID.city);

    // Placeholders are bound in the order they appear in the SQL text, so each use of a term pushes its value.
    const binds: unknown[] = [];
    const hit = (column: string, term: string) => {
      binds.push(like(term));
      return `(LOWER(COALESCE(${column}, '')) LIKE ? ESCAPE '!')`;
    };
    const score = [
      `CASE WHEN ${hit('s.name', phrase)} THEN 1000 ELSE 0 END`,
      `CASE WHEN ${hit('s.summary', phrase)} THEN 500 ELSE 0 END`,
      ...shingles.map((t) => `CASE WHEN ${hit('s.name', t)} THEN 20 WHEN ${hit('s.summary', t)} THEN 5 ELSE 0 END`),
    ].join(' + ');
    const shingleHits = shingles.length ? shingles.map((t) => `CASE WHEN ${hit('s.name', t)} OR ${hit('s.summary', t)} THEN 1 ELSE 0 END`).join(' + ') : '0';
    // "Enough" shingles: half of them, so one common shingle (服务, 上门) does not match the whole catalog.
    const needed = Math.max(1, Math.ceil(shingles.length / 2));

    let where = `s.published_at IS NOT NULL AND s.locale = 'zh-Hans' AND s.active = ?`;
    binds.push(true);
    if (input.cityCode) {
      where += ` AND EXISTS (SELECT 1 FROM ${citiesLink.name} cl JOIN ${cities} c ON c.id = cl.${citiesLink.inverseJoinColumn.name}
        WHERE cl.${citiesLink.joinColumn.name} = s.id AND c.code = ?)`;
      binds.push(input.cityCode);
    }
    const matched = `SELECT * FROM (
        SELECT s.document_id, s.name, s.slug, s.summary, s.sort_order, (${score}) AS score, (${shingleHits}) AS shingle_hits
        FROM ${services} s WHERE ${where}
      ) m WHERE m.score >= 500 OR m.shingle_hits >= ${needed}`;

    const knex = strapi.db.connection;
    const total = num(rowsOf(await knex.raw(`SELECT COUNT(*) AS n FROM (${matched}) x`, binds))[0]?.n);
    const offset = (input.page - 1) * input.pageSize;
    const rows = rowsOf(await knex.raw(`${matched} ORDER BY m.score DESC, m.sort_order ASC, m.name ASC LIMIT ${input.pageSize} OFFSET ${offset}`, binds));

    // Only the first page is a new search; paging through results is not.
    if (input.page === 1) await bookingService(strapi, 'analytics').recordSearch(visitor, { keyword: phrase, resultsCount: total, cityCode: input.cityCode });

    return {
      data: rows.map((r: any) => ({
        documentId: r.document_id,
        name: r.name,
        slug: r.slug,
        summary: r.summary,
        matchedIn: num(r.score) >= 1000 ? 'name' : num(r.score) >= 500 ? 'summary' : 'keywords',
      })),
      meta: { query: phrase, pagination: { page: input.page, pageSize: input.pageSize, total } },
    };
  },
});
