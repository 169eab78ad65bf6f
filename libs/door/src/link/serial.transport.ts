import { EventEmitter } from 'node:events';
import { SerialPort } from 'serialport';
import type { ByteTransport, ByteTransportEvents } from './byte-transport';
import { DoorLinkFault } from './door-link.errors';

export interface SerialTransportOptions {
  path: string;
  baudRate: number;
}

/**
 * A serial port (an RS-485 adapter, or a pty in tests) through serialport 13. 8 data bits, no
 * parity, 1 stop bit, as OSDP v2.2 requires. See ByteTransport for the contract.
 */
export class SerialTransport extends EventEmitter<ByteTransportEvents> implements ByteTransport {
  private port: SerialPort | null = null;
  private baud: number;

  constructor(private readonly options: SerialTransportOptions) {
    super();
    this.baud = options.baudRate;
  }

  get baudRate(): number {
    return this.baud;
  }

  get isOpen(): boolean {
    return this.port?.isOpen ?? false;
  }

  get path(): string {
    return this.options.path;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const port = new SerialPort({
      path: this.options.path,
      baudRate: this.baud,
      dataBits: 8,
      parity: 'none',
      stopBits: 1,
      autoOpen: false,
    });
    await new Promise<void>((resolve, reject) => {
      port.open((err) =>
        err ? reject(this.fault(`cannot open ${this.options.path}`, err)) : resolve(),
      );
    });
    this.port = port;
    // A Buffer is a Uint8Array: passed on as it is, no copy a chunk (OsdpBus copies what it keeps).
    port.on('data', (chunk: Buffer) => this.emit('data', chunk));
    port.on('error', (err: Error) => this.onLost(port, err));
    port.on('close', (err?: Error | null) => this.onLost(port, err ?? undefined));
  }

  /** Changes the line speed (serialport update()); a reopen after a loss uses the new speed. */
  async setBaudRate(baudRate: number): Promise<void> {
    const port = this.port;
    this.baud = baudRate;
    if (!port?.isOpen) return;
    await new Promise<void>((resolve, reject) => {
      port.update({ baudRate }, (err) =>
        err
          ? reject(this.fault(`cannot set ${this.options.path} to ${baudRate} baud`, err))
          : resolve(),
      );
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    this.port = null;
    if (!port?.isOpen) return;
    await closeWithoutDraining(port);
  }

  async write(bytes: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw this.fault(`${this.options.path} is not open`);
    await new Promise<void>((resolve, reject) => {
      // A view of the caller's bytes, not a copy: nothing writes into a frame once it is sent.
      port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (err) =>
        err ? reject(this.fault(`write to ${this.options.path} failed`, err)) : resolve(),
      );
    });
    await new Promise<void>((resolve, reject) => {
      port.drain((err) =>
        err ? reject(this.fault(`drain of ${this.options.path} failed`, err)) : resolve(),
      );
    });
  }

  // serialport reports an unplugged adapter as 'close' with err.disconnected, and a failing
  // read (a pty whose other end went away) as 'error'. Either way the port is gone.
  private onLost(port: SerialPort, err: Error | undefined): void {
    if (this.port !== port) return; // closed on purpose, or already reported
    this.port = null;
    if (port.isOpen) void closeWithoutDraining(port);
    this.emit('lost', this.fault(`${this.options.path} lost`, err));
  }

  private fault(message: string, cause?: unknown): DoorLinkFault {
    return new DoorLinkFault('transport', message, cause === undefined ? {} : { cause });
  }
}

/**
 * Discards what is still queued for the line (tcflush), then closes. A plain close(2) of a tty
 * waits for its queued output to drain, up to the tty's closing_wait (30 s on Linux), and
 * serialport closes on a libuv thread-pool thread: with the far end gone (an unplugged adapter,
 * a killed socat) a few such closes took every thread of the pool, and the reopened line's reads
 * and writes then waited behind them, so a board that was back never came online.
 */
function closeWithoutDraining(port: SerialPort): Promise<void> {
  return new Promise<void>((resolve) => port.flush(() => port.close(() => resolve())));
}
