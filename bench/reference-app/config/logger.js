// The one deviation from a fresh app: the same log level as the app under test, so neither pays for
// per-request log lines the other does not write.
const { winston, formats } = require('@strapi/logger');

module.exports = {
  transports: [new winston.transports.Console({ level: process.env.LOG_LEVEL || 'http', format: formats.prettyPrint() })],
};
