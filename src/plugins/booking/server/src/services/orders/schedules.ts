import type { Core } from '@strapi/strapi';
import { bookingError } from '../../domain/errors';
import { isPostgres } from '../../utils/plugin';
import { UID } from '../../content-types/uids';

/** PostgreSQL's SQLSTATE for an exclusion-constraint violation. */
const EXCLUSION_VIOLATION = '23P01';

const busy = () => bookingError('CAREGIVER_BUSY');

/**
 * A caregiver's busy intervals. The overlap check and the insert run in the caller's write transaction; on
 * PostgreSQL an exclusion constraint (btree_gist over caregiver and time range) makes an overlap impossible even
 * when two instances check at the same moment, and its violation is answered as the same 409.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const slots = () => strapi.db.query(UID.scheduleSlot);

  const api = {
    async conflicts(caregiverId: number, startAt: Date, endAt: Date, exceptOrderId?: number) {
      return slots().findMany({
        where: {
          caregiverId,
          active: true,
          startAt: { $lt: endAt },
          endAt: { $gt: startAt },
          ...(exceptOrderId ? { $or: [{ orderId: { $null: true } }, { orderId: { $ne: exceptOrderId } }] } : {}),
        },
        limit: 5,
      });
    },

    async isFree(caregiverId: number, startAt: Date, endAt: Date) {
      return (await api.conflicts(caregiverId, startAt, endAt)).length === 0;
    },

    /** Must be called inside strapi.db.transaction. */
    async reserve({ caregiverId, orderId, startAt, endAt }: { caregiverId: number; orderId: number; startAt: Date; endAt: Date }) {
      if ((await api.conflicts(caregiverId, startAt, endAt, orderId)).length > 0) throw busy();
      try {
        return await slots().create({ data: { caregiverId, orderId, startAt, endAt, active: true, kind: 'order' } });
      } catch (error: any) {
        if (isPostgres(strapi) && (error?.code === EXCLUSION_VIOLATION || error?.nativeError?.code === EXCLUSION_VIOLATION)) throw busy();
        throw error;
      }
    },

    async release(orderId: number) {
      await slots().updateMany({ where: { orderId, active: true }, data: { active: false } });
    },
  };
  return api;
};
