import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tap } from '@kiosk/card/virtual';
import { readAuditRows } from './harness/audit-file';
import { DoorBoardHarness } from './harness/door-board.harness';
import { KioskProcess, runKioskCli } from './harness/kiosk.process';
import { PcscdProcess } from './harness/pcscd.process';
import { requireSystemTools } from './harness/system-tools';
import { TAP_HOLD_MS, waitFor } from './harness/wait';

/**
 * The PC/SC middleware goes away under a running kiosk and comes back: the kiosk keeps running,
 * records the loss and the return, and decides the next tap.
 */
const VPCD_PORT = 0x9c80;
const UID = '04C0FFEE123456';

describe('pcscd stopped and started again under a running kiosk', () => {
  let dir: string;
  let dbPath: string;
  let pcscd: PcscdProcess;
  let board: DoorBoardHarness;
  let kiosk: KioskProcess;

  beforeAll(async () => {
    requireSystemTools();
    dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-restart-'));
    dbPath = join(dir, 'kiosk.db');
    pcscd = new PcscdProcess(VPCD_PORT);
    await pcscd.start();
    board = await DoorBoardHarness.start();
    const env = { KIOSK_DB: dbPath, KIOSK_DOOR_PORT: board.acuPath, KIOSK_DOOR_PULSE_MS: '500' };
    expect(runKioskCli(['holder', 'add', '--name', 'Alan Turing', '--uid', UID], env).status).toBe(
      0,
    );
    kiosk = await KioskProcess.start(env);
  });

  afterAll(async () => {
    await kiosk?.stop();
    await board?.stop();
    await pcscd?.dispose();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const deviceEvents = () =>
    readAuditRows(dbPath)
      .filter((row) => row.type === 'device-event')
      .map((row) => row.outcome);
  const decisions = () => readAuditRows(dbPath).filter((row) => row.type === 'access-decision');

  it('records the service lost and restored, and decides the next tap', async () => {
    await waitFor('the reader attached', () =>
      deviceEvents().includes('reader-attached') ? true : undefined,
    );
    await pcscd.stop();
    await waitFor(
      'service-lost in the audit log',
      () => (deviceEvents().includes('service-lost') ? true : undefined),
      15_000,
    );
    await pcscd.start();
    await waitFor(
      'service-restored in the audit log',
      () => (deviceEvents().includes('service-restored') ? true : undefined),
      20_000,
    );
    await waitFor('the reader attached again', () => {
      const events = deviceEvents();
      return events.lastIndexOf('reader-attached') > events.indexOf('service-restored')
        ? true
        : undefined;
    });

    const since = Date.now();
    await tap({ uid: UID, port: VPCD_PORT, holdMs: TAP_HOLD_MS });
    await board.waitForRelay(true, since);
    await board.waitForLcd('Welcome', 'Alan Turing');
    const [granted] = await waitFor('the granted record', () =>
      decisions().length === 1 ? decisions() : undefined,
    );
    expect(granted).toMatchObject({ outcome: 'granted', credential_display: UID });
  });

  it('kept running throughout, with no error logged by the tap path', async () => {
    expect((await fetch(`${kiosk.url}/api/v1/health`)).status).toBe(200);
    const errors = kiosk.lines.filter(
      (line) =>
        line.level >= 50 && line.context === 'TapOrchestrator' && line.msg !== 'card reader error',
    );
    expect(errors).toEqual([]);
  });
});
