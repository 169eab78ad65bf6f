import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialTransport } from '@kiosk/door';
import { OsdpPdSimulator, PtyPair } from '@kiosk/door/simulator';
import { waitFor } from './wait';

/**
 * A door board on the far end of a real socat pseudo-terminal pair: the OSDP PD simulator over
 * the same SerialTransport real hardware uses. The kiosk opens `acuPath`.
 */
export class DoorBoardHarness {
  readonly relayChanges: Array<{ output: number; on: boolean; at: number }> = [];
  readonly texts: Array<{ lines: readonly string[]; at: number }> = [];

  private constructor(
    private readonly dir: string,
    private pty: PtyPair,
    private readonly pdSide: SerialTransport,
    readonly simulator: OsdpPdSimulator,
  ) {
    simulator.on('relay', (output: number, on: boolean) =>
      this.relayChanges.push({ output, on, at: Date.now() }),
    );
    simulator.on('text', (lines: readonly string[]) => this.texts.push({ lines, at: Date.now() }));
  }

  static async start(address = 0): Promise<DoorBoardHarness> {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-e2e-door-'));
    const pty = await PtyPair.open(dir);
    const pdSide = new SerialTransport({ path: pty.b, baudRate: 9600 });
    const simulator = new OsdpPdSimulator(pdSide, { address, view: null });
    await simulator.start();
    return new DoorBoardHarness(dir, pty, pdSide, simulator);
  }

  /** The line dies as if its adapter were pulled: socat killed, both pty ends gone. */
  async cutLine(): Promise<void> {
    await this.pty.close('SIGKILL');
    // The board's own end is dead too. It usually notices at once (a read fails with EIO), but a
    // loaded machine can delay that past any wait; closing it here is what the board would do.
    await this.pdSide.close();
  }

  /** A new socat with the same link names, and the board on its end again. */
  async restoreLine(): Promise<void> {
    this.pty = await PtyPair.open(this.dir);
    await this.simulator.start();
  }

  get acuPath(): string {
    return this.pty.a;
  }

  lcd(): readonly string[] {
    return this.simulator.lcd().map((line) => line.trimEnd());
  }

  waitForLcd(first: string, second?: string, timeoutMs = 5000): Promise<readonly string[]> {
    return waitFor(
      `the LCD to read "${first}" / "${second ?? '*'}" (it reads "${this.lcd().join('" / "')}")`,
      () => {
        const [a, b] = this.lcd();
        return a === first && (second === undefined || b === second) ? this.lcd() : undefined;
      },
      timeoutMs,
    );
  }

  waitForRelay(
    on: boolean,
    since: number,
    timeoutMs = 5000,
  ): Promise<{ output: number; on: boolean; at: number }> {
    return waitFor(
      `the relay to turn ${on ? 'on' : 'off'}`,
      () => this.relayChanges.find((c) => c.at >= since && c.on === on),
      timeoutMs,
    );
  }

  /** Until no pulse is running: the last relay change (if any) turned it off. */
  waitForRelayIdle(timeoutMs = 5000): Promise<true> {
    return waitFor(
      'the relay to be off',
      () => this.relayChanges.at(-1)?.on !== true || undefined,
      timeoutMs,
    );
  }

  async stop(): Promise<void> {
    await this.simulator.stop();
    await this.pty.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
