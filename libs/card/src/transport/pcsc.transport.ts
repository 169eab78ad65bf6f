import { noopCardLogger, type CardLogger } from '../card-logger';
import {
  CardFault,
  type CardConnection,
  type CardTransport,
  type CardTransportEvent,
} from './card-transport';
import {
  loadPcsclite,
  type PcscContextHandle,
  type PcscFactory,
  type PcscReaderHandle,
  type PcscStatus,
} from './pcsc-binding';
import { PcscConnection } from './pcsc-connection';
import { toCardFault } from './pcsc-error';

export type DisconnectDisposition = 'leave' | 'reset' | 'unpower';

export interface PcscTransportOptions {
  logger?: CardLogger;
  /** Backoff while pcscd is unreachable: the first delay, doubled up to maxMs. */
  retry?: { initialMs?: number; maxMs?: number };
  /**
   * What SCardDisconnect does to the card. 'leave' (default) keeps a contactless card activated:
   * unpowering it makes many readers report it as removed and inserted again, which would count
   * a card left lying on the reader as a second presentation.
   */
  disposition?: DisconnectDisposition;
  /** Replaces the pcsclite addon (tests, or another binding). */
  pcsc?: PcscFactory;
}

interface ReaderSlot {
  handle: PcscReaderHandle;
  /** False until the first status event, which reports what was there before we looked. */
  seen: boolean;
  present: boolean;
  /** pcsc-lite keeps a card event counter in the upper 16 bits of dwEventState. */
  counter: number;
  atr: Uint8Array;
  connection?: PcscConnection;
  /** An SCardConnect is under way: a second one on the same handle must wait its turn. */
  connecting: boolean;
}

/**
 * CardTransport on PC/SC through pcsclite 1.0.1 (a nan addon that runs SCardGetStatusChange on
 * its own threads). See card-transport.ts for the contract. When pcscd cannot be reached, it
 * reports `service-lost` and tries again with backoff, both at start and when pcscd goes away.
 */
export class PcscTransport implements CardTransport {
  private readonly logger: CardLogger;
  private readonly initialRetryMs: number;
  private readonly maxRetryMs: number;
  private readonly readers = new Map<string, ReaderSlot>();
  private listener?: (event: CardTransportEvent) => void;
  private factory?: PcscFactory;
  private context?: PcscContextHandle;
  private serviceUp?: boolean;
  private retryTimer?: NodeJS.Timeout;
  private retryDelay: number;
  private running = false;

  constructor(private readonly options: PcscTransportOptions = {}) {
    this.logger = options.logger ?? noopCardLogger;
    this.initialRetryMs = options.retry?.initialMs ?? 500;
    this.maxRetryMs = options.retry?.maxMs ?? 10_000;
    this.retryDelay = this.initialRetryMs;
  }

  async start(listener: (event: CardTransportEvent) => void): Promise<void> {
    if (this.running) throw new Error('PcscTransport is already started');
    try {
      this.factory ??= this.options.pcsc ?? (await loadPcsclite());
    } catch (error) {
      throw new CardFault('middleware-unavailable', 'the pcsclite addon cannot be loaded', {
        cause: error,
      });
    }
    this.listener = listener;
    this.running = true;
    this.retryDelay = this.initialRetryMs;
    this.open();
  }

  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    clearTimeout(this.retryTimer);
    const stopped = new CardFault('transport-stopped', 'the card transport was stopped');
    const open = [...this.readers.values()].flatMap((slot) => slot.connection ?? []);
    for (const connection of open) connection.invalidate(stopped);
    await Promise.allSettled(open.map((connection) => connection.disconnect()));
    for (const slot of this.readers.values()) this.close(slot.handle);
    this.readers.clear();
    if (this.context) this.close(this.context);
    this.context = undefined;
    this.listener = undefined;
    this.serviceUp = undefined;
    await new Promise((resolve) => setImmediate(resolve)); // the deferred closes have run
  }

  async connect(reader: string): Promise<CardConnection> {
    if (!this.running) throw new CardFault('transport-stopped', 'the card transport is stopped');
    const slot = this.readers.get(reader);
    if (!slot) throw new CardFault('reader-removed', `no reader named "${reader}"`);
    if (!slot.present) throw new CardFault('card-removed', `no card on "${reader}"`);
    if (slot.connection || slot.connecting)
      throw new CardFault('reader-busy', `"${reader}" is already connected`);
    const { handle } = slot;
    // Exclusive while reading: no other process talks to the card until we disconnect.
    const options = {
      share_mode: handle.SCARD_SHARE_EXCLUSIVE,
      protocol: handle.SCARD_PROTOCOL_T0 | handle.SCARD_PROTOCOL_T1,
    };
    slot.connecting = true;
    const protocol = await new Promise<number>((resolve, reject) => {
      handle.connect(options, (err, code) => {
        if (err) reject(toCardFault(err, `SCardConnect on ${reader}`));
        // pcsclite answers a connect on an already connected handle with no protocol.
        else if (typeof code !== 'number')
          reject(new CardFault('reader-busy', 'already connected'));
        else resolve(code);
      });
    }).finally(() => (slot.connecting = false));
    const connection = new PcscConnection(
      handle,
      protocol,
      slot.atr,
      this.disposition(handle),
      (c) => {
        if (slot.connection === c) slot.connection = undefined;
      },
    );
    slot.connection = connection;
    return connection;
  }

  private disposition(handle: PcscReaderHandle): number {
    switch (this.options.disposition ?? 'leave') {
      case 'leave':
        return handle.SCARD_LEAVE_CARD;
      case 'reset':
        return handle.SCARD_RESET_CARD;
      case 'unpower':
        return handle.SCARD_UNPOWER_CARD;
    }
  }

  /** SCardEstablishContext; pcsclite throws from its constructor when pcscd is not there. */
  private open(): void {
    this.retryTimer = undefined;
    if (!this.running || !this.factory) return;
    let context: PcscContextHandle;
    try {
      context = this.factory();
    } catch (error) {
      this.lose(toCardFault(error, 'SCardEstablishContext'));
      return;
    }
    this.context = context;
    context.on('error', (error) => this.onContextError(context, error));
    context.on('reader', (handle) => this.onReaderAttached(context, handle));
    if (this.serviceUp === false) this.emit({ type: 'service-restored' });
    this.serviceUp = true;
    this.retryDelay = this.initialRetryMs;
    this.logger.info({}, 'PC/SC context established');
  }

  /** Reports the loss once, then retries with backoff. */
  private lose(fault: CardFault): void {
    if (this.serviceUp !== false) {
      this.logger.warn({ code: fault.code, err: fault }, 'PC/SC service lost');
      this.emit({ type: 'service-lost', detail: fault.message });
    }
    this.serviceUp = false;
    this.logger.debug({ retryInMs: this.retryDelay }, 'PC/SC retry scheduled');
    this.retryTimer = setTimeout(() => this.open(), this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, this.maxRetryMs);
  }

  /**
   * pcsclite's reader-list thread stops after any error (pcscd gone: SCARD_F_COMM_ERROR). Errors of
   * a context we already closed (SCARD_E_CANCELLED after close) are ignored.
   */
  private onContextError(context: PcscContextHandle, error: unknown): void {
    if (context !== this.context || !this.running) return;
    const fault = toCardFault(error, 'SCardGetStatusChange');
    this.context = undefined;
    for (const [name, slot] of this.readers) this.dropReader(name, slot, fault);
    this.close(context);
    this.lose(fault);
  }

  private onReaderAttached(context: PcscContextHandle, handle: PcscReaderHandle): void {
    if (context !== this.context) return this.close(handle);
    const slot: ReaderSlot = {
      handle,
      seen: false,
      present: false,
      counter: 0,
      atr: new Uint8Array(),
      connecting: false,
    };
    handle.on('error', (error) => {
      this.logger.debug({ reader: handle.name, err: error }, 'PC/SC reader status error');
    });
    handle.on('end', () => this.onReaderEnd(handle));
    handle.on('status', (status) => this.onStatus(handle, status));
    // reader-attached waits for the first status, so that a card already there is reported
    // as present at attach, never as a tap.
    this.readers.set(handle.name, slot);
  }

  private onReaderEnd(handle: PcscReaderHandle): void {
    const slot = this.readers.get(handle.name);
    if (slot?.handle !== handle) return;
    this.dropReader(
      handle.name,
      slot,
      new CardFault('reader-removed', `${handle.name} was removed`),
    );
  }

  private dropReader(name: string, slot: ReaderSlot, fault: CardFault): void {
    this.readers.delete(name);
    slot.connection?.invalidate(fault);
    this.close(slot.handle);
    if (!slot.seen) return;
    if (slot.present) this.emit({ type: 'card-removed', reader: name });
    this.logger.info({ reader: name, reason: fault.code }, 'reader removed');
    this.emit({ type: 'reader-removed', reader: name });
  }

  /** Card presence is the SCARD_STATE_PRESENT bit; a changed event counter means a new card. */
  private onStatus(handle: PcscReaderHandle, status: PcscStatus): void {
    const slot = this.readers.get(handle.name);
    if (slot?.handle !== handle) return;
    const { state } = status;
    const present =
      (state & handle.SCARD_STATE_UNKNOWN) === 0 && (state & handle.SCARD_STATE_PRESENT) !== 0;
    const counter = state >>> 16;
    const first = !slot.seen;
    this.logger.debug({ reader: handle.name, state, present, counter }, 'PC/SC reader status');
    if (first) {
      slot.seen = true;
      this.logger.info({ reader: handle.name }, 'reader attached');
      this.emit({ type: 'reader-attached', reader: handle.name });
    }
    if (slot.present && (!present || counter !== slot.counter)) {
      slot.present = false;
      slot.connection?.invalidate(new CardFault('card-removed', `card left ${handle.name}`));
      this.emit({ type: 'card-removed', reader: handle.name });
    }
    slot.counter = counter;
    if (present && !slot.present) {
      slot.present = true;
      slot.atr = status.atr ? new Uint8Array(status.atr) : new Uint8Array();
      this.emit({
        type: 'card-inserted',
        reader: handle.name,
        atr: slot.atr,
        presentAtAttach: first,
      });
    }
  }

  private emit(event: CardTransportEvent): void {
    try {
      this.listener?.(event);
    } catch (error) {
      this.logger.error({ event: event.type, err: error }, 'card transport listener threw');
    }
  }

  /**
   * pcsclite runs a reader's 'status', 'error' and 'end' listeners with that reader's mutex held,
   * and close() takes the same mutex: closing from inside one of them deadlocks the event loop.
   * So every close is deferred to the next turn of the loop.
   */
  private close(handle: { close(): void }): void {
    setImmediate(() => {
      try {
        handle.close();
      } catch (error) {
        this.logger.debug({ err: error }, 'PC/SC close failed');
      }
    });
  }
}
