import fs from 'node:fs';
import path from 'node:path';
import type { Core } from '@strapi/strapi';

/**
 * The interactive API reference at /api-reference (Swagger UI from the swagger-ui-dist npm package, served from
 * node_modules: no CDN) over the committed docs/openapi.json. Outside production only: production answers 404,
 * as if the route did not exist. The page loads no inline script, so the platform's CSP stays as it is.
 */
const PREFIX = '/api-reference';
const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

const PAGE = `<!doctype html>
<html lang="zh-CN">
<head>
  <meta charset="utf-8">
  <title>同城看护陪护预约平台 API 参考</title>
  <link rel="stylesheet" href="${PREFIX}/swagger-ui.css">
  <link rel="icon" href="${PREFIX}/favicon-32x32.png">
</head>
<body>
  <div id="swagger-ui"></div>
  <script src="${PREFIX}/swagger-ui-bundle.js"></script>
  <script src="${PREFIX}/swagger-ui-standalone-preset.js"></script>
  <script src="${PREFIX}/init.js"></script>
</body>
</html>
`;

// No "Try it out" against production by accident: the page targets the server it is served from.
const INIT = `window.ui = SwaggerUIBundle({
  url: '${PREFIX}/openapi.json',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

export default (_config: unknown, { strapi }: { strapi: Core.Strapi }) => {
  const enabled = process.env.NODE_ENV !== 'production';
  const assetDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  const specFile = path.join(strapi.dirs.app.root, 'docs', 'openapi.json');

  return async (ctx: any, next: () => Promise<void>) => {
    if (!enabled || ctx.method !== 'GET' || (ctx.path !== PREFIX && !ctx.path.startsWith(`${PREFIX}/`))) return next();
    const file = ctx.path.slice(PREFIX.length + 1);
    if (file === '' || file === 'index.html') {
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = PAGE;
    } else if (file === 'init.js') {
      ctx.type = 'application/javascript; charset=utf-8';
      ctx.body = INIT;
    } else if (file === 'openapi.json') {
      const spec = JSON.parse(await fs.promises.readFile(specFile, 'utf8'));
      spec.servers = [{ url: ctx.origin, description: 'this server' }];
      ctx.body = spec;
    } else if (Object.prototype.hasOwnProperty.call(ASSETS, file)) {
      ctx.type = ASSETS[file];
      ctx.set('Cache-Control', 'public, max-age=3600');
      ctx.body = fs.createReadStream(path.join(assetDir, file));
    } else {
      return next();
    }
  };
};
