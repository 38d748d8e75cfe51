'use strict';
/** Writes .env from .env.example, replacing every "change-me" placeholder with a fresh random secret. */
const fs = require('fs');
const path = require('path');
const { randomBytes } = require('crypto');

const root = path.resolve(__dirname, '..');
const target = path.join(root, process.argv[2] || '.env');
if (fs.existsSync(target)) {
  console.log(`${path.basename(target)} exists; leaving it alone`);
  process.exit(0);
}
const secret = () => randomBytes(32).toString('base64');
const text = fs
  .readFileSync(path.join(root, '.env.example'), 'utf8')
  .split('\n')
  .map((line) => {
    if (line.startsWith('#') || !line.includes('change-me')) return line;
    const [key] = line.split('=');
    // PII keys are "keyId:base64key" pairs; everything else is a plain secret (APP_KEYS a comma list).
    if (key === 'PII_ENCRYPTION_KEYS') return `${key}=dev1:${secret()}`;
    if (key === 'APP_KEYS') return `${key}=${secret()},${secret()}`;
    return `${key}=${secret()}`;
  })
  .join('\n');
fs.writeFileSync(target, text, { mode: 0o600 });
