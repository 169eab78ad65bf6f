import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { KioskRig } from './harness/kiosk-rig';

/**
 * The audit log through the real kiosk process: pages and exports over HTTP for auditors, and an
 * export checked on "another machine" (a directory with only the file and the public key, no
 * database, no KIOSK_* settings) by the CLI.
 */
const UID = '04AD17ED000001';
const PAN = '5413330089600010';
let admin = '';
let auditor = '';
let operator = '';

describe('audit API and exports', () => {
  let rig: KioskRig;
  const elsewhere = mkdtempSync(join(tmpdir(), 'kiosk-auditor-'));

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9da0,
      prepare: (r) => {
        const token = (name: string, role: 'admin' | 'operator' | 'auditor') =>
          r.createToken(name, role);
        admin = token('admin', 'admin');
        auditor = token('auditor', 'auditor');
        operator = token('desk', 'operator');
        r.cli([
          'holder',
          'add',
          '--group',
          'Everyone',
          '--name',
          '=Zoë "Ørsted", 👋',
          '--uid',
          UID,
        ]);
        r.cli(
          ['holder', 'add', '--group', 'Everyone', '--name', 'Pat Bank', '--pan-stdin'],
          `${PAN}\n`,
        );
      },
    });
    await rig.tap(UID);
    await rig.tap('04AD17ED000002'); // unknown: denied
  });
  afterAll(async () => {
    await rig?.stop();
    rmSync(elsewhere, { recursive: true, force: true });
  });

  const get = (path: string, token = auditor) =>
    fetch(`${rig.kiosk.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });

  it('pages the log for auditors and admins, filtered, stable while records arrive; operators may not', async () => {
    const page = await get('/audit?type=access-decision&limit=1');
    expect(page.status).toBe(200);
    const first = (await page.json()) as {
      items: { seq: number; outcome: string }[];
      next: number;
    };
    expect(first.items).toEqual([expect.objectContaining({ outcome: 'granted' })]);
    await rig.tap(UID); // a new record while paging
    const second = (await (
      await get(`/audit?type=access-decision&limit=1&after=${first.next}`)
    ).json()) as {
      items: { seq: number; outcome: string; reason: string }[];
    };
    expect(second.items).toEqual([
      expect.objectContaining({ outcome: 'denied', reason: 'unknown' }),
    ]);
    expect(second.items[0]!.seq).toBeGreaterThan(first.items[0]!.seq);
    const denied = (await (await get('/audit?outcome=denied', admin)).json()) as {
      items: unknown[];
    };
    expect(denied.items).toHaveLength(1);
    expect((await get('/audit', operator)).status).toBe(403);
    expect((await get('/audit/export', operator)).status).toBe(403);
    expect((await get('/audit?from=yesterday')).status).toBe(400);
  });

  it('exports as CSV and NDJSON that verify elsewhere with only the public key, and fail when edited', async () => {
    const key = await (await get('/audit/public-key')).text();
    expect(key).toMatch(/^-----BEGIN PUBLIC KEY-----/);
    writeFileSync(join(elsewhere, 'terminal.pem'), key);
    for (const format of ['csv', 'ndjson'] as const) {
      const res = await get(`/audit/export?format=${format}`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(format === 'csv' ? /^text\/csv/ : /ndjson/);
      const file = join(elsewhere, `audit.${format}`);
      const text = await res.text();
      writeFileSync(file, text);
      expect(await verifyElsewhere(file)).toMatchObject({ status: 0 });

      const edited = join(elsewhere, `edited.${format}`);
      writeFileSync(
        edited,
        text.replace('"outcome":"granted"', '"outcome":"denied"').replace(',granted,', ',denied,'),
      );
      const refused = await verifyElsewhere(edited);
      expect(refused.status).toBe(1);
      expect(refused.stdout).toMatch(/seq \d+: edited/);
    }
    const exports = rig.audit().filter((r) => r.outcome === 'audit-exported');
    expect(exports).toHaveLength(2);
    expect(JSON.parse(exports[0]!.detail)).toMatchObject({
      actor: { name: 'auditor' },
      format: 'csv',
    });
  });

  it('reports attendance: the granted holder, today, at door main', async () => {
    const res = await get('/reports/attendance');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, ...rows] = (await res.text()).trim().split('\n');
    expect(header).toBe(
      'date,holder_id,holder_name,door_id,first_grant,last_grant,first_grant_utc,last_grant_utc,grants',
    );
    expect(rows).toEqual([
      expect.stringMatching(/^\d{4}-\d{2}-\d{2},[0-9a-f-]{36},"'=Zoë ""Ørsted"", 👋",main,/),
    ]);
    expect((await get('/reports/attendance', operator)).status).toBe(403);
  });

  it('signs a head that proves later that the log was only appended to', async () => {
    const head = await (await get('/audit/head')).text();
    const file = join(rig.dir, 'head.json');
    writeFileSync(file, head);
    await rig.tap(UID);
    expect(rig.cli(['audit', 'verify', '--since-head', file])).toMatch(
      /intact.*appended to only since/,
    );
  });

  it('finds no PAN or token in clear in the database, its WAL, the logs or any export', async () => {
    const exported = await (await get('/audit/export?format=ndjson')).text();
    const files = [rig.dbPath, `${rig.dbPath}-wal`].filter((f) => existsSync(f));
    const haystacks = [
      ...files.map((f) => readFileSync(f)),
      Buffer.from(rig.kiosk.rawOutput.join('\n')),
      Buffer.from(exported),
      readFileSync(join(elsewhere, 'audit.csv')),
    ];
    const secrets = [
      PAN,
      '5413 3300 8960 0010',
      admin,
      auditor,
      operator,
      ...[admin, auditor].map((t) => t.split('.')[2]!),
    ];
    for (const haystack of haystacks)
      for (const secret of secrets) expect(haystack.includes(Buffer.from(secret))).toBe(false);
  });

  // Last in this file: it shuts this client out for the rest of the minute.
  it('answers 429 to a client that keeps sending bad tokens, then even with a good one', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 12; i += 1)
      statuses.push((await get('/audit', `kiosk.${'0'.repeat(36)}.${'x'.repeat(43)}`)).status);
    expect(statuses.slice(0, 3)).toEqual([401, 401, 401]);
    expect(statuses.at(-1)).toBe(429);
    expect((await get('/audit/head')).status).toBe(429);
  });

  /**
   * `kiosk audit verify --file` with no database and no KIOSK_* settings, in another directory.
   * Not spawnSync: a blocked event loop keeps fetch from retiring an idle keep-alive connection
   * that the kiosk closes after 5 s, and the next request fails with "other side closed".
   */
  async function verifyElsewhere(file: string) {
    const result = await new Promise<{ status: number | null; stdout: string }>((done) => {
      execFile(
        process.execPath,
        [
          resolve('dist/apps/kiosk/src/cli.js'),
          'audit',
          'verify',
          '--file',
          file,
          '--public-key',
          join(elsewhere, 'terminal.pem'),
        ],
        { cwd: elsewhere, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8' },
        (error, stdout) => done({ status: error ? Number(error.code ?? 1) : 0, stdout }),
      );
    });
    expect(existsSync(join(elsewhere, 'data'))).toBe(false); // it made no database there
    return result;
  }
});
