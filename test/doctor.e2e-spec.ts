import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DoorBoardHarness } from './harness/door-board.harness';
import { KioskProcess, runKioskCli, runKioskCliAsync } from './harness/kiosk.process';
import { PcscdProcess } from './harness/pcscd.process';
import { requireSystemTools } from './harness/system-tools';

/**
 * `kiosk doctor` as built, on real parts: a pcscd with two vpcd readers, a door board simulator
 * at the far end of a socat pty, a database and keys made by the kiosk itself. Each fault is
 * made for real (pcscd stopped or hung, the port gone, the board silent, a key readable by
 * others), and the doctor names it on one FAIL line and exits 1. The board simulator runs in
 * this process: the doctor runs asynchronously so that it can answer.
 */
const VPCD_PORT = 0x9e10;
/** pcscd's 2 s deadline and the rest quick: well inside this even on a busy box. */
const RETURNS_WITHIN_MS = 10_000;

describe('kiosk doctor', () => {
  let dir: string;
  let pcscd: PcscdProcess;
  let board: DoorBoardHarness;
  let env: Record<string, string>;

  beforeAll(async () => {
    requireSystemTools();
    dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-doctor-'));
    pcscd = new PcscdProcess(VPCD_PORT);
    await pcscd.start();
    board = await DoorBoardHarness.start(0);
    env = {
      KIOSK_DB: join(dir, 'kiosk.db'),
      KIOSK_DOOR_PORT: board.acuPath,
    };
    // The database (migrated), the PAN key, the audit signing key and a first audit record (the
    // enrolment), made as an installer would.
    expect(runKioskCli(['audit', 'public-key'], env).status).toBe(0);
    const enrol = [
      'holder',
      'add',
      '--group',
      'Everyone',
      '--name',
      'Doc Tor',
      '--uid',
      '04DA7C4D060002',
    ];
    expect(runKioskCli(enrol, env).status).toBe(0);
  });
  afterAll(async () => {
    await board?.stop();
    await pcscd?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  const doctor = async (overrides: Record<string, string> = {}) => {
    const started = Date.now();
    const result = await runKioskCliAsync(['doctor'], { ...env, ...overrides });
    const lines = result.stdout.trim().split('\n');
    return { ...result, lines, ms: Date.now() - started };
  };
  const lineOf = (lines: string[], name: string) => lines.find((l) => l.slice(5).startsWith(name));

  it('names every part fine on a sound installation, and exits 0', async () => {
    const { status, lines, stderr } = await doctor();
    expect(stderr).toBe('');
    expect(status).toBe(0);
    expect(lines).toEqual([
      expect.stringMatching(/^ok {3}config: .* with .*KIOSK_DB, KIOSK_DOOR_PORT.* over it$/),
      expect.stringMatching(/^ok {3}service user \S+: uid \d+/),
      'ok   pcscd: answering, 2 readers: Virtual PCD 00 00, Virtual PCD 00 01',
      'ok   door main: reads cards from Virtual PCD 00 00, Virtual PCD 00 01',
      expect.stringMatching(
        new RegExp(
          `^ok {3}serial ${board.acuPath}: a serial device, readable and writable by user`,
        ),
      ),
      expect.stringMatching(/^ok {3}door board 0 \(main\): answers osdp_ID at 9600 baud: vendor /),
      expect.stringMatching(
        /^ok {3}database .*kiosk\.db: quick_check ok, journal_mode wal, \d+ migrations applied, .* none pending$/,
      ),
      expect.stringMatching(/^ok {3}audit log: head seq \d+, hash [0-9a-f]{16}…/),
      expect.stringMatching(/^ok {3}PAN key .*pan-hmac\.key: mode 0600, owner /),
      expect.stringMatching(/^ok {3}audit signing key .*audit-ed25519\.pem: mode 0600, owner /),
      expect.stringMatching(/^ok {3}clock: /),
      expect.stringMatching(/^ok {3}disk /),
      // No unit is installed on a test machine; optional, so a warning and no failure.
      expect.stringMatching(/^(ok |WARN) systemd unit: /),
    ]);
  });

  it('fails a key file others can read, naming chmod 600', async () => {
    const key = join(dir, 'pan-hmac.key');
    chmodSync(key, 0o644);
    try {
      const { status, lines } = await doctor();
      expect(status).toBe(1);
      expect(lineOf(lines, 'PAN key')).toMatch(
        new RegExp(
          `^FAIL PAN key ${key}: readable by others \\(mode 0644, owner \\S+\\): the service refuses it - chmod 600 ${key}$`,
        ),
      );
    } finally {
      chmodSync(key, 0o600);
    }
  });

  it('fails a serial port that is not there, and does not ask the board', async () => {
    const gone = join(dir, 'ttyUSB9');
    const { status, lines } = await doctor({ KIOSK_DOOR_PORT: gone });
    expect(status).toBe(1);
    expect(lineOf(lines, 'serial')).toBe(
      `FAIL serial ${gone}: not there - plug the RS-485 adapter in, or correct doorBus.serialPort (ls /dev/serial/by-id/)`,
    );
    expect(lineOf(lines, 'door board')).toBe(
      'WARN door board: not asked: the serial port above is not usable',
    );
  });

  it('fails a board that does not answer, naming wiring, address and baud rate', async () => {
    await board.simulator.stop();
    try {
      const { status, lines } = await doctor();
      expect(status).toBe(1);
      expect(lineOf(lines, 'door board')).toBe(
        "FAIL door board 0 (main): no answer to osdp_ID at 9600 baud - check the wiring (A/B, ground, power), the board's OSDP address (0) and baud rate (doorBus.baudRate)",
      );
    } finally {
      await board.simulator.start();
    }
  });

  it('asks the running service about the board whose port it holds', async () => {
    const kiosk = await KioskProcess.start(env);
    try {
      const { status, lines } = await doctor({ KIOSK_HTTP_PORT: String(kiosk.httpPort) });
      expect(lineOf(lines, 'door board')).toBe(
        'ok   door board 0 (main): the running kiosk service holds the port and reports it online',
      );
      expect(lineOf(lines, 'database')).toMatch(/^ok {3}database /);
      expect(status).toBe(0);
    } finally {
      await kiosk.stop();
    }
  });

  it('fails a hung pcscd (SIGSTOP) within its deadline, never hanging on it', async () => {
    pcscd.signal('SIGSTOP');
    try {
      const { status, lines, ms } = await doctor();
      expect(status).toBe(1);
      expect(lineOf(lines, 'pcscd')).toBe(
        'FAIL pcscd: pcscd does not answer within 2000 ms - restart it: systemctl restart pcscd (journalctl -u pcscd says why it stopped)',
      );
      expect(ms).toBeLessThan(RETURNS_WITHIN_MS);
    } finally {
      pcscd.signal('SIGCONT');
    }
  });

  it('fails a pcscd that is not running, naming how to start it', async () => {
    await pcscd.stop();
    try {
      const { status, lines, ms } = await doctor();
      expect(status).toBe(1);
      expect(lineOf(lines, 'pcscd')).toMatch(
        /^FAIL pcscd: pcscd is not running \(no one at \S+\) - start it: systemctl enable --now pcscd\.socket/,
      );
      expect(ms).toBeLessThan(RETURNS_WITHIN_MS);
    } finally {
      // Back for whatever test comes next (the tests run in any order: --randomize).
      await pcscd.start();
    }
  });
});
