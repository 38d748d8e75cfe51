import type { Core } from '@strapi/strapi';
import { ensureIndexes } from './database/indexes';
import { grantBookingPermissions, registerAdminActions } from './permissions';
import { subscribe } from './subscriptions';
import { bookingService } from './utils/plugin';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // Misconfigured encryption must stop the boot, not the first patient save.
  bookingService(strapi, 'pii').assertConfigured();
  // Same for real-name verification: a missing key, or the sandbox provider in production, stops the boot.
  bookingService(strapi, 'identity').assertConfigured();
  bookingService(strapi, 'private-files').assertConfigured();
  await ensureIndexes(strapi);
  // Personal fields written before they were encrypted are sealed once (idempotent; a no-op query afterwards).
  await bookingService(strapi, 'order-secrets').sealLegacy();
  await bookingService(strapi, 'patients').sealLegacy();
  await grantBookingPermissions(strapi);
  await registerAdminActions(strapi);
  subscribe(strapi);
  await bookingService(strapi, 'realtime').start();
  // Timeout jobs (unpaid, change requests, reminders, auto-confirm); no-op unless jobs and server.cron are enabled.
  bookingService(strapi, 'jobs').schedule();
  // SIGTERM/SIGINT drain the instance (readiness 503, in-flight requests and the running job finish) before exit.
  bookingService(strapi, 'shutdown').install();
};
