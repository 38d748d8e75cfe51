/**
 * fast-check arbitraries from JSON Schema (what `z.toJSONSchema` makes of the routes' zod schemas, and what an
 * OpenAPI document's schemas are), plus the mutations a hostile or broken client sends: wrong types, missing and
 * extra fields, huge and odd unicode strings. Hand-written because no maintained generator covers zod v4 / JSON
 * Schema 2020-12 for fast-check (docs/decisions.md).
 */
import fc from 'fast-check';

export type JsonSchema = Record<string, any>;

const ODD_STRINGS = [
  '',
  ' ',
  '\u0000',
  '\uFEFF',
  '😀'.repeat(50),
  '\u202Eevil',
  '<script>alert(1)</script>',
  "' or 1=1 --",
  '../../etc/passwd',
  '%00',
  '1e309',
  'NaN',
  '\uD800',
  '陪护'.repeat(3000),
];

export const oddString = () =>
  fc.oneof(fc.constantFrom(...ODD_STRINGS), fc.string({ unit: 'grapheme', maxLength: 40 }), fc.string({ minLength: 5000, maxLength: 20000 }));
export const anyJson = () =>
  fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.double(),
    oddString(),
    fc.array(fc.integer(), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 5 }), fc.integer(), { maxKeys: 3 }),
  );

/** A value the schema accepts (mostly: patterns and formats are approximated), with `depth` bounding recursion. */
export function valid(schema: JsonSchema | undefined, depth = 0): fc.Arbitrary<unknown> {
  if (!schema || depth > 5) return anyJson();
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...schema.enum);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (Array.isArray(alternatives) && alternatives.length > 0) return fc.oneof(...alternatives.map((s: JsonSchema) => valid(s, depth + 1)));
  if (Array.isArray(schema.allOf) && schema.allOf.length > 0) return valid(Object.assign({}, ...schema.allOf), depth + 1);
  switch (schema.type) {
    case 'string': {
      if (schema.pattern) {
        try {
          return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= (schema.maxLength ?? 1e6) && s.length >= (schema.minLength ?? 0));
        } catch {
          /* a pattern fast-check cannot invert: plain strings */
        }
      }
      if (schema.format === 'date-time')
        return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString());
      if (schema.format === 'date')
        return fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
      return fc.string({ unit: 'grapheme', minLength: schema.minLength ?? 0, maxLength: Math.min(schema.maxLength ?? 30, 200) });
    }
    case 'integer':
      return fc.integer({ min: Math.max(schema.minimum ?? -1e6, Number.MIN_SAFE_INTEGER), max: Math.min(schema.maximum ?? 1e6, Number.MAX_SAFE_INTEGER) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(valid(schema.items, depth + 1), { minLength: schema.minItems ?? 0, maxLength: Math.min(schema.maxItems ?? 4, 6) });
    case 'object': {
      const properties: Record<string, JsonSchema> = schema.properties ?? {};
      const required = new Set<string>(schema.required ?? []);
      const record: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, sub] of Object.entries(properties)) record[key] = valid(sub, depth + 1);
      return fc.record(record, { requiredKeys: [...required].filter((k) => k in record) });
    }
    default:
      return anyJson();
  }
}

/** A value built to be refused: the wrong type, a required field missing, an unknown field, an odd string. */
export function mutated(schema: JsonSchema | undefined): fc.Arbitrary<unknown> {
  const base = valid(schema);
  const kinds: Array<fc.Arbitrary<unknown>> = [anyJson()];
  if (schema?.type === 'object' && schema.properties) {
    const keys = Object.keys(schema.properties);
    if (keys.length > 0) {
      kinds.push(
        fc.tuple(base, fc.constantFrom(...keys), anyJson()).map(([value, key, wrong]) => ({ ...(value as object), [key]: wrong })),
        fc.tuple(base, fc.constantFrom(...keys)).map(([value, key]) => {
          const copy = { ...(value as Record<string, unknown>) };
          delete copy[key];
          return copy;
        }),
        fc.tuple(base, fc.constantFrom(...keys), oddString()).map(([value, key, text]) => ({ ...(value as object), [key]: text })),
      );
    }
    kinds.push(
      fc.tuple(base, fc.string({ minLength: 1, maxLength: 8 }), anyJson()).map(([value, key, extra]) => ({ ...(value as object), [`x_${key}`]: extra })),
    );
  }
  return fc.oneof(...kinds);
}
