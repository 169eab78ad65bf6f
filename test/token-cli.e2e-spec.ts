import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runKioskCli } from './harness/kiosk.process';
import { requireSystemTools } from './harness/system-tools';

/** `kiosk token …` through the built CLI on a real SQLite file: shown once, stored hashed. */
describe('kiosk token', () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(() => requireSystemTools());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-token-cli-'));
    env = { KIOSK_DB: join(dir, 'kiosk.db'), KIOSK_PAN_KEY_FILE: join(dir, 'pan-hmac.key') };
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const kiosk = (...args: string[]) => runKioskCli(args, env);

  it('creates a token shown once, lists it without it, and revokes it', () => {
    const created = kiosk(
      'token',
      'create',
      '--name',
      'Front desk',
      '--role',
      'operator',
      '--doors',
      'front,back',
      '--json',
    );
    expect(created.status).toBe(0);
    const token = (JSON.parse(created.stdout) as { token: string }).token;
    expect(token).toMatch(/^kiosk\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);

    const listed = kiosk('token', 'list');
    expect(listed.stdout).toBe('Front desk [operator] doors front,back no expiry\n');
    expect(listed.stdout + listed.stderr).not.toContain(token.split('.')[2]);

    const revoked = kiosk('token', 'revoke', 'Front desk');
    expect(revoked.status).toBe(0);
    expect(revoked.stdout).toMatch(
      /^Revoked Front desk \[operator\] doors front,back revoked \d{4}-/,
    );

    const files = [env.KIOSK_DB!, `${env.KIOSK_DB}-wal`].filter((f) => existsSync(f));
    const stored = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(stored.includes(Buffer.from(token.split('.')[2]!))).toBe(false);
  });

  it('refuses a name taken, a role it does not know and a revoke of nobody, each with exit 1 and one line', () => {
    expect(kiosk('token', 'create', '--name', 'A', '--role', 'admin').status).toBe(0);
    const taken = kiosk('token', 'create', '--name', 'A', '--role', 'auditor');
    expect([taken.status, taken.stderr]).toEqual([1, 'kiosk: A token named "A" exists already\n']);
    const role = kiosk('token', 'create', '--name', 'B', '--role', 'root');
    expect(role.status).toBe(1);
    expect(role.stderr).toMatch(
      /argument 'root' is invalid\. Allowed choices are admin, operator, auditor/,
    );
    const nobody = kiosk('token', 'revoke', 'Nobody');
    expect([nobody.status, nobody.stderr]).toEqual([1, 'kiosk: No token named "Nobody"\n']);
  });
});
