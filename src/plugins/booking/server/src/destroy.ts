import type { Core } from '@strapi/strapi';
import { bookingService } from './utils/plugin';

export default async ({ strapi }: { strapi: Core.Strapi }) => {
  // Before realtime and the database go away: waits for job runs in progress.
  await bookingService(strapi, 'jobs').stop();
  await bookingService(strapi, 'events').settle();
  await bookingService(strapi, 'realtime').stop();
  bookingService(strapi, 'private-files').destroy();
};
