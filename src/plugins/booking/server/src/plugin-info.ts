import { readFileSync } from 'node:fs';
import path from 'node:path';

// Both server/src/plugin-info.ts and its compiled dist/server/plugin-info.js sit two levels below the plugin root.
const pkg = JSON.parse(readFileSync(path.resolve(__dirname, '../../package.json'), 'utf8')) as { name: string; version: string };

export const PLUGIN_ID = 'booking';
export const PLUGIN_VERSION = pkg.version;
