import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialTransport } from '@kiosk/door';
import { LcdView, OsdpPdSimulator, PtyPair } from '@kiosk/door/simulator';

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
    return new SimulatedDoorBoard(pty.a, pty, simulator, dir);
  }

  async stop(): Promise<void> {
    await this.simulator.stop();
    await this.pty.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
