import { factories } from '@strapi/strapi';

/**
 * A service's detail page is useless without its price, steps and category, so those are populated when the
 * client does not ask for something else. Any explicit `populate` is honoured (and validated) as usual.
 */
const DEFAULT_POPULATE = {
  category: { fields: ['name', 'slug', 'icon'] },
  cover: { fields: ['url', 'alternativeText', 'width', 'height', 'formats'] },
  gallery: { fields: ['url', 'alternativeText', 'width', 'height', 'formats'] },
  process: true,
  pricing: true,
  requiredCredentialTypes: { fields: ['code', 'name'] },
  cities: { fields: ['code', 'name'] },
};

export default factories.createCoreController('api::service.service', () => ({
  async find(ctx) {
    if (ctx.query.populate === undefined) ctx.query = { ...ctx.query, populate: DEFAULT_POPULATE };
    return super.find(ctx);
  },
  async findOne(ctx) {
    if (ctx.query.populate === undefined) ctx.query = { ...ctx.query, populate: DEFAULT_POPULATE };
    return super.findOne(ctx);
  },
}));
