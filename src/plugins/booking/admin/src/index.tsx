import { Stethoscope } from '@strapi/icons';

const PLUGIN_ID = 'booking';

/** The operators' console: one menu entry, visible to admins who may read orders. */
export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Stethoscope,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: '陪护运营' },
      Component: () => import('./pages/App'),
      permissions: [{ action: 'plugin::booking.orders.read', subject: null }],
    });
    app.registerPlugin({ id: PLUGIN_ID, name: '陪护运营' });
  },
  bootstrap() {},
};
