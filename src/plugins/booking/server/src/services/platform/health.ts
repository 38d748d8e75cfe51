import type { Core } from '@strapi/strapi';
import { PLUGIN_VERSION } from '../../plugin-info';

export default ({ strapi }: { strapi: Core.Strapi }) => ({
  /** Liveness plus a real round trip to the database, so a load balancer sees a broken connection. */
  async report() {
    const started = Date.now();
    await strapi.db.connection.raw('select 1');
    return {
      status: 'ok',
      plugin: 'booking',
      version: PLUGIN_VERSION,
      database: { client: strapi.db.dialect.client as string, latencyMs: Date.now() - started },
      time: new Date().toISOString(),
    };
  },
});
