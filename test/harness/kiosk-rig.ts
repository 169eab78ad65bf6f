import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { contactlessUidProfile, profileByName, type ProfileChoice } from '@kiosk/card/virtual';
import { readAuditRows, type AuditRow } from './audit-file';
import { DoorBoardHarness } from './door-board.harness';
import { KioskProcess, runKioskCli, runKioskCliAsync } from './kiosk.process';
import { PcscdProcess } from './pcscd.process';
import { LIBFAKETIME, requireSystemTools } from './system-tools';
import { waitFor } from './wait';

export interface KioskRigOptions {
  /** vpcd port of this spec's pcscd: each spec file uses its own. */
  vpcdPort: number;
  /** Extra KIOSK_* settings. */
  env?: Record<string, string>;
  /** Run before the kiosk starts, e.g. to enrol holders with the CLI. */
  prepare?: (rig: KioskRig) => void;
  /** false: no door board of the test's own; the kiosk runs its built-in simulator. */
  doorBoard?: boolean;
  /** The moment the kiosk's clock starts at (and its CLI's), ticking on from there. */
  clock?: Date;
}

/**
 * The environment that starts a process's wall clock at `at` (libfaketime, preloaded): the
 * kiosk's Date, its SQLite and its time zone arithmetic all see it. Timers keep the real
 * monotonic clock, so nothing waits longer or shorter than it would.
 */
export function fakeClockEnv(at: Date): Record<string, string> {
  const utc = at.toISOString().replace('T', ' ').slice(0, 19);
  return {
    LD_PRELOAD: LIBFAKETIME,
    FAKETIME: `@${utc}`,
    FAKETIME_DONT_FAKE_MONOTONIC: '1',
    TZ: 'UTC', // libfaketime reads FAKETIME in the process's zone
  };
}

/**
 * One spec's world, all real: a temp directory with the SQLite file, its own pcscd with vpcd,
 * a door board simulator on a socat pty pair, and the built kiosk as a process. `stop()` takes
 * every part down, in reverse order.
 */
export class KioskRig {
  kiosk!: KioskProcess;
  board: DoorBoardHarness | null = null;

  private constructor(
    readonly dir: string,
    readonly pcscd: PcscdProcess,
    readonly env: Record<string, string>,
  ) {}

  static async start(options: KioskRigOptions): Promise<KioskRig> {
    requireSystemTools();
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-'));
    const pcscd = new PcscdProcess(options.vpcdPort);
    const rig = new KioskRig(dir, pcscd, {
      KIOSK_DB: join(dir, 'kiosk.db'),
      KIOSK_PAN_KEY_FILE: join(dir, 'pan-hmac.key'),
      ...options.env,
      ...(options.clock ? fakeClockEnv(options.clock) : {}),
    });
    try {
      await pcscd.start();
      if (options.doorBoard !== false) {
        rig.board = await DoorBoardHarness.start();
        rig.env.KIOSK_DOOR_PORT = rig.board.acuPath;
      }
      options.prepare?.(rig);
      rig.kiosk = await KioskProcess.start(rig.env);
      await rig.board?.waitForLcd('Present card');
      return rig;
    } catch (err) {
      await rig.stop();
      throw err;
    }
  }

  /**
   * Stops the kiosk and starts it again on the same database and door board, with `env` added
   * (a new clock, for one), and waits until its doors are in service. `until`: as
   * KioskProcess.start; a kiosk only answering is not awaited at the door either.
   */
  async restartKiosk(
    env: Record<string, string> = {},
    { until = 'healthy' }: { until?: 'healthy' | 'answering' } = {},
  ): Promise<void> {
    await this.kiosk.stop();
    Object.assign(this.env, env);
    this.kiosk = await KioskProcess.start(this.env, { until });
    if (until === 'healthy') await this.board?.waitForLcd('Present card');
  }

  get dbPath(): string {
    return this.env.KIOSK_DB!;
  }

  /** The door board; fails a spec that asked for none. */
  get door(): DoorBoardHarness {
    if (!this.board) throw new Error('this rig runs the kiosk with its built-in door board');
    return this.board;
  }

  /** `kiosk …` with this rig's settings; fails the spec on a non-zero exit. */
  cli(args: string[], input?: string): string {
    const result = runKioskCli(args, this.env, input);
    if (result.status !== 0) {
      throw new Error(`kiosk ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    }
    return result.stdout;
  }

  /**
   * `cli`, without blocking this process: what a spec runs while the kiosk runs with a door board,
   * whose simulator lives in this process and goes offline when it cannot answer polls.
   */
  async cliAsync(args: string[]): Promise<string> {
    const result = await runKioskCliAsync(args, this.env);
    if (result.status !== 0) {
      throw new Error(`kiosk ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
    }
    return result.stdout;
  }

  /** A new API token (`kiosk token create`), its secret as shown once. */
  createToken(
    name: string,
    role: 'admin' | 'operator' | 'auditor' | 'monitor',
    ...options: string[]
  ): string {
    const out = this.cli(['token', 'create', '--name', name, '--role', role, ...options, '--json']);
    return (JSON.parse(out) as { token: string }).token;
  }

  audit(): AuditRow[] {
    return readAuditRows(this.dbPath);
  }

  decisions(): AuditRow[] {
    return this.audit().filter((row) => row.type === 'access-decision');
  }

  /** What a presentation leaves in the audit log: a decision, or a read the card left. */
  tapRecords(): AuditRow[] {
    return this.audit().filter(
      (row) => row.type === 'access-decision' || row.type === 'card-read-incomplete',
    );
  }

  /**
   * Taps a virtual card (a contactless UID, or any profile) on a reader slot: holds it in the
   * field until the kiosk has recorded this presentation, then takes it away, and resolves with
   * the record. A fixed hold would be a guess; on a loaded machine pcscd's presence poll and the
   * read can outlast it, and the card would leave before it was read.
   */
  async tap(card: string | ProfileChoice, slot: 0 | 1 = 0, timeoutMs = 15_000): Promise<AuditRow> {
    const profile = typeof card === 'string' ? contactlessUidProfile(card) : profileByName(card);
    const before = this.tapRecords().length;
    return this.pcscd.present(
      profile,
      () =>
        waitFor('the kiosk to record this card', () => this.tapRecords()[before], timeoutMs).catch(
          (err: unknown) => {
            const pcscd = this.pcscd.log.slice(-30).join('\n');
            const message = err instanceof Error ? err.message : String(err);
            return this.kiosk.explain(new Error(`${message}\n--- last pcscd output ---\n${pcscd}`));
          },
        ),
      slot,
    );
  }

  async stop(): Promise<void> {
    await this.kiosk?.stop();
    await this.board?.stop();
    await this.pcscd.dispose();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
