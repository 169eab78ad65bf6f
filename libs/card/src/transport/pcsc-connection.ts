import {
  CardFault,
  type CardConnection,
  type CardFaultCode,
  type CardProtocol,
} from './card-transport';
import type { PcscReaderHandle } from './pcsc-binding';
import { toCardFault } from './pcsc-error';

/** Short APDUs need 258 response bytes; 65538 leaves room for extended lengths (Ne up to 65536). */
export const MAX_RESPONSE_LENGTH = 65538;

/** When the card or its reader is already gone, there is nothing left to release. */
const RELEASED_ANYWAY: ReadonlySet<CardFaultCode> = new Set<CardFaultCode>([
  'card-removed',
  'card-reset',
  'reader-removed',
  'middleware-unavailable',
  'transport-stopped',
]);

/** One exclusive PC/SC connection (SCardConnect … SCardDisconnect) on one reader. */
export class PcscConnection implements CardConnection {
  readonly reader: string;
  private queue: Promise<unknown> = Promise.resolve();
  private fault?: CardFault;
  private closed = false;

  constructor(
    private readonly handle: PcscReaderHandle,
    private readonly protocolCode: number,
    readonly atr: Uint8Array,
    private readonly disposition: number,
    private readonly release: (connection: PcscConnection) => void,
  ) {
    this.reader = handle.name;
  }

  get protocol(): CardProtocol {
    if (this.protocolCode === this.handle.SCARD_PROTOCOL_T0) return 'T=0';
    if (this.protocolCode === this.handle.SCARD_PROTOCOL_T1) return 'T=1';
    if (this.protocolCode === this.handle.SCARD_PROTOCOL_RAW) return 'raw';
    return 'unknown';
  }

  transmit(command: Uint8Array): Promise<Uint8Array> {
    return this.serially(() => this.transmitNow(command));
  }

  disconnect(): Promise<void> {
    return this.serially(() => this.disconnectNow());
  }

  /** The reader went away or the transport stopped: later calls fail with this fault. */
  invalidate(fault: CardFault): void {
    this.fault ??= fault;
  }

  private transmitNow(command: Uint8Array): Promise<Uint8Array> {
    if (this.fault) return Promise.reject(this.fault);
    return new Promise((resolve, reject) => {
      const buffer = Buffer.from(command);
      this.handle.transmit(buffer, MAX_RESPONSE_LENGTH, this.protocolCode, (err, data) => {
        if (err) reject(toCardFault(err, `SCardTransmit on ${this.reader}`));
        else resolve(new Uint8Array(data));
      });
    });
  }

  private async disconnectNow(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.fault ??= new CardFault('unknown', `connection to ${this.reader} was closed`);
    try {
      await new Promise<void>((resolve, reject) => {
        this.handle.disconnect(this.disposition, (err) => {
          if (err) reject(toCardFault(err, `SCardDisconnect on ${this.reader}`));
          else resolve();
        });
      });
    } catch (error) {
      if (!(error instanceof CardFault) || !RELEASED_ANYWAY.has(error.code)) throw error;
    } finally {
      this.release(this);
    }
  }

  private serially<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
