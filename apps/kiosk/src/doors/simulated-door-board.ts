import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialTransport } from '@kiosk/door';
import {
  attachPdKeyboard,
  LcdView,
  OsdpPdSimulator,
  PD_KEYBOARD_HELP,
  PtyPair,
} from '@kiosk/door/simulator';

/**
 * The demo's door board: when no serial port is configured, the kiosk opens a real
 * pseudo-terminal pair (socat) and runs the OSDP PD simulator on the far end, printing its
 * relay and LCD on the console. The kiosk side is the same serial ACU as with real hardware.
 */
export class SimulatedDoorBoard {
  private constructor(
    readonly acuPath: string,
    private readonly pty: PtyPair,
    private readonly simulator: OsdpPdSimulator,
    private readonly dir: string,
    private readonly detachKeyboard: () => void,
  ) {}

  static async start(opts: { address: number; baudRate: number }): Promise<SimulatedDoorBoard> {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-door-sim-'));
    const pty = await PtyPair.open(dir);
    const simulator = new OsdpPdSimulator(
      new SerialTransport({ path: pty.b, baudRate: opts.baudRate }),
      {
        address: opts.address,
        view: new LcdView(),
      },
    );
    await simulator.start();
    // A person at the demo console plays the door: keys flip the contact, REX, tamper, power.
    const detachKeyboard = attachPdKeyboard(simulator);
    if (process.stdin.isTTY) process.stdout.write(`${PD_KEYBOARD_HELP}\n`);
    return new SimulatedDoorBoard(pty.a, pty, simulator, dir, detachKeyboard);
  }

  async stop(): Promise<void> {
    this.detachKeyboard();
    await this.simulator.stop();
    await this.pty.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
