import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskProcess, runKioskCli } from './harness/kiosk.process';

/**
 * `kiosk serve` (and `kiosk` alone) run the service as main.js does; `kiosk migrate` applies what
 * the database lacks and says which. No reader is needed: the service answers health without
 * pcscd (503, naming it), and opens its own door board simulator.
 */
describe('kiosk serve and kiosk migrate', () => {
  let dir: string;
  let env: Record<string, string>;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-serve-'));
    env = { KIOSK_DB: join(dir, 'kiosk.db'), KIOSK_LOG_LEVEL: 'info' };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('migrate applies every migration to a new database, then has nothing to apply', () => {
    const first = runKioskCli(['migrate'], env);
    expect(first.status).toBe(0);
    // Like any command that opens the database on a new terminal, it makes the PAN key.
    expect(first.stderr).toMatch(/^kiosk: warning: Created a new PAN HMAC key at .*\n$/);
    const [applied, summary] = first.stdout.trim().split('\n');
    expect(applied).toMatch(/^applied \d+: \w+/);
    const count = Number(/^applied (\d+)/.exec(applied!)![1]);
    expect(count).toBeGreaterThanOrEqual(7);
    expect(summary).toBe(`${env.KIOSK_DB}: ${count} migrations applied, none pending`);

    const again = runKioskCli(['migrate'], env);
    expect(again.status).toBe(0);
    expect(again.stdout).toBe(
      `nothing to apply\n${env.KIOSK_DB}: ${count} migrations applied, none pending\n`,
    );
  });

  it('migrate on a file that is not a database: one line, exit 3', () => {
    const file = join(dir, 'not-a-db');
    writeFileSync(file, 'hello, this is text\n'.repeat(100));
    const result = runKioskCli(['migrate'], { ...env, KIOSK_DB: file });
    expect(result.status).toBe(3);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(
      /^kiosk: KIOSK_DB=.*not-a-db: is not a SQLite database/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it.each([[['serve']], [[]]])(
    'kiosk %j runs the service, and stops on SIGTERM with exit 0',
    async (args) => {
      const kiosk = await KioskProcess.start(env, { until: 'answering', command: args });
      const health = await fetch(`${kiosk.url}/api/v1/health`);
      expect([200, 503]).toContain(health.status);
      expect(kiosk.lines.some((l) => l.msg.startsWith('Kiosk ready for the first tap'))).toBe(true);
      expect(await kiosk.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    },
  );

  it('kiosk --help lists serve as the default and migrate', () => {
    const help = runKioskCli(['--help'], env);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/serve\s.*default/);
    expect(help.stdout).toMatch(/migrate\s/);
  });
});
