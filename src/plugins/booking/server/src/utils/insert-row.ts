import type { Core } from '@strapi/strapi';

const SCALAR_TYPES = new Set([
  'string',
  'text',
  'richtext',
  'email',
  'password',
  'uid',
  'enumeration',
  'integer',
  'biginteger',
  'float',
  'decimal',
  'boolean',
  'date',
  'time',
  'datetime',
  'timestamp',
  'json',
  'blocks',
]);

/**
 * Inserts one row of `uid` and answers it as `strapi.db.query(uid).findOne` would, without reading it back.
 *
 * Strapi's `create` inserts, then selects the row it has just written: one more round trip on the busiest write
 * (an order submit). Here every scalar attribute is fixed before the insert — what the caller gave, the model's
 * default otherwise (a fresh `documentId` included), null for the rest, both timestamps from one clock reading — and
 * written with `createMany`, which runs the same lifecycles and does not read back. Only for models whose answer
 * needs no relation: relations are neither written nor answered.
 */
export async function insertRow(strapi: Core.Strapi, uid: string, data: Record<string, unknown>): Promise<Record<string, any>> {
  const { attributes } = strapi.db.metadata.get(uid as any) as unknown as { attributes: Record<string, { type: string; default?: unknown }> };
  const now = new Date();
  const row: Record<string, unknown> = {};
  for (const [name, attribute] of Object.entries(attributes)) {
    if (name === 'id' || !SCALAR_TYPES.has(attribute.type)) continue;
    if (name in data) {
      const value = data[name];
      row[name] = value === undefined ? null : value;
    } else if (name === 'createdAt' || name === 'updatedAt') {
      row[name] = now;
    } else if (attribute.default !== undefined) {
      row[name] = typeof attribute.default === 'function' ? (attribute.default as () => unknown)() : attribute.default;
    } else {
      row[name] = null;
    }
  }
  for (const name of Object.keys(data)) {
    if (!(name in row)) throw new Error(`insertRow(${uid}): "${name}" is not a scalar attribute`);
  }
  const { ids } = (await strapi.db.query(uid as any).createMany({ data: [row] })) as { ids: number[] };
  return { id: ids[0], ...row };
}
