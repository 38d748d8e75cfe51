'use strict';
/**
 * Moves caregiver ID-card and certificate scans that older versions stored as Media Library files (public
 * `/uploads` URL or public bucket object) into the private store, rewrites the caregiver / credential references
 * to opaque keys, and deletes the public files and their upload rows. Idempotent: run it again and it finds nothing
 * left to move (a copy made before an interruption is reused, not duplicated).
 *
 * Usage (with the production environment, after deploying this version, one instance is enough):
 *   npm run build:plugin && node scripts/migrate-private-scans.js
 * Exit code 1 when a file could not be moved (it stays where it was; fix the cause and run again).
 */
const path = require('path');

async function main() {
  // A maintenance run: no cron jobs, no booking jobs, no banner.
  process.env.CRON_ENABLED = 'false';
  process.env.BOOKING_JOBS_ENABLED = 'false';
  process.env.STARTUP_BANNER = 'false';
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  const appContext = await compileStrapi({ appDir: path.resolve(__dirname, '..') });
  const app = await createStrapi({ ...appContext, autoReload: false, serveAdminPanel: false }).load();
  try {
    const report = await app
      .plugin('booking')
      .service('scan-migration')
      .migrateLegacyScans((line) => console.log(line));
    console.log(`moved ${report.moved}, discarded ${report.discarded} (slot already private), failed ${report.failed.length}`);
    return report.failed.length === 0 ? 0 : 1;
  } finally {
    await app.destroy();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
