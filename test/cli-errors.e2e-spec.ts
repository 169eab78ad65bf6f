import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKioskCli, runKioskServiceToExit } from './harness/kiosk.process';
import { requireSystemTools } from './harness/system-tools';

/**
 * What an installer sees when a setting is wrong: the built `kiosk` command and the service fail
 * at once with one line naming the problem and the documented exit code (README, "CLI"), no
 * stack trace, and nothing written.
 */
describe('kiosk fails clearly on a database or key it cannot use', () => {
  let dir: string;
  beforeAll(() => requireSystemTools());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-cli-errors-'));
    // A key already in place: a new one would be announced with a warning on stderr.
    writeFileSync(join(dir, 'pan-hmac.key'), Buffer.alloc(32, 7), { mode: 0o600 });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const env = (overrides: Record<string, string>) => ({
    KIOSK_DB: join(dir, 'kiosk.db'),
    KIOSK_PAN_KEY_FILE: join(dir, 'pan-hmac.key'),
    ...overrides,
  });

  it.each([
    ['a directory', () => (mkdirSync(join(dir, 'db')), join(dir, 'db')), /is a directory/],
    [
      'a file that is not SQLite',
      () => (writeFileSync(join(dir, 'x.db'), 'not a database at all'), join(dir, 'x.db')),
      /is not a SQLite database/,
    ],
    [
      'a path under a file',
      () => (writeFileSync(join(dir, 'f'), 'x'), join(dir, 'f', 'kiosk.db')),
      /parent of this path is a file/,
    ],
    ['a path under /proc', () => '/proc/self/kiosk.db', /virtual file system/],
  ])('KIOSK_DB naming %s: exit 3 and one line', (_what, make, problem) => {
    const path = make();
    const started = Date.now();
    const result = runKioskCli(['holder', 'list'], env({ KIOSK_DB: path }));
    expect(result.status).toBe(3);
    expect(result.stderr).toMatch(problem);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^kiosk: KIOSK_DB=/);
    expect(Date.now() - started).toBeLessThan(10_000); // no retries (they took 24 s)
  });

  it('a PAN key readable by others: exit 4, one line, the fix named', () => {
    chmodSync(join(dir, 'pan-hmac.key'), 0o644);
    const result = runKioskCli(['holder', 'list'], env({}));
    expect(result.status).toBe(4);
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(
        /^kiosk: The PAN key file .* is readable by others \(mode 644\): chmod 600 it$/,
      ),
    ]);
  });

  it('a refused request: exit 1 and the reason', () => {
    const result = runKioskCli(
      ['holder', 'add', '--group', 'Everyone', '--name', 'Bob', '--uid', '12345'],
      env({}),
    );
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^kiosk: "12345" is not a card UID/);
  });

  it('the service with a database it cannot use: exit 3 and one line', () => {
    mkdirSync(join(dir, 'db'));
    const exit = runKioskServiceToExit(env({ KIOSK_DB: join(dir, 'db') }));
    expect(exit.status).toBe(3);
    expect(exit.stderr.trim().split('\n')).toEqual([expect.stringMatching(/is a directory/)]);
  });
});
