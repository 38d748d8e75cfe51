import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
const send = require('koa-send');

/**
 * Serves the built H5 apps (apps/h5/dist, `npm run build:h5`) at /h5/: the customer app at /h5/ and the caregiver
 * app at /h5/caregiver/. Hashed assets are cached for a year; everything else (index.html, config.js) is
 * revalidated, and any other /h5/... path answers index.html so that the client-side router can take it.
 */
const PREFIX = '/h5';
const ONE_YEAR_MS = 365 * 24 * 3600 * 1000;

export default (config: { root?: string } = {}, { strapi }: { strapi: Core.Strapi }) => {
  const root = path.resolve(strapi.dirs.app.root, config.root ?? 'apps/h5/dist');
  const index = path.join(root, 'index.html');

  return async (ctx: any, next: () => Promise<void>) => {
    if (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`)) return next();
    if (ctx.method !== 'GET' && ctx.method !== 'HEAD') return next();
    if (ctx.path === PREFIX) return ctx.redirect(`${PREFIX}/`);
    if (!fs.existsSync(index)) {
      ctx.status = 404;
      ctx.type = 'text/plain; charset=utf-8';
      ctx.body = 'H5 尚未构建：请运行 npm run build（或 npm run build:h5）';
      return;
    }

    const relative = decodeURIComponent(ctx.path.slice(PREFIX.length + 1));
    const file = relative ? path.resolve(root, relative) : index;
    // Never leave the dist folder, whatever the path says.
    const inside = file === root || file.startsWith(root + path.sep);
    const exists = inside && relative !== '' && fs.existsSync(file) && fs.statSync(file).isFile();

    if (exists && relative.startsWith('assets/')) {
      await send(ctx, relative, { root, maxage: ONE_YEAR_MS, immutable: true });
      return;
    }
    if (exists) {
      ctx.set('Cache-Control', 'no-cache');
      await send(ctx, relative, { root });
      return;
    }
    // A missing asset is a real 404 (a stale page asking for an old chunk must not get HTML as JavaScript).
    if (relative.startsWith('assets/') || /\.[a-z0-9]{1,5}$/i.test(relative)) {
      ctx.status = 404;
      return;
    }
    ctx.set('Cache-Control', 'no-cache');
    await send(ctx, 'index.html', { root });
  };
};
