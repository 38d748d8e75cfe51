/** Notifications: inbox, SMS fan-out, server-sent events. */
import notifications from './notifications';
import realtime from './realtime';

export default {
  notifications,
  realtime,
};
