import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { profileByName, tap } from '@kiosk/card/virtual';
import { readAuditRows } from './harness/audit-file';
import { DoorBoardHarness } from './harness/door-board.harness';
import { KioskProcess } from './harness/kiosk.process';
import { PcscdProcess } from './harness/pcscd.process';
import { requireSystemTools } from './harness/system-tools';
import { TAP_HOLD_MS, waitFor } from './harness/wait';

/**
 * A bank card through the whole kiosk: enrolled by number on standard input, read by EMV from a
 * contactless card, looked up by keyed HMAC. The number must never reach the database file, the
 * audit log or the kiosk's log, in clear.
 */
const VPCD_PORT = 0x9ca0;
// Public test numbers (Visa test cards), never real ones.
const ENROLLED_PAN = '4761739001010010';
const UNKNOWN_PAN = '4111111111111111';

describe('a bank card at the door', () => {
  let dir: string;
  let dbPath: string;
  let pcscd: PcscdProcess;
  let board: DoorBoardHarness;
  let kiosk: KioskProcess;
  let env: Record<string, string>;

  beforeAll(async () => {
    requireSystemTools();
    dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-bank-'));
    dbPath = join(dir, 'kiosk.db');
    pcscd = new PcscdProcess(VPCD_PORT);
    await pcscd.start();
    board = await DoorBoardHarness.start();
    env = {
      KIOSK_DB: dbPath,
      KIOSK_PAN_KEY_FILE: join(dir, 'pan.key'),
      KIOSK_DOOR_PORT: board.acuPath,
      KIOSK_DOOR_PULSE_MS: '500',
      KIOSK_LOG_LEVEL: 'trace',
    };
    const enrol = spawnSync(
      process.execPath,
      [
        'dist/apps/kiosk/src/cli.js',
        'holder',
        'add',
        '--name',
        'Bank Ada',
        '--pan-stdin',
        '--json',
      ],
      { env: { ...process.env, ...env }, input: `${ENROLLED_PAN}\n`, encoding: 'utf8' },
    );
    expect(enrol.status).toBe(0);
    expect(enrol.stdout).not.toContain(ENROLLED_PAN);
    kiosk = await KioskProcess.start(env);
    await board.waitForLcd('Present card');
  });

  afterAll(async () => {
    await kiosk?.stop();
    await board?.stop();
    await pcscd?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const decisions = () => readAuditRows(dbPath).filter((row) => row.type === 'access-decision');
  const tapBankCard = (pan: string) =>
    tap({
      profile: profileByName({ name: 'emv-contactless', pan }),
      port: VPCD_PORT,
      holdMs: TAP_HOLD_MS,
    });

  it('opens for the enrolled bank card, recording it masked', async () => {
    const since = Date.now();
    await tapBankCard(ENROLLED_PAN);
    await board.waitForRelay(true, since).catch((err) => kiosk.explain(err));
    await board.waitForLcd('Welcome', 'Bank Ada');
    const [granted] = await waitFor('the granted record', () =>
      decisions().length === 1 ? decisions() : undefined,
    );
    expect(granted).toMatchObject({
      outcome: 'granted',
      credential_kind: 'pan',
      credential_display: '**** **** **** 0010',
    });
    expect(JSON.parse(granted!.detail)).toMatchObject({ method: 'emv' });
  });

  it('refuses an unknown bank card as unknown', async () => {
    await tapBankCard(UNKNOWN_PAN);
    await board.waitForLcd('Access denied', 'Unknown card');
    const denied = await waitFor('the denied record', () => decisions()[1]);
    expect(denied).toMatchObject({
      outcome: 'denied',
      reason: 'unknown',
      credential_display: '**** **** **** 1111',
    });
  });

  it('never wrote either number in clear: database and audit log, WAL, or the trace-level log', async () => {
    await kiosk.stop();
    const files = [dbPath, `${dbPath}-wal`].filter((f) => existsSync(f));
    const stored = Buffer.concat(files.map((f) => readFileSync(f))).toString('latin1');
    const logs = kiosk.rawOutput.join('\n');
    for (const pan of [ENROLLED_PAN, UNKNOWN_PAN]) {
      // As digits, and as the BCD bytes of tag 5A in a hex dump of an APDU ("47 61 73 ...").
      const bcdHex = pan.match(/../g)!.join(' ');
      for (const form of [pan, bcdHex, bcdHex.replace(/ /g, ':')]) {
        expect(stored).not.toContain(form);
        expect(logs).not.toContain(form);
      }
    }
    // The searches can find what they look for: the masks are there.
    expect(stored).toContain('**** **** **** 0010');
    expect(logs).toContain('**** **** **** 1111');
  });
});
