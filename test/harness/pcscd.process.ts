import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CardProfile } from '@kiosk/card/virtual';
import { VirtualCard } from '@kiosk/card/virtual';
import { VPCD_DRIVER } from './system-tools';
import { waitFor } from './wait';

/**
 * A real pcscd in the foreground whose vpcd listens on spare ports (not the demo's 35963), so a
 * test's virtual cards never reach another reader. Only one pcscd can run on a machine: its
 * socket path is fixed. A pcscd that is already running is named, never killed.
 */
export class PcscdProcess {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-pcscd-'));
  readonly log: string[] = [];

  constructor(readonly vpcdPort: number) {
    const hex = `0x${vpcdPort.toString(16).toUpperCase()}`;
    writeFileSync(
      join(this.dir, 'vpcd'),
      `FRIENDLYNAME "Virtual PCD"\nDEVICENAME   /dev/null:${hex}\nLIBPATH      ${VPCD_DRIVER}\nCHANNELID    ${hex}\n`,
    );
  }

  /** Reader names as pcscd gives them: slot 0 listens on vpcdPort, slot 1 on vpcdPort + 1. */
  static readerName(slot: 0 | 1): string {
    return `Virtual PCD 00 0${slot}`;
  }

  /** How often pcscd has logged a card leaving the slot ("Card Removed From …", at --info). */
  removalsFrom(slot: 0 | 1): number {
    const line = `Card Removed From ${PcscdProcess.readerName(slot)}`;
    return this.log.filter((entry) => entry.includes(line)).length;
  }

  /**
   * Presents a virtual card on `slot` until `until` settles, then takes it away and waits until
   * pcscd has seen it go. A card presented before that can take the old one's place unseen:
   * when vpcd powers a card down and finds its socket closed it drops it quietly, then accepts
   * the next card on its next presence poll, so pcscd reports neither a removal nor a new card.
   */
  async present<T>(profile: CardProfile, until: () => Promise<T>, slot: 0 | 1 = 0): Promise<T> {
    const removals = this.removalsFrom(slot);
    const card = new VirtualCard({ port: this.vpcdPort + slot, profile });
    card.on('error', () => undefined); // the socket closes under it when removed
    await card.insert();
    let result: T;
    try {
      result = await until();
    } catch (err) {
      // The test's own failure tells the story; pcscd may never have seen this card at all.
      await card.remove();
      throw err;
    }
    await card.remove();
    await waitFor(`pcscd to see the card leave slot ${slot}`, () =>
      this.removalsFrom(slot) > removals ? true : undefined,
    );
    return result;
  }

  async start(): Promise<void> {
    const running = runningPcscd();
    if (running) {
      throw new Error(
        `A pcscd is already running (pid ${running}); stop it before the end-to-end tests, which start their own`,
      );
    }
    // KIOSK_E2E_PCSCD_DEBUG=1 makes pcscd log every reader event and APDU, for a failure's story.
    const level = process.env.KIOSK_E2E_PCSCD_DEBUG === '1' ? '--debug' : '--info';
    const child = spawn('pcscd', ['--foreground', level, '-c', this.dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    // Whole lines only: a chunk may end in the middle of one (each stream keeps its own tail).
    const lines = () => {
      let partial = '';
      return (chunk: Buffer) => {
        const parts = (partial + chunk.toString('utf8')).split('\n');
        partial = parts.pop() ?? '';
        this.log.push(...parts.filter(Boolean));
      };
    };
    child.stdout?.on('data', lines());
    child.stderr?.on('data', lines());
    await waitFor(`pcscd's vpcd to listen on ${this.vpcdPort}`, () => {
      if (child.exitCode !== null)
        throw new Error(`pcscd exited with ${child.exitCode}: ${this.log.slice(-5).join(' | ')}`);
      return isListening(this.vpcdPort) && isListening(this.vpcdPort + 1) ? true : undefined;
    });
  }

  /** Sends `signal` and returns at once (SIGSTOP, SIGCONT: a daemon hung and resumed). */
  signal(signal: NodeJS.Signals): void {
    if (!this.child || this.child.exitCode !== null) throw new Error('pcscd is not running');
    this.child.kill(signal);
  }

  /** Sends `signal` (SIGKILL after 5 s), then waits until it is gone. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * The pid of a live pcscd, or null. A killed daemon can linger as a zombie until its parent
 * reaps it: pgrep still lists it, but it holds no socket and serves nothing, so it is not one.
 */
function runningPcscd(): string | null {
  let pids: string[];
  try {
    pids = execFileSync('pgrep', ['-x', 'pcscd'], { encoding: 'utf8' }).trim().split('\n');
  } catch {
    return null; // pgrep exits 1 when nothing matches
  }
  return (
    pids.find(
      (pid) => processState(pid) !== 'Z' && processState(pid) !== null && sharesOurSocket(pid),
    ) ?? null
  );
}

/**
 * Whether the pcscd `pid` is in this process's mount namespace, where its socket path is ours. The
 * memory benchmark runs a pcscd of its own in a private one (bench/harness): no clash with ours.
 */
function sharesOurSocket(pid: string): boolean {
  try {
    return readlinkSync(`/proc/${pid}/ns/mnt`) === readlinkSync('/proc/self/ns/mnt');
  } catch {
    return true; // unreadable: assume the worst, as before
  }
}

/** The state letter of /proc/<pid>/stat (R, S, Z...), or null when the process is gone. */
function processState(pid: string): string | null {
  try {
    // "pid (comm) S ...": the command may hold spaces or parentheses, so read after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).charAt(0) || null;
  } catch {
    return null;
  }
}

/** Reads /proc/net/tcp{,6} so that probing never connects (a connection to vpcd inserts a card). */
export function isListening(port: number): boolean {
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(table, 'utf8');
    } catch {
      continue;
    }
    // Columns: sl local_address rem_address st ...; st 0A is LISTEN.
    if (
      text.split('\n').some((line) => {
        const cols = line.trim().split(/\s+/);
        return cols[1]?.endsWith(`:${hexPort}`) && cols[3] === '0A';
      })
    )
      return true;
  }
  return false;
}
