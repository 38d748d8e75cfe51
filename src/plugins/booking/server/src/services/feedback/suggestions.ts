import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import { statusAfterTagging, type SuggestionStatus } from '../../domain/suggestions';
import { bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

const SUGGESTION = UID.suggestion;

interface Page {
  page: number;
  pageSize: number;
}

const presentOwn = (s: any) => ({
  documentId: s.documentId,
  text: s.text,
  contact: s.contact ?? null,
  status: s.status,
  answer: s.answer ?? null,
  answeredAt: s.answeredAt ?? null,
  createdAt: s.createdAt,
});

/** Suggestions (意见建议): users send them, operators tag and answer them; the answer reaches the user's inbox. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const rows = () => strapi.db.query(SUGGESTION);

  async function load(documentId: string) {
    const row = await rows().findOne({ where: { documentId } });
    if (!row) throw bookingError('SUGGESTION_NOT_FOUND');
    return row;
  }

  async function paged(where: Record<string, unknown>, { page, pageSize }: Page, present: (s: any) => unknown) {
    const [data, total] = await Promise.all([
      rows().findMany({ where, orderBy: { id: 'desc' }, offset: (page - 1) * pageSize, limit: pageSize }),
      rows().count({ where }),
    ]);
    return { data: data.map(present), meta: { pagination: { page, pageSize, total } } };
  }

  return {
    async create(userId: number, input: { text: string; contact?: string }) {
      return presentOwn(await rows().create({ data: { userId, text: input.text, contact: input.contact ?? null, tags: [], status: 'new' } }));
    },

    listMine(userId: number, page: Page) {
      return paged({ userId }, page, presentOwn);
    },

    adminList(filter: { status?: SuggestionStatus }, page: Page) {
      const where: Record<string, unknown> = filter.status ? { status: filter.status } : {};
      return paged(where, page, (s) => ({ ...presentOwn(s), id: s.id, userId: s.userId, tags: s.tags ?? [], answeredByAdminId: s.answeredByAdminId ?? null }));
    },

    async tag(documentId: string, tags: string[]) {
      const row = await load(documentId);
      const updated = await rows().update({ where: { id: row.id }, data: { tags: [...new Set(tags)], status: statusAfterTagging(row.status) } });
      return { ...presentOwn(updated), tags: updated.tags };
    },

    async answer(documentId: string, adminId: number | null, text: string) {
      return strapi.db.transaction(async () => {
        const row = await load(documentId);
        if (row.status === 'answered') throw bookingError('ALREADY_ANSWERED');
        const { count } = await rows().updateMany({
          where: { id: row.id, status: { $ne: 'answered' } },
          data: { status: 'answered', answer: text, answeredAt: new Date(), answeredByAdminId: adminId },
        });
        if (count !== 1) throw bookingError('ALREADY_ANSWERED');
        if (row.userId) {
          await bookingService(strapi, 'notifications').notify(row.userId, {
            kind: 'suggestion_answer',
            title: '您的意见建议有了回复',
            body: text,
            data: { suggestionId: row.documentId },
          });
        }
        const updated = await rows().findOne({ where: { id: row.id } });
        return { ...presentOwn(updated), tags: updated.tags ?? [] };
      });
    },
  };
};
