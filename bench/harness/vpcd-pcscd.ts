import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contactlessUidProfile, VirtualCard, type VpcdControl } from '@kiosk/card/virtual';
import { waitFor } from '../../apps/kiosk/src/testing/wait';

/** The vpcd driver of Debian's vsmartcard-vpcd, as the e2e harness uses it. */
const VPCD_DRIVER = '/usr/lib/pcsc/drivers/serial/libifdvpcd.so';

/**
 * vpcd ports of the benchmarks' pcscd: not the demo's (35963), nor an e2e spec's (0x9exx below
 * 0x9e50), so a stray card never reaches another reader.
 */
export const BENCH_VPCD_PORT = 0x9e50;

/** pcscd's socket (Debian's build): what the kiosk's PCSCLITE_CSOCK_NAME names to reach it. */
export const PCSCD_SOCKET = '/run/pcscd/pcscd.comm';

/** How long pcscd may take to listen: 10 s timed out once in a CI run under load. */
const PCSCD_START_MS = 30_000;

/** Slot 0's reader, as pcscd names it. */
export const BENCH_READER = 'Virtual PCD 00 00';

/**
 * pcscd in the foreground with the vpcd driver on BENCH_VPCD_PORT: the same daemon the kiosk
 * meets on a terminal, with a virtual card instead of a reader. Only one pcscd can run on a
 * machine (its socket path is fixed): the caller holds /tmp/kiosk-pcscd.lock, as the e2e specs do.
 */
export class BenchPcscd {
  private readonly log: string[] = [];

  private constructor(
    private readonly dir: string,
    private readonly child: ChildProcess,
  ) {
    let partial = '';
    const lines = (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop() ?? '';
      this.log.push(...parts);
    };
    child.stdout?.on('data', lines);
    child.stderr?.on('data', lines);
  }

  static async start(port = BENCH_VPCD_PORT): Promise<BenchPcscd> {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-pcscd-'));
    const child = spawn('pcscd', ['--foreground', '--info', '-c', vpcdConfig(dir, port)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return BenchPcscd.listening(dir, child, port, PCSCD_SOCKET);
  }

  /**
   * A pcscd of its own, which needs no lock: in a mount namespace of its own (unshare, as root,
   * as pcscd itself needs) where `dir` is mounted over /run/pcscd, so its socket and pid file are
   * `socket` here and never touch the machine's pcscd (an e2e spec's). Its vpcd listens on `port`,
   * which must be another than any other pcscd's.
   */
  static async startPrivate(port: number): Promise<BenchPcscd> {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-pcscd-'));
    const run = join(dir, 'run');
    mkdirSync(run);
    const config = vpcdConfig(dir, port);
    // `exec`: pcscd keeps the shell's pid, so stop() signals pcscd itself.
    const script = `mount --make-rprivate / && mount --bind "$1" /run/pcscd && exec pcscd --foreground --info -c "$2"`;
    const child = spawn('unshare', ['--mount', 'sh', '-ec', script, 'sh', run, config], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const pcscd = await BenchPcscd.listening(dir, child, port, join(run, 'pcscd.comm'));
    pcscd.socket = join(run, 'pcscd.comm');
    return pcscd;
  }

  /** Where clients reach this pcscd (PCSCLITE_CSOCK_NAME). */
  socket = PCSCD_SOCKET;

  private static async listening(
    dir: string,
    child: ChildProcess,
    port: number,
    socket: string,
  ): Promise<BenchPcscd> {
    const pcscd = new BenchPcscd(dir, child);
    try {
      await waitFor(
        `pcscd's vpcd to listen on ${port}`,
        () => {
          if (child.exitCode !== null)
            throw new Error(
              `pcscd exited with ${child.exitCode}: ${pcscd.log.slice(-5).join(' | ')}`,
            );
          // Its clients' socket too: vpcd can listen before it exists, and a client that comes
          // first is told "Service not available" (seen once in a full run).
          return isListening(port) && existsSync(socket) ? true : undefined;
        },
        PCSCD_START_MS,
      );
    } catch (err) {
      await pcscd.stop();
      // What pcscd said is the story of a start that never listened (seen once in CI, not since).
      const said = pcscd.log.slice(-10).join(' | ') || 'nothing';
      throw new Error(`${(err as Error).message}; pcscd said: ${said}`, { cause: err });
    }
    return pcscd;
  }

  /** How often pcscd has logged a card leaving slot 0. */
  removals(): number {
    return this.log.filter((line) => line.includes(`Card Removed From ${BENCH_READER}`)).length;
  }

  /**
   * A contactless card with `uid` enters slot 0's field: `until` runs with its times (CardTimes),
   * then the card leaves and this waits until pcscd has seen it go, so that the next card is seen
   * as a new one.
   */
  async tap<T>(
    uid: string,
    until: (times: CardTimes) => Promise<T>,
    port = BENCH_VPCD_PORT,
  ): Promise<T> {
    const removals = this.removals();
    const card = new VirtualCard({ port, profile: contactlessUidProfile(uid) });
    card.on('error', () => undefined); // the socket closes under it when removed
    const noticed = firstFrame(card);
    const insertedAt = process.hrtime.bigint();
    await card.insert();
    try {
      return await until({ insertedAt, noticed });
    } finally {
      await card.remove();
      await waitFor(
        'pcscd to see the card leave',
        () => (this.removals() > removals ? true : undefined),
        10_000,
        5,
      );
    }
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = new Promise<void>((done) => this.child.once('exit', () => done()));
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * When a card entered the field, and when pcscd noticed it. vpcd listens for the card; its
 * presence check (IFDHICCPresence, which pcscd calls on every poll of the reader) accepts a
 * waiting connection and asks the card for its ATR at once (vsmartcard's `vicc_present`:
 * `vicc_connect` with no wait, then `vicc_getatr`), so the first frame the card receives is
 * pcscd's first look at it. From `insertedAt` to that frame is pcscd's poll phase, not anyone's
 * work.
 */
export interface CardTimes {
  /** hrtime before the card connected to vpcd: it entered the field. */
  readonly insertedAt: bigint;
  /** The first vpcd frame the card received: pcscd noticed it. */
  readonly noticed: Promise<FirstFrame>;
}

export interface FirstFrame {
  /** hrtime when the card took it. */
  readonly at: bigint;
  /** What it was: a control code ('atr' from a presence check) or 'apdu'. */
  readonly frame: VpcdControl | 'apdu';
}

/** Resolves at the first frame `card` receives from vpcd, a control code or an APDU. */
function firstFrame(card: VirtualCard): Promise<FirstFrame> {
  return new Promise((resolve) => {
    const took = (frame: FirstFrame['frame']) => {
      resolve({ at: process.hrtime.bigint(), frame });
      card.off('control', onControl);
      card.off('apdu', onApdu);
    };
    const onControl = (control: VpcdControl) => took(control);
    const onApdu = () => took('apdu');
    card.on('control', onControl);
    card.on('apdu', onApdu);
  });
}

/** pcscd's reader configuration in `dir`: vpcd on `port` (slot 0) and `port` + 1 (slot 1). */
function vpcdConfig(dir: string, port: number): string {
  const config = join(dir, 'reader.conf.d');
  mkdirSync(config);
  const hex = `0x${port.toString(16).toUpperCase()}`;
  writeFileSync(
    join(config, 'vpcd'),
    `FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:${hex}\nLIBPATH      ${VPCD_DRIVER}\nCHANNELID    ${hex}\n`,
  );
  return config;
}

/** Reads /proc/net/tcp{,6}: a probe that connected to vpcd would insert a card. */
function isListening(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  return ['/proc/net/tcp', '/proc/net/tcp6'].some((table) => {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      return false;
    }
    return text.split('\n').some((line) => {
      const cols = line.trim().split(/\s+/);
      return cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A';
    });
  });
}
