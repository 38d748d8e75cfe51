/** Platform: jobs runner, health and availability, metrics, graceful shutdown, PII crypto, audit log, private files, shared rate limits. */
import auditLog from './audit-log';
import availability from './availability';
import events from './events';
import health from './health';
import jobs from './jobs';
import metrics from './metrics';
import pii from './pii';
import privateFiles from './private-files';
import rateLimits from './rate-limits';
import shutdown from './shutdown';

export default {
  'audit-log': auditLog,
  availability,
  events,
  health,
  jobs,
  metrics,
  pii,
  'private-files': privateFiles,
  'rate-limits': rateLimits,
  shutdown,
};
