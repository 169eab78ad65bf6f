import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tap } from '@kiosk/card/virtual';
import { readAuditRows } from './harness/audit-file';
import { DoorBoardHarness } from './harness/door-board.harness';
import { KioskProcess, runKioskCli } from './harness/kiosk.process';
import { PcscdProcess } from './harness/pcscd.process';
import { requireSystemTools } from './harness/system-tools';
import { TAP_HOLD_MS } from './harness/wait';

/**
 * The door is a safety device: the kiosk killed outright in the middle of a grant must not leave
 * it open. osdp_OUT asks for "temporary on" with a timer, so the board turns the relay off by
 * itself when the pulse time has passed, whether or not the kiosk is still there.
 */
const VPCD_PORT = 0x9c90;
const UID = '04DEAD00BEEF01';
const PULSE_MS = 2000;

describe('the kiosk killed with SIGKILL in the middle of a grant', () => {
  let dir: string;
  let dbPath: string;
  let pcscd: PcscdProcess;
  let board: DoorBoardHarness;
  let kiosk: KioskProcess;

  beforeAll(async () => {
    requireSystemTools();
    dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-sigkill-'));
    dbPath = join(dir, 'kiosk.db');
    pcscd = new PcscdProcess(VPCD_PORT);
    await pcscd.start();
    board = await DoorBoardHarness.start();
    const env = {
      KIOSK_DB: dbPath,
      KIOSK_DOOR_PORT: board.acuPath,
      KIOSK_DOOR_PULSE_MS: String(PULSE_MS),
    };
    expect(runKioskCli(['holder', 'add', '--name', 'Kim', '--uid', UID], env).status).toBe(0);
    kiosk = await KioskProcess.start(env);
    await board.waitForLcd('Present card');
  });

  afterAll(async () => {
    await kiosk?.stop();
    await board?.stop();
    await pcscd?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('leaves the relay off once the pulse time has passed, and the grant recorded', async () => {
    const since = Date.now();
    await tap({ uid: UID, port: VPCD_PORT, holdMs: TAP_HOLD_MS });
    const on = await board.waitForRelay(true, since).catch((err) => kiosk.explain(err));
    expect(await kiosk.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
    const killedAfterMs = Date.now() - on.at;
    expect(killedAfterMs).toBeLessThan(PULSE_MS); // killed while the door was still open
    expect(board.simulator.relay(0)).toBe(true);

    const off = await board.waitForRelay(false, on.at, PULSE_MS + 3000);
    expect(off.at - on.at).toBeGreaterThanOrEqual(PULSE_MS - 100);
    expect(board.simulator.relay(0)).toBe(false);
    // Nothing turns it on again: no kiosk is left to ask.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(board.simulator.relay(0)).toBe(false);

    // The record was durable before the door was told, so the kill did not lose it.
    const decisions = readAuditRows(dbPath).filter((row) => row.type === 'access-decision');
    expect(decisions).toEqual([
      expect.objectContaining({ outcome: 'granted', credential_display: UID }),
    ]);
  });
});
