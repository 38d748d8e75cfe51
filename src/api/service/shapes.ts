/**
 * The two shapes a service takes on the content API, as explicit Strapi field and populate sets:
 * - card (GET /api/services): what a list, home or category screen draws — a few scalar fields, the cover with
 *   its responsive formats, the price-from and its unit, the category. About 1 KB per item instead of a whole page.
 * - detail (GET /api/services/:documentId and GET /api/services/by-slug/:slug): the page — card fields, the terms
 *   orders snapshot, the booking window, credentials and cities, and the body blocks with their pictures.
 * A client that sends its own `fields` or `populate` gets exactly what it asked for (validated as usual).
 * The response schemas for the API contract are in ./schemas.ts; a unit test keeps both in step.
 */

export const MEDIA_FIELDS = ['url', 'alternativeText', 'width', 'height', 'formats'] as const;
const media = { fields: [...MEDIA_FIELDS] };

export const SERVICE_CARD_FIELDS = ['name', 'slug', 'summary', 'active', 'sortOrder', 'locale'] as const;
export const SERVICE_CARD_PRICING_FIELDS = ['unit', 'basePriceFen', 'minUnits'] as const;

export const serviceCard = {
  fields: [...SERVICE_CARD_FIELDS],
  populate: {
    cover: media,
    category: { fields: ['name', 'slug'] },
    pricing: { fields: [...SERVICE_CARD_PRICING_FIELDS] },
  },
};

export const SERVICE_DETAIL_FIELDS = [
  ...SERVICE_CARD_FIELDS,
  'serviceHours',
  'priceStandard',
  'notes',
  'dailyStartTime',
  'dailyEndTime',
  'minLeadMinutes',
  'travelBufferMinutes',
  'createdAt',
  'updatedAt',
  'publishedAt',
] as const;

/** Every block of the body with what it needs to render: pictures with formats, nested rows and items. */
export const BODY_POPULATE = {
  on: {
    'blocks.rich-text': true,
    'blocks.image': { populate: { image: media } },
    'blocks.gallery': { populate: { images: media } },
    'blocks.process': { populate: { steps: true } },
    'blocks.price-table': { populate: { rows: true } },
    'blocks.faq': { populate: { items: true } },
    'blocks.notice': true,
    'blocks.video': { populate: { poster: media } },
  },
};

export const serviceDetail = {
  fields: [...SERVICE_DETAIL_FIELDS],
  populate: {
    cover: media,
    category: { fields: ['name', 'slug', 'icon'] },
    pricing: true,
    requiredCredentialTypes: { fields: ['code', 'name'] },
    cities: { fields: ['code', 'name'] },
    body: BODY_POPULATE,
  },
};

/** Categories are small: list and detail share one shape, with the neighbours in the tree and the icon picture. */
export const categoryShape = {
  fields: ['name', 'slug', 'icon', 'sortOrder', 'description', 'locale'],
  populate: {
    iconImage: media,
    parent: { fields: ['name', 'slug'] },
    children: { fields: ['name', 'slug', 'icon', 'sortOrder'] },
  },
};
