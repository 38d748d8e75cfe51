import { insertRow } from '../../src/plugins/booking/server/src/utils/insert-row';

/** A Strapi stand-in: one model's metadata and a query engine that records what createMany received. */
function fakeStrapi() {
  const written: any[] = [];
  let generated = 0;
  const attributes = {
    id: { type: 'increments' },
    documentId: { type: 'string', default: () => `doc${++generated}` },
    name: { type: 'string' },
    count: { type: 'integer', default: 3 },
    tags: { type: 'json' },
    owner: { type: 'relation', relation: 'manyToOne', target: 'x' },
    createdAt: { type: 'datetime' },
    updatedAt: { type: 'datetime' },
  };
  const strapi = {
    db: {
      metadata: { get: () => ({ attributes }) },
      query: () => ({
        createMany: async ({ data }: { data: any[] }) => {
          written.push(...data);
          return { count: data.length, ids: [41 + written.length] };
        },
      }),
    },
  };
  return { strapi: strapi as any, written };
}

describe('insertRow', () => {
  it('writes every scalar attribute once and answers exactly what it wrote, with the new id', async () => {
    const { strapi, written } = fakeStrapi();
    const answer = await insertRow(strapi, 'plugin::x.thing', { name: '张伟', tags: ['a'], count: undefined });
    expect(written).toHaveLength(1);
    expect(answer).toEqual({ id: 42, ...written[0] });
    // The caller's values; a given undefined is null (not the default); the generated documentId; one clock reading.
    expect(answer).toMatchObject({ name: '张伟', tags: ['a'], count: null, documentId: 'doc1' });
    expect(answer.createdAt).toBeInstanceOf(Date);
    expect(answer.updatedAt).toBe(answer.createdAt);
    expect('owner' in answer).toBe(false);
  });

  it('fills a left-out attribute with its default, or null', async () => {
    const { strapi } = fakeStrapi();
    expect(await insertRow(strapi, 'plugin::x.thing', {})).toMatchObject({ count: 3, name: null, tags: null });
  });

  it('refuses a key that is not a scalar attribute instead of dropping it, and writes nothing', async () => {
    const { strapi, written } = fakeStrapi();
    await expect(insertRow(strapi, 'plugin::x.thing', { name: 'a', owner: 5 })).rejects.toThrow(/"owner" is not a scalar attribute/);
    await expect(insertRow(strapi, 'plugin::x.thing', { nmae: 'typo' })).rejects.toThrow(/"nmae"/);
    expect(written).toHaveLength(0);
  });
});
