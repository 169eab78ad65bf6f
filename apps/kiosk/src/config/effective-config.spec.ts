import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { showKioskConfig } from './effective-config';
import type { Env } from './env-reader';
import { resolveKioskConfig } from './kiosk.config';

const source = (text: string | null) =>
  ({ path: 'kiosk.yaml', namedBy: 'default', text, problem: null }) as const;
const resolve = (text: string | null, env: Env = {}) => resolveKioskConfig(env, source(text));

describe('showKioskConfig', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-show-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints a file that loads to the same configuration (the example)', () => {
    const env = { KIOSK_PAN_KEY_FILE: join(dir, 'pan.key'), KIOSK_HTTP_PORT: '9000' };
    const example = readFileSync(join(__dirname, '../../../../kiosk.example.yaml'), 'utf8');
    const first = resolve(example, env);
    const shown = showKioskConfig(first);
    expect(shown.split('\n').slice(0, 2)).toEqual([
      '# The effective kiosk configuration (kiosk config show).',
      '# From: kiosk.yaml; KIOSK_* overrides: KIOSK_HTTP_PORT, KIOSK_PAN_KEY_FILE.',
    ]);
    expect(resolve(shown).config).toEqual(first.config);
  });

  it('names the readers of doors from KIOSK_DOORS, and writes the defaults out', () => {
    const env = {
      KIOSK_TIME_ZONE: 'Europe/Berlin',
      KIOSK_DOORS: JSON.stringify([
        { id: 'front', relay: 0, contactInput: 0, readers: ['PCD 00', '/ 02$/'] },
        { id: 'back', relay: 1, contactInput: 1, readers: ['/ 01$/'] },
      ]),
    };
    const first = resolve(null, env);
    const shown = showKioskConfig(first);
    expect(shown).toContain('# From: no file (kiosk.yaml does not exist): the defaults;');
    expect(shown).toContain(
      [
        'readers:',
        '  - name: front-reader-1',
        '    pattern: PCD 00',
        '  - name: front-reader-2',
        '    pattern: / 02$/',
        '  - name: back-reader',
        '    pattern: / 01$/',
      ].join('\n'),
    );
    const again = resolve(shown).config;
    expect({ ...again, readers: [] }).toEqual(first.config);
  });

  it('shows key files by path and never their contents', () => {
    const key = join(dir, 'pan.key');
    writeFileSync(key, Buffer.alloc(32, 0x41), { mode: 0o600 });
    const shown = showKioskConfig(resolve(null, { KIOSK_PAN_KEY_FILE: key }));
    expect(shown).toContain(`panKeyFile: ${key}`);
    expect(shown).not.toContain('AAAA');
    expect(shown).not.toContain(Buffer.alloc(32, 0x41).toString('base64').slice(0, 8));
  });
});
