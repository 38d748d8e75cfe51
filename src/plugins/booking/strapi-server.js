'use strict';

// Strapi loads a local plugin from this folder; the TypeScript server code is compiled to dist/server
// by `npm run build:plugin` (the root tsconfig excludes src/plugins/**).
module.exports = require('./dist/server');
