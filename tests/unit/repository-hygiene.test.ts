/**
 * Invariant 6: no secret in the repository, and `.env.example` lists every variable the configuration reads.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);

describe('repository hygiene', () => {
  it('tracks no .env file', () => {
    expect(tracked.filter((f) => /(^|\/)\.env(\..+)?$/.test(f) && !f.endsWith('.env.example'))).toEqual([]);
  });

  it('contains no private key or certificate material', () => {
    const offenders = tracked.filter((file) => {
      const full = path.join(ROOT, file);
      if (!fs.existsSync(full) || fs.statSync(full).size > 2_000_000) return false;
      const text = fs.readFileSync(full, 'utf8');
      return /-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]{40,}-----END/.test(text);
    });
    expect(offenders).toEqual([]);
  });

  it('keeps every secret in .env.example a placeholder', () => {
    const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    for (const line of example.split('\n')) {
      const match = /^([A-Z0-9_]*(SECRET|KEY|SALT|PASSWORD)[A-Z0-9_]*)=(.*)$/.exec(line);
      if (!match) continue;
      const value = match[3];
      // Empty, a change-me placeholder, a dev key id, or the documented development admin password.
      expect([value === '', /change-me/.test(value), match[1] === 'PII_ACTIVE_KEY_ID', match[1] === 'ADMIN_PASSWORD'].some(Boolean)).toBe(true);
    }
  });

  it('lists in .env.example every variable the configuration reads', () => {
    const example = fs.readFileSync(path.join(ROOT, '.env.example'), 'utf8');
    const listed = new Set(
      example
        .split('\n')
        .map((l) => /^([A-Z0-9_]+)=/.exec(l)?.[1])
        .filter(Boolean),
    );
    const read = new Set<string>();
    for (const file of fs.readdirSync(path.join(ROOT, 'config'))) {
      const text = fs.readFileSync(path.join(ROOT, 'config', file), 'utf8');
      for (const m of text.matchAll(/env(?:\.(?:int|bool|array|float|json))?\(\s*'([A-Z0-9_]+)'/g)) read.add(m[1]);
      for (const m of text.matchAll(/secretFrom\(env, '([A-Z0-9_]+)'\)/g)) read.add(m[1]);
      for (const m of text.matchAll(/process\.env\.([A-Z0-9_]+)/g)) read.add(m[1]);
    }
    // The scan must really see the configuration (a broken pattern would pass vacuously).
    expect(read.size).toBeGreaterThan(60);
    const missing = [...read].filter((name) => !listed.has(name) && name !== 'NODE_ENV');
    expect(missing).toEqual([]);
  });
});
