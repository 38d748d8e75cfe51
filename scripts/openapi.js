'use strict';
/**
 * Writes docs/openapi.json: Strapi's own generator (@strapi/openapi, the engine of `strapi openapi generate`) run
 * over the content API and the admin API, then post-processed only where the generator cannot express something:
 *   - the two documents merged into one (the CLI writes content-api only),
 *   - per-route error responses listing the catalogue codes the route declares (`errors` on the route), grouped
 *     by HTTP status, each with Strapi's error shape (the generator writes bare 400/401/403/404/500 stubs),
 *   - security (users-permissions JWT, admin JWT, or none for public routes), summaries, tags,
 *   - raw answers (provider acknowledgements, CSV) described with their own media type,
 *   - multipart uploads (`upload` on the route) described as a multipart/form-data request body,
 *   - request-body fields with a default not listed as required (the generator converts in zod's output mode),
 *   - success statuses other than 200 (201 Created, 202 Accepted) the route declares (`status` on the route).
 * It also snapshots the GraphQL schema into docs/schema.graphql.
 * `--check` regenerates into memory and fails when docs/openapi.json or docs/schema.graphql differs (CI drift check).
 * Usage: npm run openapi [-- --check]
 */
const fs = require('fs');
const path = require('path');
const { createHash } = require('crypto');

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, 'docs', 'openapi.json');
const GRAPHQL_OUT = path.join(ROOT, 'docs', 'schema.graphql');
const check = process.argv.includes('--check');

// A throwaway environment: the generator boots the app (no server is started, nothing is served).
const derive = (label) => createHash('sha256').update(`openapi-generation:${label}`).digest('base64');
const env = {
  NODE_ENV: 'development',
  STRAPI_TELEMETRY_DISABLED: 'true',
  DATABASE_CLIENT: 'sqlite',
  DATABASE_FILENAME: path.join(ROOT, '.tmp', `openapi-${process.pid}.db`),
  APP_KEYS: `${derive('k1')},${derive('k2')}`,
  API_TOKEN_SALT: derive('salt'),
  ADMIN_JWT_SECRET: derive('admin'),
  TRANSFER_TOKEN_SALT: derive('transfer'),
  JWT_SECRET: derive('jwt'),
  ENCRYPTION_KEY: derive('enc'),
  PII_ENCRYPTION_KEYS: `gen1:${derive('pii')}`,
  PII_ACTIVE_KEY_ID: 'gen1',
  PII_BLIND_INDEX_KEY: derive('blind'),
  PAYMENT_SANDBOX_SECRET: derive('sandbox'),
  SEED_DEMO: 'false',
  CRON_ENABLED: 'false',
  STARTUP_BANNER: 'false',
  LOG_LEVEL: 'error',
};
for (const [k, v] of Object.entries(env)) process.env[k] = v;

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
/** "caregiver-orders.findOne" -> "Caregiver orders: find one" (a route without a written summary). */
const humanise = (handler) => {
  const [controller, action] = handler.split('.');
  const words = (x) =>
    x
      .replace(/([a-z])([A-Z])/g, '$1 $2')
      .replace(/-/g, ' ')
      .toLowerCase();
  const c = words(controller);
  return `${c.charAt(0).toUpperCase()}${c.slice(1)}: ${words(action)}`;
};
const toOpenApiPath = (p) => p.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

const GENERATION_TIME = new RegExp(`^${new Date().toISOString().slice(0, 10)}T[0-9:.]+Z$`);

function sortKeys(value) {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    // A default computed at generation time (Strapi's timestamps default to "now") would make every run differ.
    const keys = Object.keys(value).filter((k) => !(k === 'default' && typeof value[k] === 'string' && GENERATION_TIME.test(value[k])));
    return Object.fromEntries(keys.sort().map((k) => [k, sortKeys(value[k])]));
  }
  return value;
}

/** The route contracts (declared with route() in the booking plugin), keyed by "method path". */
function contractsOf(strapi) {
  const map = new Map();
  const routers = strapi.plugin('booking').routes;
  for (const [kind, router] of Object.entries(routers)) {
    const prefix = kind === 'admin' ? '/booking' : '/api/booking';
    for (const r of router.routes) {
      if (r.contract) map.set(`${r.method.toLowerCase()} ${toOpenApiPath(prefix + r.path)}`, { ...r.contract, handler: r.handler, kind });
    }
  }
  return map;
}

/**
 * Adds a path item, merging paths that differ only by parameter names (users-permissions declares
 * /users-permissions/roles/:id and /:role) and declaring path parameters an operation leaves out.
 */
function addPath(paths, p, item) {
  const shape = (x) => x.replace(/\{[^}]+\}/g, '{}');
  const existing = Object.keys(paths).find((k) => k !== p && shape(k) === shape(p));
  let target = p;
  if (existing) {
    const names = [...existing.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    const own = [...p.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
    for (const method of METHODS) {
      if (!item[method]) continue;
      item[method].parameters = (item[method].parameters ?? []).map((param) => {
        const i = param.in === 'path' ? own.indexOf(param.name) : -1;
        return i >= 0 ? { ...param, name: names[i] } : param;
      });
    }
    target = existing;
  }
  const merged = { ...(paths[target] ?? {}), ...item };
  const wanted = [...target.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
  for (const method of METHODS) {
    const op = merged[method];
    if (!op) continue;
    op.parameters = op.parameters ?? [];
    for (const name of wanted) {
      if (!op.parameters.some((param) => param.in === 'path' && param.name === name)) {
        op.parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
      }
    }
  }
  paths[target] = merged;
}

function errorResponses(contract, catalogue, generic) {
  const codes = new Set(['BAD_REQUEST', 'INTERNAL_ERROR']);
  if (!contract || contract.hasInput) codes.add('VALIDATION_FAILED');
  if (!contract || contract.auth) codes.add('UNAUTHENTICATED').add('FORBIDDEN');
  if (contract?.kind === 'admin') codes.add('FORBIDDEN');
  for (const code of contract?.errors ?? []) codes.add(code);
  if (!contract) codes.add('ROUTE_NOT_FOUND');
  const byStatus = {};
  for (const code of [...codes].sort()) {
    const status = String(catalogue[code].status);
    (byStatus[status] ??= []).push(code);
  }
  const responses = {};
  for (const [status, list] of Object.entries(byStatus)) {
    responses[status] = {
      description: list.map((c) => `\`${c}\` ${catalogue[c].message}`).join('; '),
      'x-error-codes': list,
      content: {
        'application/json': {
          schema: {
            allOf: [
              { $ref: '#/components/schemas/ErrorResponse' },
              {
                type: 'object',
                properties: {
                  error: {
                    type: 'object',
                    properties: { status: { const: Number(status) }, details: { type: 'object', properties: { code: { type: 'string', enum: list } } } },
                  },
                },
              },
            ],
          },
        },
      },
    };
  }
  void generic;
  return responses;
}

const SUCCESS_TEXT = { 200: 'OK', 201: 'Created', 202: 'Accepted (not applied yet)' };

/**
 * The generator documents every answer as 200; a route declares its real success status(es) (`status` on route():
 * 201 for a creation, [201, 200] for "created or already there", 202 for accepted work). The same schema is
 * listed under each of them, plus the route's alternative media type (a CSV download) when it has one.
 */
function moveSuccess(op, statuses, alternative) {
  const ok = op.responses['200'];
  if (!ok) return;
  delete op.responses['200'];
  for (const status of statuses) {
    const response = { ...ok, description: SUCCESS_TEXT[status] ?? ok.description };
    // A second media type the same route answers (analytics figures as CSV with format=csv).
    if (alternative) {
      response.description = `${response.description}; ${alternative.description}`;
      response.content = { ...response.content, [alternative.contentType]: { schema: { type: 'string' } } };
    }
    op.responses[String(status)] = response;
  }
}

/**
 * The generator converts request schemas in zod's output mode, so a field with a default (`languages: []`) is
 * listed as required although a client may leave it out: a defaulted property is not required in a request body.
 */
function unrequireDefaults(schema) {
  if (Array.isArray(schema)) return schema.forEach(unrequireDefaults);
  if (!schema || typeof schema !== 'object') return;
  if (Array.isArray(schema.required) && schema.properties) {
    schema.required = schema.required.filter((name) => schema.properties[name]?.default === undefined);
    if (schema.required.length === 0) delete schema.required;
  }
  for (const value of Object.values(schema)) unrequireDefaults(value);
}

const ERROR_SCHEMA = {
  type: 'object',
  description: "Strapi's error shape; details.code is from the error catalogue (docs/errors.md)",
  required: ['data', 'error'],
  properties: {
    data: { type: 'null' },
    error: {
      type: 'object',
      required: ['status', 'name', 'message', 'details'],
      properties: {
        status: { type: 'integer' },
        name: { type: 'string' },
        message: { type: 'string', description: 'Chinese, shown to the user as is' },
        details: {
          type: 'object',
          required: ['code'],
          properties: { code: { type: 'string' } },
          additionalProperties: true,
        },
      },
    },
  },
};

function postProcess(contentApi, admin, contracts, catalogue) {
  const doc = contentApi;
  doc.info = {
    title: '同城看护陪护预约平台 API',
    version: doc.info?.version ?? '0.1.0',
    description:
      "Content API (`/api/...`, users-permissions JWT unless public) and operators' admin API (`/booking/...`, admin JWT). " +
      "Success answers are `{ data, meta? }`; errors are Strapi's error shape with `details.code` from the catalogue. " +
      'Money is integer fen; times are ISO 8601. The guide is docs/api.md in the repository.',
    license: { name: 'MIT', identifier: 'MIT' },
  };
  doc.servers = [{ url: 'http://localhost:1337', description: 'local development' }];
  // Content-API paths are relative to /api in the generated document and admin paths to the host: one server,
  // absolute paths, so that /api/booking/orders (customers) and /booking/orders (operators) stay apart.
  const contentPaths = contentApi.paths ?? {};
  doc.paths = {};
  for (const [p, item] of Object.entries(contentPaths)) addPath(doc.paths, `/api${p}`, item);
  for (const [p, item] of Object.entries(admin.paths ?? {})) {
    if (!p.startsWith('/booking/')) continue;
    for (const method of METHODS) if (item[method]?.operationId) item[method].operationId = `admin/${item[method].operationId}`;
    addPath(doc.paths, p, item);
  }
  doc.components = { ...(doc.components ?? {}), ...(admin.components ?? {}) };
  doc.components.schemas = { ...(contentApi.components?.schemas ?? {}), ...(admin.components?.schemas ?? {}), ErrorResponse: ERROR_SCHEMA };
  doc.components.securitySchemes = {
    bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'users-permissions JWT from a sign-in route (customers and caregivers)' },
    adminJwt: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Strapi admin-panel JWT (operators)' },
  };
  const tags = new Set();
  const operationIds = new Set();
  for (const [p, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method];
      if (!op) continue;
      const contract = contracts.get(`${method} ${p}`);
      for (const s of ['400', '401', '403', '404', '500']) delete op.responses[s];
      unrequireDefaults(op.requestBody);
      Object.assign(op.responses, errorResponses(contract, catalogue));
      if (contract) {
        const isAdmin = contract.kind === 'admin';
        op.security = contract.auth ? [isAdmin ? { adminJwt: [] } : { bearerAuth: [] }] : [];
        const segment = p.split('/').filter(Boolean)[isAdmin ? 1 : 2] ?? 'booking';
        op.tags = [isAdmin ? `admin: ${segment}` : `booking: ${segment}`];
        op.summary = contract.summary ?? humanise(contract.handler);
        if (contract.description) op.description = contract.description;
        if (contract.upload) {
          // Multipart uploads have no zod body (Strapi's body parser reads the form): describe the form here.
          op.requestBody = {
            required: true,
            content: {
              'multipart/form-data': {
                schema: {
                  type: 'object',
                  required: [contract.upload.field],
                  properties: { [contract.upload.field]: { type: 'string', format: 'binary', description: contract.upload.description } },
                },
                encoding: { [contract.upload.field]: { contentType: 'image/jpeg, image/png, image/webp, image/gif' } },
              },
            },
          };
        }
        if (contract.raw)
          op.responses['200'] = { description: contract.raw.description, content: { [contract.raw.contentType]: { schema: { type: 'string' } } } };
        else moveSuccess(op, contract.statuses ?? [200], contract.alternative);
      } else if (p.startsWith('/api/')) {
        op.security = op.security ?? [{ bearerAuth: [] }, {}];
      }
      while (operationIds.has(op.operationId)) op.operationId = `${op.operationId}_2`;
      operationIds.add(op.operationId);
      if (!op.summary) op.summary = `${method.toUpperCase()} ${p}`;
      if (!op.responses['200'] && !op.responses['201']) op.responses['200'] = { description: 'OK' };
      for (const t of op.tags ?? []) tags.add(t);
    }
  }
  doc.tags = [...tags].sort().map((name) => ({
    name,
    description: name.startsWith('admin: ') ? `Operators: ${name.slice(7)}` : name.startsWith('booking: ') ? `Booking: ${name.slice(9)}` : name,
  }));
  return sortKeys(doc);
}

async function main() {
  fs.mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  fs.mkdirSync(path.join(ROOT, 'public', 'uploads'), { recursive: true });
  const { compileStrapi, createStrapi } = require('@strapi/strapi');
  const { generate } = require('@strapi/openapi');
  const { ERROR_CATALOGUE } = require(path.join(ROOT, 'src/plugins/booking/dist/server/domain/errors.js'));
  const ctx = await compileStrapi();
  const app = createStrapi({ ...ctx, autoReload: false, serveAdminPanel: false });
  app.log.level = 'error';
  let text;
  let graphqlText;
  try {
    await app.load();
    app.server.mount();
    const contentApi = generate(app, { type: 'content-api' }).document;
    const admin = generate(app, { type: 'admin' }).document;
    const doc = postProcess(contentApi, admin, contractsOf(app), ERROR_CATALOGUE);
    text = `${JSON.stringify(doc, null, 2)}\n`;
    // The GraphQL schema, snapshotted and checked the same way (booking operations have explicit types).
    const { printSchema, lexicographicSortSchema } = require('graphql');
    graphqlText = `${printSchema(lexicographicSortSchema(app.plugin('graphql').service('content-api').buildSchema()))}\n`;
  } finally {
    await app.destroy();
    fs.rmSync(env.DATABASE_FILENAME, { force: true });
  }
  if (check) {
    const current = fs.existsSync(OUT) ? fs.readFileSync(OUT, 'utf8') : '';
    const currentGraphql = fs.existsSync(GRAPHQL_OUT) ? fs.readFileSync(GRAPHQL_OUT, 'utf8') : '';
    if (currentGraphql !== graphqlText) {
      fs.writeFileSync(path.join(ROOT, '.tmp', 'schema.generated.graphql'), graphqlText);
      console.error('docs/schema.graphql is out of date: run `npm run openapi` and commit it (fresh copy in .tmp/schema.generated.graphql)');
      process.exit(1);
    }
    if (current !== text) {
      fs.writeFileSync(path.join(ROOT, '.tmp', 'openapi.generated.json'), text);
      console.error('docs/openapi.json is out of date: run `npm run openapi` and commit it (fresh copy in .tmp/openapi.generated.json)');
      process.exit(1);
    }
    console.log('docs/openapi.json is up to date');
  } else {
    fs.writeFileSync(OUT, text);
    fs.writeFileSync(GRAPHQL_OUT, graphqlText);
    console.log(`wrote ${path.relative(ROOT, OUT)} (${Object.keys(JSON.parse(text).paths).length} paths)`);
  }
  process.exit(0);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
