import { Stethoscope } from '@strapi/icons';
import { ALL_ACTIONS } from './lib/permissions';

const PLUGIN_ID = 'booking';

/** The operators' console: one menu entry, shown to any admin holding at least one of the plugin's actions. */
export default {
  register(app: any) {
    app.addMenuLink({
      to: `plugins/${PLUGIN_ID}`,
      icon: Stethoscope,
      intlLabel: { id: `${PLUGIN_ID}.plugin.name`, defaultMessage: '陪护运营' },
      Component: () => import('./pages/App'),
      permissions: ALL_ACTIONS.map((action) => ({ action: `plugin::booking.${action}`, subject: null })),
    });
    app.registerPlugin({ id: PLUGIN_ID, name: '陪护运营' });
  },
  bootstrap() {},
};
