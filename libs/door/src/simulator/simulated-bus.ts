import { EventEmitter } from 'node:events';
import type { ByteTransport, ByteTransportEvents } from '../link/byte-transport';
import { DoorLinkFault } from '../link/door-link.errors';

/**
 * An RS-485 multi-drop bus on the PD side: several simulated PDs share one ByteTransport end (a
 * pty, or a MemoryTransport end). Every byte the ACU sends reaches every PD, and each PD acts only
 * on messages to its own address, as OSDP v2.2 requires; the PDs' replies go out on the shared end
 * one write at a time, in the order they were written.
 *
 * ```ts
 * const bus = new SimulatedBus(new SerialTransport({ path: pty.b, baudRate: 9600 }));
 * const front = new OsdpPdSimulator(bus.drop(), { address: 1, view: null });
 * const back = new OsdpPdSimulator(bus.drop(), { address: 2, view: null });
 * ```
 */
export class SimulatedBus {
  private readonly drops = new Set<BusDrop>();
  private opening: Promise<void> | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly line: ByteTransport) {
    line.on('data', (chunk) => {
      for (const d of this.drops) d.receive(chunk);
    });
    line.on('lost', (fault) => {
      this.opening = null;
      for (const d of this.drops) d.lose(fault);
    });
  }

  /** A new connection to the bus, for one PD. */
  drop(): ByteTransport {
    return new BusDrop(this);
  }

  /** @internal the first drop to open opens the shared line. */
  async attach(d: BusDrop): Promise<void> {
    if (!this.line.isOpen) {
      this.opening ??= this.line.open().finally(() => (this.opening = null));
      await this.opening;
    }
    this.drops.add(d);
  }

  /** @internal the last drop to close closes the shared line. */
  async detach(d: BusDrop): Promise<void> {
    this.drops.delete(d);
    if (this.drops.size === 0) await this.line.close();
  }

  /** @internal writes are serialised: one PD's reply never interleaves with another's. */
  write(bytes: Uint8Array): Promise<void> {
    const next = this.writing.then(() => this.line.write(bytes));
    this.writing = next.catch(() => undefined);
    return next;
  }

  get isOpen(): boolean {
    return this.line.isOpen;
  }

  get baudRate(): number | undefined {
    return this.line.baudRate;
  }

  /** @internal a speed change (osdp_COMSET) applies to the whole bus. */
  async setBaudRate(baudRate: number): Promise<void> {
    await this.line.setBaudRate?.(baudRate);
  }
}

/** One PD's connection to a SimulatedBus. */
class BusDrop extends EventEmitter<ByteTransportEvents> implements ByteTransport {
  private open_ = false;

  constructor(private readonly bus: SimulatedBus) {
    super();
  }

  get isOpen(): boolean {
    return this.open_ && this.bus.isOpen;
  }

  get baudRate(): number | undefined {
    return this.bus.baudRate;
  }

  async open(): Promise<void> {
    await this.bus.attach(this);
    this.open_ = true;
  }

  async close(): Promise<void> {
    if (!this.open_) return;
    this.open_ = false;
    await this.bus.detach(this);
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.isOpen) return Promise.reject(new DoorLinkFault('transport', 'bus drop is not open'));
    return this.bus.write(bytes);
  }

  setBaudRate(baudRate: number): Promise<void> {
    return this.bus.setBaudRate(baudRate);
  }

  receive(chunk: Uint8Array): void {
    if (this.open_) this.emit('data', chunk);
  }

  lose(fault: DoorLinkFault): void {
    if (!this.open_) return;
    this.open_ = false;
    this.bus.detach(this).catch(() => undefined);
    this.emit('lost', fault);
  }
}
