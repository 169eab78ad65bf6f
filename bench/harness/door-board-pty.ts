import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialTransport } from '@kiosk/door';
import { OsdpPdSimulator, PtyPair, SimulatedBus } from '@kiosk/door/simulator';
import { waitFor } from '../../apps/kiosk/src/testing/wait';

/**
 * The door board simulator on the far end of a socat pty pair, over the SerialTransport real
 * hardware uses: the kiosk opens `acuPath` (KIOSK_DOOR_PORT), as it would an RS-485 adapter.
 */
export class PtyDoorBoard {
  private constructor(
    private readonly dir: string,
    private readonly pty: PtyPair,
    /** One board a PD address, in the order asked for; `simulator` is the first. */
    readonly simulators: OsdpPdSimulator[],
  ) {}

  /** The board at address 0, alone on the line. */
  get simulator(): OsdpPdSimulator {
    return this.simulators[0]!;
  }

  /**
   * The boards at `addresses` on one pty: one board alone on its line, several as drops of one
   * RS-485 bus (SimulatedBus), each answering its own address.
   */
  static async start(addresses: number[] = [0]): Promise<PtyDoorBoard> {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-bench-door-'));
    const pty = await PtyPair.open(dir);
    const line = new SerialTransport({ path: pty.b, baudRate: 9600 });
    const bus = addresses.length > 1 ? new SimulatedBus(line) : null;
    const simulators = addresses.map((address) => {
      const simulator = new OsdpPdSimulator(bus?.drop() ?? line, { address, view: null });
      simulator.on('error', () => undefined); // a line fault shows as a missing relay, with its timeout
      return simulator;
    });
    for (const simulator of simulators) await simulator.start();
    return new PtyDoorBoard(dir, pty, simulators);
  }

  get acuPath(): string {
    return this.pty.a;
  }

  /** Until the kiosk has put the door in service: its LCD asks for a card. */
  waitForPresentCard(timeoutMs = 30_000): Promise<true> {
    return waitFor(
      `every door board's LCD to read "Present card" (they read "${this.simulators.map((s) => s.lcd().join(' / ')).join('", "')}")`,
      () =>
        this.simulators.every((s) => s.lcd()[0]?.trim() === 'Present card') ? true : undefined,
      timeoutMs,
    );
  }

  /** Resolves at the next osdp_OUT the board receives (the strike), with its hrtime. */
  nextOut(timeoutMs = 15_000): Promise<bigint> {
    return this.nextCommand('out', timeoutMs);
  }

  /** Resolves at the next osdp_POLL `simulator` (the first board) receives, with its hrtime. */
  nextPoll(timeoutMs = 5_000, simulator = this.simulator): Promise<bigint> {
    return this.nextCommand('poll', timeoutMs, simulator);
  }

  private nextCommand(
    kind: string,
    timeoutMs: number,
    simulator = this.simulator,
  ): Promise<bigint> {
    return new Promise((resolve, reject) => {
      const onCommand = (command: { kind: string }) => {
        if (command.kind !== kind) return;
        clearTimeout(timer);
        simulator.off('command', onCommand);
        resolve(process.hrtime.bigint());
      };
      const timer = setTimeout(() => {
        simulator.off('command', onCommand);
        reject(new Error(`no osdp_${kind.toUpperCase()} within ${timeoutMs} ms`));
      }, timeoutMs);
      simulator.on('command', onCommand);
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
    for (const simulator of this.simulators) await simulator.stop();
    await this.pty.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
