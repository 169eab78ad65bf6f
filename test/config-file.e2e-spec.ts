import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { runKioskCli, runKioskServiceToExit } from './harness/kiosk.process';

const GOOD = `
http: { port: 8181 }
readers:
  - { name: front-reader, pattern: Virtual PCD 00 00 }
doorBus: { boards: [{ address: 0 }, { address: 1 }] }
doors:
  - { id: front, relayOutput: 0, contactInput: 0, readers: [front-reader] }
  - { id: back, address: 1, relayOutput: 0, contactInput: 0, osdpReaders: [0] }
`;

const BAD = `
http: { port: 70000 }
colour: red
readers:
  - { name: front-reader, pattern: "/(a+)+$/" }
doorBus: { boards: [{ address: 0 }] }
doors:
  - { id: front, relayOutput: 0, contactInput: 0, readers: [front-reader] }
  - { id: back, relayOutput: 0, contactInput: 1, readers: [side-reader] }
  - { id: side, address: 4, relayOutput: 0, contactInput: 0, osdpReaders: [0] }
`;

const BAD_PROBLEMS = [
  'http.port: expected a whole number from 0 to 65535 (got 70000)',
  'readers[0].pattern: a regular expression that can backtrack catastrophically (a repetition inside a repetition, or too many); simplify it',
  'colour: unknown key (known: database, panKeyFile, auditKeyFile, http, log, site, audit, clock, cards, readers, doorBus, doors)',
  'doors[1].readers[0]: no reader named "side-reader" (readers: front-reader)',
  'doors[1].relayOutput: relay 0 of board 0 is already door "front"',
  'doors[2].address: no board at address 4 (doorBus.boards: 0)',
];

/**
 * The configuration file through the built kiosk: `kiosk config check` and `show` touch nothing
 * (no database, no reader, no door bus), and the service refuses a bad file before it starts,
 * with every problem. Needs only `npm run build` (no pcscd).
 */
describe('the configuration file, end to end', () => {
  let dir: string;
  let env: Record<string, string>;
  const file = (name: string, text: string) => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  beforeAll(() => {
    if (!existsSync('dist/apps/kiosk/src/cli.js')) throw new Error('run `npm run build` first');
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-config-file-'));
    env = { KIOSK_DB: join(dir, 'kiosk.db') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('config check: ok and a summary for a good file, touching nothing', () => {
    const good = file('good.yaml', GOOD);
    const result = runKioskCli(['config', 'check', good], env);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      `ok: ${good}`,
      '  doors: 2 (front, back) on 2 board(s), bus the simulator',
      '  KIOSK_* overrides: KIOSK_AUDIT_KEY_FILE, KIOSK_DB, KIOSK_PAN_KEY_FILE',
      '',
    ]);
    expect(readdirSync(dir)).toEqual(['good.yaml']);
  });

  it('config check: every problem of a bad file, one a line, exit 2', () => {
    const bad = file('bad.yaml', BAD);
    const result = runKioskCli(['config', 'check', bad], env);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      `kiosk: Invalid kiosk configuration (${bad} and KIOSK_* variables):`,
      ...BAD_PROBLEMS.map((p) => `  - ${p}`),
    ]);
  });

  it('config check: KIOSK_CONFIG naming a missing file is an error; none at ./kiosk.yaml is not', () => {
    const missing = join(dir, 'none.yaml');
    const named = runKioskCli(['config', 'check'], { ...env, KIOSK_CONFIG: missing });
    expect(named.status).toBe(2);
    expect(named.stderr).toBe(
      `kiosk: Invalid kiosk configuration:\n  - KIOSK_CONFIG=${missing}: no such file\n`,
    );
    const unnamed = runKioskCli(['config', 'check'], env);
    expect(unnamed.status).toBe(0);
    expect(unnamed.stdout).toMatch(/^ok: no \.\/kiosk\.yaml, the defaults\n/);
  });

  it('config show: the effective configuration, variables over the file, as a file that checks', () => {
    const good = file('good.yaml', GOOD);
    const result = runKioskCli(['config', 'show'], {
      ...env,
      KIOSK_CONFIG: good,
      KIOSK_HTTP_PORT: '9090',
    });
    expect(result.status).toBe(0);
    const shown = parse(result.stdout) as {
      http: unknown;
      database: { path: string };
      panKeyFile: string;
      doors: Array<{ id: string; readers: string[] }>;
    };
    expect(shown.http).toEqual({ host: '127.0.0.1', port: 9090, rateLimitPerMinute: 300 });
    expect(shown.database.path).toBe(join(dir, 'kiosk.db'));
    expect(shown.panKeyFile).toBe(join(dir, 'pan-hmac.key'));
    expect(shown.doors.map((d) => [d.id, d.readers])).toEqual([
      ['front', ['front-reader']],
      ['back', []],
    ]);
    const again = runKioskCli(['config', 'check', file('shown.yaml', result.stdout)], env);
    expect(again.status).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['good.yaml', 'shown.yaml']);
  });

  it('the service with a bad file: exit 2 with every problem, before the database or a door', () => {
    const exit = runKioskServiceToExit({ ...env, KIOSK_CONFIG: file('bad.yaml', BAD) });
    expect(exit.status).toBe(2);
    expect(exit.stderr.trimEnd().split('\n')).toEqual([
      expect.stringMatching(
        /^kiosk: Invalid kiosk configuration \(.*bad\.yaml and KIOSK_\* variables\):$/,
      ),
      ...BAD_PROBLEMS.map((p) => `  - ${p}`),
    ]);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });
});
