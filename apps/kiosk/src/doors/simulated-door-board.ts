import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialTransport } from '@kiosk/door';
import {
  attachPdKeyboard,
  LcdView,
  OsdpPdSimulator,
  PD_KEYBOARD_HELP,
  PtyPair,
  SimulatedBus,
} from '@kiosk/door/simulator';

const DIR_PREFIX = 'kiosk-door-sim-';

/**
 * What a killed run left in the temporary directory (its socat went with it: PtyPair): the
 * directories of processes that are gone. A live kiosk's, or another user's, is left alone.
 */
function removeLeftovers(): void {
  for (const name of readdirSync(tmpdir())) {
    const pid = new RegExp(`^${DIR_PREFIX}(\\d+)-`).exec(name)?.[1];
    if (pid && !isRunning(Number(pid)))
      rmSync(join(tmpdir(), name), { recursive: true, force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'; // someone else's: running
  }
}

/**
 * The demo's door boards: when no serial port is configured, the kiosk opens a real
 * pseudo-terminal pair (socat) and runs one OSDP PD simulator per board address on the far end
 * (a multi-drop bus), printing relays and LCDs on the console. The kiosk side is the same serial
 * ACU as with real hardware. The console keys play the first board's door.
 */
export class SimulatedDoorBoard {
  private constructor(
    readonly acuPath: string,
    private readonly pty: PtyPair,
    private readonly simulators: OsdpPdSimulator[],
    private readonly dir: string,
    private readonly detachKeyboard: () => void,
  ) {}

  static async start(opts: {
    addresses: readonly number[];
    baudRate: number;
  }): Promise<SimulatedDoorBoard> {
    removeLeftovers();
    // Named with this process's id, so that a later start can tell a killed run's from a live one's.
    const dir = mkdtempSync(join(tmpdir(), `${DIR_PREFIX}${process.pid}-`));
    const pty = await PtyPair.open(dir);
    const line = new SerialTransport({ path: pty.b, baudRate: opts.baudRate });
    const bus = opts.addresses.length > 1 ? new SimulatedBus(line) : null;
    const simulators = opts.addresses.map(
      (address) => new OsdpPdSimulator(bus ? bus.drop() : line, { address, view: new LcdView() }),
    );
    for (const simulator of simulators) await simulator.start();
    // A person at the demo console plays the door: keys flip the contact, REX, tamper, power.
    const detachKeyboard = attachPdKeyboard(simulators[0]!);
    if (process.stdin.isTTY) process.stdout.write(`${PD_KEYBOARD_HELP}\n`);
    return new SimulatedDoorBoard(pty.a, pty, simulators, dir, detachKeyboard);
  }

  async stop(): Promise<void> {
    this.detachKeyboard();
    for (const simulator of this.simulators) await simulator.stop();
    await this.pty.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
