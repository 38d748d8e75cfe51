import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import { honorificName } from '../../domain/masking';
import { UID } from '../../content-types/uids';

const BLOCK = UID.caregiverBlock;
const CAREGIVER = UID.caregiver;

/** A customer's blocked caregivers (屏蔽): dispatch never offers them this customer's orders. */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const blocks = () => strapi.db.query(BLOCK);

  async function caregiverByDocumentId(documentId: string) {
    const caregiver = await strapi.db.query(CAREGIVER).findOne({ where: { documentId }, select: ['id', 'documentId', 'realName', 'gender'] });
    if (!caregiver) throw bookingError('CAREGIVER_NOT_FOUND');
    return caregiver;
  }

  // Customers only ever see the masked display name (王阿姨), never the real name a caregiver registered with.
  const present = (block: any, caregiver: any) => ({
    caregiver: { documentId: caregiver.documentId, name: honorificName(caregiver.realName, caregiver.gender) },
    blockedAt: block.createdAt,
  });

  return {
    async list(userId: number) {
      const rows = await blocks().findMany({ where: { userId }, orderBy: { id: 'desc' }, limit: 200 });
      if (rows.length === 0) return [];
      const caregivers = await strapi.db
        .query(CAREGIVER)
        .findMany({ where: { id: { $in: rows.map((r: any) => r.caregiverId) } }, select: ['id', 'documentId', 'realName', 'gender'] });
      const byId = new Map(caregivers.map((c: any) => [c.id, c]));
      return rows.filter((r: any) => byId.has(r.caregiverId)).map((r: any) => present(r, byId.get(r.caregiverId)));
    },

    /** Idempotent: blocking twice keeps one row (a unique index settles concurrent requests). */
    async block(userId: number, caregiverDocumentId: string) {
      const caregiver = await caregiverByDocumentId(caregiverDocumentId);
      const existing = await blocks().findOne({ where: { userId, caregiverId: caregiver.id } });
      if (existing) return { block: present(existing, caregiver), created: false };
      try {
        const created = await blocks().create({ data: { userId, caregiverId: caregiver.id } });
        return { block: present(created, caregiver), created: true };
      } catch (error) {
        const winner = await blocks().findOne({ where: { userId, caregiverId: caregiver.id } });
        if (winner) return { block: present(winner, caregiver), created: false };
        throw error;
      }
    },

    async unblock(userId: number, caregiverDocumentId: string) {
      const caregiver = await caregiverByDocumentId(caregiverDocumentId);
      const { count } = await blocks().deleteMany({ where: { userId, caregiverId: caregiver.id } });
      return { removed: count > 0 };
    },
  };
};
