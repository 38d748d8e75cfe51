import type { Core } from '@strapi/strapi';
import { isEncrypted } from '../platform/pii-crypto';
import { bookingService } from '../../utils/plugin';
import { UID } from '../../content-types/uids';
import { sweep } from '../platform/sweep';

/** What a customer gives about the place of service; `text` and the exact point are personal data. */
export interface OrderAddress {
  text?: string;
  latitude?: number;
  longitude?: number;
  district?: string | null;
  [key: string]: unknown;
}

export interface OrderSecretsInput {
  address?: OrderAddress | null;
  notes?: string | null;
  contactPhone?: string | null;
}

/** AAD binds each ciphertext to its column: a value copied into another column does not decrypt. */
const AAD = { address: 'order.address', notes: 'order.notes', contactPhone: 'order.contactPhone' } as const;

/** Three decimals of a degree: about 110 m north–south, enough for dispatch radii and district figures. */
const coarse = (value: unknown) => (Number.isFinite(Number(value)) ? Math.round(Number(value) * 1000) / 1000 : null);

/**
 * Order fields that identify a person or a home (PIPL): the address text and exact point, the notes, the contact
 * phone. They are stored encrypted with the pii service; in clear stay only what dispatch and analytics need — the
 * district and the point rounded to about 100 m (`address`), and the phone's last four digits for the operators'
 * search (they see the masked phone anyway). Rows written before encryption are read as they are and sealed by
 * `sealLegacy`, which the bootstrap runs.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  const pii = () => bookingService(strapi, 'pii');
  /** Rows from before encryption hold plaintext: read them as they are until sealLegacy rewrites them. */
  const open = (value: unknown, aad: string): string | null =>
    (typeof value === 'string' && isEncrypted(value) ? pii().decrypt(value, aad) : (value as string | null | undefined)) ?? null;

  const api = {
    /** Columns for the given fields (only those present in the input). */
    seal(input: OrderSecretsInput) {
      const columns: Record<string, unknown> = {};
      if (input.address !== undefined) {
        const address = input.address;
        columns.address = address ? { district: address.district ?? null, latitude: coarse(address.latitude), longitude: coarse(address.longitude) } : null;
        columns.addressCipher = address
          ? pii().encrypt(JSON.stringify({ text: address.text ?? null, latitude: address.latitude ?? null, longitude: address.longitude ?? null }), AAD.address)
          : null;
      }
      if (input.notes !== undefined) columns.notes = pii().encrypt(input.notes || null, AAD.notes) ?? null;
      if (input.contactPhone !== undefined) {
        columns.contactPhone = pii().encrypt(input.contactPhone || null, AAD.contactPhone) ?? null;
        columns.contactPhoneLast4 = input.contactPhone ? input.contactPhone.slice(-4) : null;
      }
      return columns;
    },

    /** The full values, for the viewers allowed to see them (order-views decides who). */
    reveal(order: any): { address: OrderAddress | null; notes: string | null; contactPhone: string | null } {
      const sealed = order.addressCipher ? JSON.parse(String(pii().decrypt(order.addressCipher, AAD.address))) : null;
      const address = sealed ? { ...sealed, district: order.address?.district ?? null } : (order.address ?? null);
      return { address, notes: open(order.notes, AAD.notes), contactPhone: open(order.contactPhone, AAD.contactPhone) };
    },

    /**
     * Encrypts orders stored before this existed (plaintext contact phone, no last-four column), through the shared
     * batch loop (id cursor: a row that cannot be sealed is logged and passed, never retried in a loop). Idempotent:
     * a sealed row has `contactPhoneLast4`, so it is never picked again. Returns how many were sealed.
     */
    async sealLegacy() {
      const counts = await sweep(
        strapi,
        'seal legacy order fields',
        (afterId, limit) =>
          strapi.db.query(UID.order).findMany({
            where: { id: { $gt: afterId }, contactPhoneLast4: { $null: true }, contactPhone: { $notNull: true, $ne: '' } },
            select: ['id', 'address', 'addressCipher', 'notes', 'contactPhone'],
            orderBy: { id: 'asc' },
            limit,
          }),
        async (row: any) => {
          const plain = api.reveal(row);
          // Conditional on the row still being unsealed: two instances booting at once seal it once.
          const { count } = await strapi.db.query(UID.order).updateMany({
            where: { id: row.id, contactPhoneLast4: { $null: true } },
            data: api.seal({ address: row.addressCipher ? undefined : plain.address, notes: plain.notes, contactPhone: plain.contactPhone }),
          });
          return count === 1;
        },
      );
      return counts.processed;
    },
  };
  return api;
};
