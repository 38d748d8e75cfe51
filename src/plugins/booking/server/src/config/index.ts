/** Plugin configuration defaults; override under `booking.config` in config/plugins.ts. */
export default {
  default: {},
  validator(_config: Record<string, unknown>) {},
};
