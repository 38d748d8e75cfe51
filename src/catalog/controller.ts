import { factories } from '@strapi/strapi';
import { errors } from '@strapi/utils';
import { assertListDraftAllowed, previewGrants, refuseDraft, wantsDraft } from './draft-access';

export interface Shape {
  fields?: string[];
  populate?: Record<string, unknown>;
}

/**
 * The shape a route answers with unless the client chose its own `fields` / `populate` (validated as usual).
 * Returns true when the default shape applies (then pictures are trimmed, see trimMedia).
 */
function withShape(ctx: any, shape: Shape): boolean {
  const query = { ...ctx.query };
  const defaults = query.fields === undefined && query.populate === undefined;
  if (query.fields === undefined && shape.fields) query.fields = shape.fields;
  if (query.populate === undefined && shape.populate) query.populate = shape.populate;
  ctx.query = query;
  return defaults;
}

/**
 * Strapi stores each responsive format of a picture with its name, hash, extension, path and sizes; a front end
 * needs where it is and how big. Trimming them halves a card (25 cards: ~38 KB → ~18 KB). Applies to the
 * default shapes only: a client that asks for fields gets Strapi's objects untouched.
 */
export function trimMedia(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(trimMedia);
  if (!value || typeof value !== 'object') return value;
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(object)) {
    if (key === 'formats' && 'url' in object && inner && typeof inner === 'object') {
      out.formats = Object.fromEntries(
        Object.entries(inner as Record<string, any>).map(([name, f]) => [name, { url: f?.url, width: f?.width ?? null, height: f?.height ?? null }]),
      );
    } else {
      out[key] = trimMedia(inner);
    }
  }
  return out;
}

const trimmed = async (ctx: any, result: Promise<any>, defaults: boolean) => {
  const body = await result;
  return defaults && body && typeof body === 'object' ? { ...body, data: trimMedia(body.data) } : body;
};

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** The core controller's helpers findBySlug uses (always present on a core controller). */
interface CoreHelpers {
  validateQuery(ctx: unknown): Promise<void>;
  sanitizeQuery(ctx: unknown): Promise<Record<string, unknown>>;
  sanitizeOutput(data: unknown, ctx: unknown): Promise<unknown>;
  transformResponse(data: unknown): unknown;
}

/**
 * A read-only catalog controller: `find` answers with the list shape, `findOne` and `findBySlug` with the
 * detail shape, and drafts are refused unless draft-access.ts allows them.
 */
export function catalogController(uid: string, shapes: { list: Shape; detail: Shape }) {
  return factories.createCoreController(uid as any, ({ strapi }) => ({
    async find(ctx) {
      assertListDraftAllowed(ctx);
      const defaults = withShape(ctx, shapes.list);
      return trimmed(ctx, super.find(ctx), defaults);
    },

    async findOne(ctx) {
      if (wantsDraft(ctx.query) && !previewGrants(ctx, uid, String(ctx.params.id))) refuseDraft();
      const defaults = withShape(ctx, shapes.detail);
      return trimmed(ctx, super.findOne(ctx), defaults);
    },

    /** GET /…/by-slug/:slug — front ends route by slug (e.g. /h5/#/services/infusion-at-home). */
    async findBySlug(ctx) {
      const { slug } = ctx.params;
      if (typeof slug !== 'string' || slug.length > 80 || !SLUG.test(slug)) {
        throw new errors.ValidationError('slug 格式不正确', { code: 'VALIDATION_FAILED', key: 'slug' });
      }
      const core = this as unknown as CoreHelpers;
      const defaults = withShape(ctx, shapes.detail);
      await core.validateQuery(ctx);
      const query = await core.sanitizeQuery(ctx);
      const { results } = await (strapi.service(uid as any) as any).find({ ...query, filters: { slug }, pagination: { page: 1, pageSize: 1 } });
      const entity = results?.[0];
      if (entity && wantsDraft(ctx.query) && !previewGrants(ctx, uid, entity.documentId)) refuseDraft();
      if (!entity) return ctx.notFound();
      const sanitized = await core.sanitizeOutput(entity, ctx);
      return trimmed(ctx, Promise.resolve(core.transformResponse(sanitized)), defaults);
    },
  }));
}
