import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialTransport } from '@kiosk/door';
import { OsdpPdSimulator, PtyPair } from '@kiosk/door/simulator';
import { waitFor } from '../../apps/kiosk/src/testing/wait';

/**
 * The door board simulator on the far end of a socat pty pair, over the SerialTransport real
 * hardware uses: the kiosk opens `acuPath` (KIOSK_DOOR_PORT), as it would an RS-485 adapter.
 */
export class PtyDoorBoard {
  private constructor(
    private readonly dir: string,
    private readonly pty: PtyPair,
    readonly simulator: OsdpPdSimulator,
  ) {}

  static async start(): Promise<PtyDoorBoard> {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-door-'));
    const pty = await PtyPair.open(dir);
    const simulator = new OsdpPdSimulator(new SerialTransport({ path: pty.b, baudRate: 9600 }), {
      address: 0,
      view: null,
    });
    simulator.on('error', () => undefined); // a line fault shows as a missing relay, with its timeout
    await simulator.start();
    return new PtyDoorBoard(dir, pty, simulator);
  }

  get acuPath(): string {
    return this.pty.a;
  }

  /** Until the kiosk has put the door in service: its LCD asks for a card. */
  waitForPresentCard(timeoutMs = 30_000): Promise<true> {
    return waitFor(
      `the door board's LCD to read "Present card" (it reads "${this.simulator.lcd().join(' / ')}")`,
      () => (this.simulator.lcd()[0]?.trim() === 'Present card' ? true : undefined),
      timeoutMs,
    );
  }

  /** Resolves at the next osdp_OUT the board receives (the strike), with its hrtime. */
  nextOut(timeoutMs = 15_000): Promise<bigint> {
    return this.nextCommand('out', timeoutMs);
  }

  /** Resolves at the next osdp_POLL the board receives, with its hrtime. */
  nextPoll(timeoutMs = 5_000): Promise<bigint> {
    return this.nextCommand('poll', timeoutMs);
  }

  private nextCommand(kind: string, timeoutMs: number): Promise<bigint> {
    return new Promise((resolve, reject) => {
      const onCommand = (command: { kind: string }) => {
        if (command.kind !== kind) return;
        clearTimeout(timer);
        this.simulator.off('command', onCommand);
        resolve(process.hrtime.bigint());
      };
      const timer = setTimeout(() => {
        this.simulator.off('command', onCommand);
        reject(new Error(`no osdp_${kind.toUpperCase()} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.simulator.on('command', onCommand);
    });
  }

  /** Until every relay is off again (the strike's pulse is over). */
  waitForRelaysOff(timeoutMs = 10_000): Promise<true> {
    return waitFor(
      'the relays to be off',
      () => (this.simulator.relays().every((on) => !on) ? true : undefined),
      timeoutMs,
      5,
    );
  }

  async stop(): Promise<void> {
    await this.simulator.stop();
    await this.pty.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
