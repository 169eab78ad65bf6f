import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialTransport } from '@kiosk/door';
import { OsdpPdSimulator, PtyPair, SimulatedBus } from '@kiosk/door/simulator';

/**
 * Door boards for a spec: a real socat pty pair, and one simulated PD per address on its far end
 * (a multi-drop bus). Point KIOSK_DOOR_PORT at `acuPath`; drive each board through `boards`.
 */
export class TestDoorBus {
  private constructor(
    readonly acuPath: string,
    readonly boards: ReadonlyMap<number, OsdpPdSimulator>,
    private readonly pty: PtyPair,
    private readonly dir: string,
  ) {}

  static async start(addresses: readonly number[]): Promise<TestDoorBus> {
    const dir = mkdtempSync(join(tmpdir(), 'kiosk-spec-bus-'));
    const pty = await PtyPair.open(dir);
    const bus = new SimulatedBus(new SerialTransport({ path: pty.b, baudRate: 9600 }));
    const boards = new Map<number, OsdpPdSimulator>();
    for (const address of addresses) {
      const board = new OsdpPdSimulator(bus.drop(), { address, view: null });
      await board.start();
      boards.set(address, board);
    }
    return new TestDoorBus(pty.a, boards, pty, dir);
  }

  board(address: number): OsdpPdSimulator {
    const board = this.boards.get(address);
    if (!board) throw new Error(`no simulated board at address ${address}`);
    return board;
  }

  async stop(): Promise<void> {
    for (const board of this.boards.values()) await board.stop();
    await this.pty.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
