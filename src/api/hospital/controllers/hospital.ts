import { factories } from '@strapi/strapi';

const DEFAULT_POPULATE = { city: { fields: ['code', 'name'] }, departments: true };

export default factories.createCoreController('api::hospital.hospital', () => ({
  async find(ctx) {
    if (ctx.query.populate === undefined) ctx.query = { ...ctx.query, populate: DEFAULT_POPULATE };
    return super.find(ctx);
  },
  async findOne(ctx) {
    if (ctx.query.populate === undefined) ctx.query = { ...ctx.query, populate: DEFAULT_POPULATE };
    return super.findOne(ctx);
  },
}));
