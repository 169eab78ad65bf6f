import { EventEmitter } from 'node:events';
import type { ByteTransport, ByteTransportEvents } from './byte-transport';
import { DoorLinkFault } from './door-link.errors';

export interface MemoryTransportOptions {
  /** Deliver writes in pieces of at most this many bytes, to exercise reassembly. */
  chunkSize?: number;
  /** Line speed of both ends at first (default 9600); see setBaudRate(). */
  baudRate?: number;
}

/**
 * One end of an in-memory serial line, for tests and the console demo. Bytes written on one end
 * arrive as 'data' on the other on a later turn of the event loop, like a real line; bytes sent
 * while the other end is closed are lost, as on RS-485.
 */
export class MemoryTransport extends EventEmitter<ByteTransportEvents> implements ByteTransport {
  private peer: MemoryTransport | null = null;
  private open_ = false;
  private unplugged = false;
  private baud: number;

  private constructor(private readonly options: MemoryTransportOptions) {
    super();
    this.baud = options.baudRate ?? 9600;
  }

  get baudRate(): number {
    return this.baud;
  }

  /** Changes this end's speed. Bytes sent between ends at different speeds are lost, as noise. */
  setBaudRate(baudRate: number): Promise<void> {
    this.baud = baudRate;
    return Promise.resolve();
  }

  /** Two connected ends: what one writes, the other reads. */
  static pair(options: MemoryTransportOptions = {}): [MemoryTransport, MemoryTransport] {
    const a = new MemoryTransport(options);
    const b = new MemoryTransport(options);
    a.peer = b;
    b.peer = a;
    return [a, b];
  }

  get isOpen(): boolean {
    return this.open_;
  }

  open(): Promise<void> {
    if (this.unplugged)
      return Promise.reject(new DoorLinkFault('transport', 'memory transport is unplugged'));
    this.open_ = true;
    return Promise.resolve();
  }

  close(): Promise<void> {
    this.open_ = false;
    return Promise.resolve();
  }

  write(bytes: Uint8Array): Promise<void> {
    if (!this.open_)
      return Promise.reject(new DoorLinkFault('transport', 'memory transport is not open'));
    const peer = this.peer;
    const size = this.options.chunkSize ?? bytes.length;
    const copy = Uint8Array.from(bytes);
    for (let at = 0; at < copy.length; at += Math.max(1, size)) {
      const chunk = copy.slice(at, at + Math.max(1, size));
      const baud = this.baud;
      setImmediate(() => peer?.deliver(chunk, baud));
    }
    return Promise.resolve();
  }

  /** Simulates a pulled cable: emits 'lost', and open() fails until plugIn(). */
  unplug(): void {
    this.unplugged = true;
    if (!this.open_) return;
    this.open_ = false;
    this.emit('lost', new DoorLinkFault('transport', 'memory transport unplugged'));
  }

  plugIn(): void {
    this.unplugged = false;
  }

  private deliver(chunk: Uint8Array, baud: number): void {
    if (this.open_ && baud === this.baud) this.emit('data', chunk);
  }
}
