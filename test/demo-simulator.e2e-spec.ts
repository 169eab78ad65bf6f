import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { KioskRig } from './harness/kiosk-rig';
import { KioskProcess } from './harness/kiosk.process';
import { readHealth } from './harness/health';
import { waitFor } from './harness/wait';

/**
 * README command 1's kiosk: no KIOSK_DOOR_PORT, so the kiosk opens its own socat pty pair and
 * runs the door board simulator on the far end, printing the relay and the LCD on its console,
 * among readable log lines (KIOSK_LOG_FORMAT=pretty, as scripts/start-kiosk.sh sets it).
 */
describe('the demo kiosk with its built-in door board simulator', () => {
  let rig: KioskRig;
  let kiosk: KioskProcess;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9c60,
      doorBoard: false,
      env: { KIOSK_DOOR_PULSE_MS: '1000', KIOSK_LOG_FORMAT: 'pretty' },
      prepare: (r) =>
        r.cli([
          'holder',
          'add',
          '--group',
          'Everyone',
          '--name',
          'Grace Hopper',
          '--uid',
          '04 11 22 33 44 55 66',
        ]),
    });
    kiosk = rig.kiosk;
  });
  afterAll(() => rig?.stop());

  /** The console shows one box per change; find the text that follows `from`. */
  // Colour codes stripped, should pino-pretty be told to colour (FORCE_COLOR).
  const consoleText = (from: number) =>
    kiosk.rawOutput
      .slice(from)
      .join('\n')
      .replace(new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g'), '');

  it('prints the idle LCD, then a relay pulse and the welcome for an enrolled card', () =>
    grantOnConsole().catch((err) => kiosk.explain(err)));

  it('says on /health that the door board is simulated', async () => {
    expect((await readHealth(kiosk.url)).details.doors.simulated).toBe(true);
  });

  async function grantOnConsole(): Promise<void> {
    await waitFor('the idle LCD on the console', () =>
      consoleText(0).includes('|Present card    |') ? true : undefined,
    );
    const from = kiosk.rawOutput.length;
    await rig.tap('04112233445566');
    await waitFor('relay 0 ON on the console', () =>
      /relay 0 ON/.test(consoleText(from)) ? true : undefined,
    );
    await waitFor('the welcome on the console', () =>
      /\|Welcome {9}\|\n\s*\|Grace Hopper {4}\|/.test(consoleText(from)) ? true : undefined,
    );
    // The decision as a readable line, not as JSON.
    expect(consoleText(from)).toMatch(/^\[[\d:.]+\] INFO: TapOrchestrator: access granted \{/m);
    expect(kiosk.lines).toEqual([]);
    await waitFor('the relay back off by itself', () => {
      const text = consoleText(from);
      return text.lastIndexOf('relay 0 off') > text.indexOf('relay 0 ON') ? true : undefined;
    });
  }

  it('prints "Access denied" for an unknown card and no pulse', async () => {
    const from = kiosk.rawOutput.length;
    await rig.tap('04AABBCCDDEEFF');
    await waitFor('the denial on the console', () =>
      /\|Access denied {3}\|\n\s*\|Unknown card {4}\|/.test(consoleText(from)) ? true : undefined,
    );
    expect(consoleText(from)).not.toMatch(/relay 0 ON/);
  });

  // README: "npm run tap -- --profile ..." with the default hold. A purse file or a phone takes
  // longer to read than a UID; the tool holds the card until the reader is done with it.
  it.each([
    ['purse-card', 'unknown'], // read in full: its purse number is enrolled nowhere
    ['phone', 'random-uid'],
  ])(
    'npm run tap -- --profile %s is read to the end, not removed first',
    async (profile, reason) => {
      const before = rig.tapRecords().length;
      const removals = rig.pcscd.removalsFrom(0);
      const tool = spawnSync(
        process.execPath,
        ['dist/tools/tap.js', '--profile', profile, '--port', String(rig.pcscd.vpcdPort)],
        { encoding: 'utf8', timeout: 20_000 },
      );
      expect(tool.status).toBe(0);
      expect(tool.stdout).toMatch(/the reader was done with it/);
      const record = await waitFor('the tap record', () => rig.tapRecords()[before]);
      expect(record).toMatchObject({ type: 'access-decision', outcome: 'denied', reason });
      // The next card only after pcscd has seen this one go (PcscdProcess.present says why).
      await waitFor('pcscd to see the card leave', () =>
        rig.pcscd.removalsFrom(0) > removals ? true : undefined,
      );
    },
  );

  it('stops on SIGTERM after its shutdown hooks, taking its socat pair with it', async () => {
    const socat = descendants(kiosk.pid!, 'socat');
    expect(socat).toHaveLength(1);
    const from = kiosk.rawOutput.length;
    try {
      // The shutdown hooks run, then the process exits 0 (not by the signal: no failure to report).
      expect(await kiosk.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      expect(consoleText(from)).not.toMatch(/\] (ERROR|FATAL):/);
      expect(isAlive(socat[0]!)).toBe(false);
    } finally {
      // Started again, so that a case run after this one finds a kiosk.
      kiosk = rig.kiosk = await KioskProcess.start(rig.env);
    }
  });

  it('killed (SIGKILL), leaves neither its socat nor, after the next start, its directory', async () => {
    const [socat] = descendants(kiosk.pid!, 'socat');
    expect(socat).toBeDefined();
    // socat was started with link=<the run's directory>/a
    const links = readFileSync(`/proc/${socat}/cmdline`, 'utf8').split('\0');
    const dir = dirname(/link=(.*)$/.exec(links.find((arg) => arg.includes('link='))!)![1]!);
    expect(existsSync(dir)).toBe(true);
    try {
      expect(await kiosk.stop('SIGKILL')).toEqual({ code: null, signal: 'SIGKILL' });
      await waitFor('socat to go with the kiosk', () => (isAlive(socat!) ? undefined : true), 5000);
    } finally {
      kiosk = rig.kiosk = await KioskProcess.start(rig.env);
    }
    expect(existsSync(dir)).toBe(false); // removed by the next start
    expect(descendants(kiosk.pid!, 'socat')).toHaveLength(1);
  });
});

/** The processes called `name` below `parent` (socat runs under a shell that ties it to the kiosk). */
function descendants(parent: number, name: string): number[] {
  const children = spawnSync('pgrep', ['-P', String(parent)], { encoding: 'utf8' })
    .stdout.split('\n')
    .filter(Boolean)
    .map(Number);
  return children.flatMap((pid) => [
    ...(processName(pid) === name ? [pid] : []),
    ...descendants(pid, name),
  ]);
}

function processName(pid: number): string | null {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return null;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
