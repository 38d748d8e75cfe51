/**
 * Response contract of the catalog's service and category routes (zod v4), for the OpenAPI document and typed
 * clients. They describe the default shapes of ./shapes.ts (no `fields` / `populate` in the request):
 *
 *   GET /api/services                      → serviceListResponse   (cards)
 *   GET /api/services/:documentId          → serviceDetailResponse (the page)
 *   GET /api/services/by-slug/:slug        → serviceDetailResponse
 *   GET /api/service-categories[/:id]      → categoryListResponse / categoryDetailResponse
 *
 * Amounts are integer fen. Media objects are Strapi upload files; `formats` holds the responsive variants
 * (thumbnail, small, medium, large — only those smaller than the original exist).
 */
import { z } from 'zod';

const documentId = z.string().min(1);
const locale = z.string().min(2);

/** A responsive variant: where it is and how big (the default shapes drop Strapi's bookkeeping fields). */
export const mediaFormat = z.object({
  url: z.string(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
});

export const media = z.object({
  id: z.number().int(),
  documentId,
  url: z.string(),
  alternativeText: z.string().nullable(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  formats: z
    .object({ thumbnail: mediaFormat.optional(), small: mediaFormat.optional(), medium: mediaFormat.optional(), large: mediaFormat.optional() })
    .nullable(),
});

export const pricingUnit = z.enum(['per_visit', 'hour', 'half_day', 'day', 'night']);

const relationRef = <T extends z.ZodRawShape>(shape: T) => z.object({ id: z.number().int(), documentId, ...shape });

/** A service card: enough for a list item (picture, name, one line, price from, unit, category). */
export const serviceCard = z.object({
  id: z.number().int(),
  documentId,
  name: z.string(),
  slug: z.string(),
  summary: z.string().nullable(),
  active: z.boolean(),
  sortOrder: z.number().int().nullable(),
  locale,
  cover: media.nullable(),
  category: relationRef({ name: z.string(), slug: z.string() }).nullable(),
  /** Price from: basePriceFen per unit, booked in at least minUnits units. */
  pricing: z.object({ id: z.number().int(), unit: pricingUnit, basePriceFen: z.number().int(), minUnits: z.number().int() }).nullable(),
});

const componentId = { id: z.number().int() };

export const block = z.discriminatedUnion('__component', [
  z.object({ __component: z.literal('blocks.rich-text'), ...componentId, title: z.string().nullable(), body: z.string() }),
  z.object({ __component: z.literal('blocks.image'), ...componentId, caption: z.string().nullable(), image: media.nullable() }),
  z.object({ __component: z.literal('blocks.gallery'), ...componentId, title: z.string().nullable(), images: z.array(media) }),
  z.object({
    __component: z.literal('blocks.process'),
    ...componentId,
    title: z.string().nullable(),
    steps: z.array(z.object({ ...componentId, order: z.number().int(), title: z.string(), description: z.string().nullable() })),
  }),
  z.object({
    __component: z.literal('blocks.price-table'),
    ...componentId,
    title: z.string().nullable(),
    footnote: z.string().nullable(),
    rows: z.array(
      z.object({
        ...componentId,
        label: z.string(),
        amountFen: z.number().int().nullable(),
        percent: z.number().int().nullable(),
        per: z.string().nullable(),
        note: z.string().nullable(),
      }),
    ),
  }),
  z.object({
    __component: z.literal('blocks.faq'),
    ...componentId,
    title: z.string().nullable(),
    items: z.array(z.object({ ...componentId, question: z.string(), answer: z.string() })),
  }),
  z.object({ __component: z.literal('blocks.notice'), ...componentId, tone: z.enum(['info', 'warning']), title: z.string().nullable(), body: z.string() }),
  z.object({ __component: z.literal('blocks.video'), ...componentId, url: z.string(), title: z.string().nullable(), poster: media.nullable() }),
]);

export const servicePricing = z.object({
  id: z.number().int(),
  unit: pricingUnit,
  basePriceFen: z.number().int(),
  minUnits: z.number().int(),
  maxUnits: z.number().int().nullable(),
  nightSurchargeFen: z.number().int().nullable(),
  weekendSurchargePercent: z.number().int().nullable(),
  holidaySurchargePercent: z.number().int().nullable(),
  dependentSurchargeFen: z.number().int().nullable(),
  visitMinutes: z.number().int().nullable(),
});

/** The detail page: the card, the terms an order snapshots, the booking window, and the body blocks. */
export const serviceDetail = serviceCard.omit({ category: true, pricing: true }).extend({
  serviceHours: z.string().nullable(),
  priceStandard: z.string().nullable(),
  notes: z.string().nullable(),
  /** Beijing wall-clock "HH:mm:ss.SSS": the window in which a booking may start. */
  dailyStartTime: z.string(),
  dailyEndTime: z.string(),
  minLeadMinutes: z.number().int(),
  travelBufferMinutes: z.number().int(),
  createdAt: z.string(),
  updatedAt: z.string(),
  publishedAt: z.string().nullable(),
  category: relationRef({ name: z.string(), slug: z.string(), icon: z.string().nullable() }).nullable(),
  pricing: servicePricing.nullable(),
  requiredCredentialTypes: z.array(relationRef({ code: z.string(), name: z.string() })),
  cities: z.array(relationRef({ code: z.string(), name: z.string() })),
  body: z.array(block),
});

const pagination = z.object({ page: z.number().int(), pageSize: z.number().int(), pageCount: z.number().int(), total: z.number().int() });

export const serviceListResponse = z.object({ data: z.array(serviceCard), meta: z.object({ pagination }) });
export const serviceDetailResponse = z.object({ data: serviceDetail, meta: z.object({}) });

export const category = z.object({
  id: z.number().int(),
  documentId,
  name: z.string(),
  slug: z.string(),
  icon: z.string().nullable(),
  sortOrder: z.number().int().nullable(),
  description: z.string().nullable(),
  locale,
  iconImage: media.nullable(),
  parent: relationRef({ name: z.string(), slug: z.string() }).nullable(),
  children: z.array(relationRef({ name: z.string(), slug: z.string(), icon: z.string().nullable(), sortOrder: z.number().int().nullable() })),
});

export const categoryListResponse = z.object({ data: z.array(category), meta: z.object({ pagination }) });
export const categoryDetailResponse = z.object({ data: category, meta: z.object({}) });

/** Path parameter of the by-slug route. */
export const slugParam = z
  .string()
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'slug 格式不正确')
  .max(80);

export type ServiceCard = z.infer<typeof serviceCard>;
export type ServiceDetail = z.infer<typeof serviceDetail>;
export type CatalogBlock = z.infer<typeof block>;
export type Category = z.infer<typeof category>;
