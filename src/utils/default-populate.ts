import { factories } from '@strapi/strapi';

/**
 * A core controller that populates what a front end needs when the client does not say, so a detail page
 * comes back whole in one request. Any explicit `populate` is honoured (and validated) as usual.
 */
export function controllerWithDefaultPopulate(uid: any, populate: Record<string, unknown>) {
  const withDefault = (ctx: any) => {
    if (ctx.query.populate === undefined) ctx.query = { ...ctx.query, populate };
  };
  return factories.createCoreController(uid, () => ({
    async find(ctx) {
      withDefault(ctx);
      return super.find(ctx);
    },
    async findOne(ctx) {
      withDefault(ctx);
      return super.findOne(ctx);
    },
  }));
}
