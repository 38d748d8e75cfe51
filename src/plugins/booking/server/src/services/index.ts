/**
 * The plugin's services, one folder per feature (mirroring tests/integration and bench). The registry keys are
 * the names `strapi.plugin('booking').service(name)` answers to; `BookingServices` (utils/plugin.ts) types them.
 */
import accounts from './accounts';
import analytics from './analytics';
import caregivers from './caregivers';
import operatorConsole from './console';
import dispatch from './dispatch';
import earnings from './earnings';
import feedback from './feedback';
import notifications from './notifications';
import orders from './orders';
import payments from './payments';
import platform from './platform';
import training from './training';

const services = {
  ...accounts,
  ...analytics,
  ...caregivers,
  ...operatorConsole,
  ...dispatch,
  ...earnings,
  ...feedback,
  ...notifications,
  ...orders,
  ...payments,
  ...platform,
  ...training,
};

export default services;
export type ServiceFactories = typeof services;
