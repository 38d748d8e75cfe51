/**
 * Orders: submit, lifecycle (state machine + CAS + events), changes, views, numbers, encrypted fields, schedule holds,
 * and what happens when an order's clock runs out (timeouts).
 */
import orderChanges from './order-changes';
import orderLifecycle from './order-lifecycle';
import orderNumbers from './order-numbers';
import orderSecrets from './order-secrets';
import orderSubmit from './order-submit';
import orderTimeouts from './order-timeouts';
import orderViews from './order-views';
import schedules from './schedules';

export default {
  'order-changes': orderChanges,
  'order-lifecycle': orderLifecycle,
  'order-numbers': orderNumbers,
  'order-secrets': orderSecrets,
  'order-submit': orderSubmit,
  'order-timeouts': orderTimeouts,
  'order-views': orderViews,
  schedules,
};
