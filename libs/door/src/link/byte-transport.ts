import type { DoorLinkFault } from './door-link.errors';

export interface ByteTransportEvents {
  /** Bytes arrived, in order, in chunks of any size (a message may be split or several glued). */
  data: [chunk: Uint8Array];
  /** The medium went away without close() (cable pulled, adapter unplugged, pty closed). */
  lost: [fault: DoorLinkFault];
}

/**
 * Moves bytes over one medium (a serial port, a pty, memory). Knows nothing of OSDP.
 *
 * Contract:
 * - open() resolves when bytes can flow; it rejects with DoorLinkFault('transport') if the medium
 *   cannot be opened. It may be called again after a 'lost' event or close().
 * - write() may be called while an earlier write is pending; bytes go out in call order. It
 *   rejects with DoorLinkFault('transport') when the transport is not open or the write fails.
 *   The caller does not change the bytes until it settles: a transport may send them uncopied.
 * - 'data' chunks are the listener's to read, not to keep: one may be a view of a buffer the
 *   transport reuses, so a listener copies what it keeps (OsdpBus's scan does).
 * - 'lost' is emitted once per open, when the medium fails without close(); isOpen is then false.
 *   Reopening (with backoff) is the owner's job: OsdpAcu does it.
 * - close() is idempotent and emits no 'lost'.
 * - setBaudRate(), where present, resolves once bytes go out at the new speed.
 */
export interface ByteTransport {
  readonly isOpen: boolean;
  open(): Promise<void>;
  close(): Promise<void>;
  write(bytes: Uint8Array): Promise<void>;
  /** The line speed, for a transport that has one. */
  readonly baudRate?: number;
  /**
   * Changes the line speed while open, for a transport that can (SerialTransport, MemoryTransport).
   * A later open() uses the new speed. OsdpAcu uses it to follow an acknowledged osdp_COMSET.
   */
  setBaudRate?(baudRate: number): Promise<void>;
  // One signature per event rather than a generic one: an EventEmitter<ByteTransportEvents>
  // (as @types/node 24 types it) implements these; its own generic signature does not match ours.
  on(event: 'data', listener: (...args: ByteTransportEvents['data']) => void): unknown;
  on(event: 'lost', listener: (...args: ByteTransportEvents['lost']) => void): unknown;
  off(event: 'data', listener: (...args: ByteTransportEvents['data']) => void): unknown;
  off(event: 'lost', listener: (...args: ByteTransportEvents['lost']) => void): unknown;
}
