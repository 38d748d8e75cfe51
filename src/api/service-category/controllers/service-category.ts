import { factories } from '@strapi/strapi';

// Front ends render the category tree: neighbours in the tree come along unless the client asks otherwise.
const DEFAULT_POPULATE = {
  parent: { fields: ['name', 'slug'] },
  children: { fields: ['name', 'slug', 'icon', 'sortOrder'] },
};

export default factories.createCoreController('api::service-category.service-category', () => ({
  async find(ctx) {
    if (ctx.query.populate === undefined) ctx.query = { ...ctx.query, populate: DEFAULT_POPULATE };
    return super.find(ctx);
  },
  async findOne(ctx) {
    if (ctx.query.populate === undefined) ctx.query = { ...ctx.query, populate: DEFAULT_POPULATE };
    return super.findOne(ctx);
  },
}));
