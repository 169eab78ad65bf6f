import { EventEmitter } from 'node:events';
import { classifyAtr } from '../codec/atr.parser';
import { toHex } from '../codec/hex';
import { noopCardLogger, type CardLogger } from '../card-logger';
import type { CredentialReadOutcome } from '../credential/credential';
import { refusalForFault, UidReader } from '../credential/uid.reader';
import { CardSession, type CardSessionOptions } from '../session/card.session';
import {
  CardFault,
  type CardTransport,
  type CardTransportEvent,
} from '../transport/card-transport';
import type { CardRead, ReaderEvent } from './card-read';
import { compileReaderPattern } from './reader-pattern';

export interface ReaderManagerOptions {
  /** Substring (case-insensitive) or `/regex/flags` of the reader names to follow; default all. */
  readerPattern?: string;
  logger?: CardLogger;
  /**
   * Read a card that was already lying on the reader when the reader was first seen (at start,
   * or when pcscd came back). Default false: such a card is no tap, and opening a door for it
   * after a restart would replay an old presentation. It is read once it is taken away and
   * presented again.
   */
  readPresentAtAttach?: boolean;
  session?: CardSessionOptions;
}

/** The events of a ReaderManager, for typed `on` / `once`. */
export interface ReaderManagerEvents {
  'card-read': [read: CardRead];
  reader: [event: ReaderEvent];
  error: [error: Error];
}

interface ReaderState {
  present: boolean;
  /** Reads on one reader run one after another (a quick swap waits for the first to release). */
  queue: Promise<void>;
}

/**
 * Follows the readers of a CardTransport. On each card presentation it connects, reads the
 * credential, releases the card and emits exactly one 'card-read'. A card left lying on the
 * reader yields nothing more until it is removed.
 *
 * Events: 'card-read' (CardRead), 'reader' (ReaderEvent), 'error' (unexpected failures; the read
 * still ends in a 'card-read' refusal). 'error' is emitted only when someone listens to it.
 */
export class ReaderManager extends EventEmitter<ReaderManagerEvents> {
  private readonly logger: CardLogger;
  private readonly matches: (reader: string) => boolean;
  private readonly readers = new Map<string, ReaderState>();
  private readonly inflight = new Set<Promise<void>>();
  private readonly uidReader = new UidReader();
  private running = false;

  constructor(
    private readonly transport: CardTransport,
    private readonly options: ReaderManagerOptions = {},
  ) {
    super();
    const pattern = compileReaderPattern(options.readerPattern);
    if (!pattern.ok) throw new Error(`readerPattern: ${pattern.detail}`);
    this.matches = pattern.matches;
    this.logger = options.logger ?? noopCardLogger;
  }

  /** Readers followed right now. */
  get readerNames(): string[] {
    return [...this.readers.keys()];
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      await this.transport.start((event) => this.onTransportEvent(event));
    } catch (error) {
      this.running = false;
      throw error;
    }
  }

  /** Stops the transport and waits for reads in flight; no event is emitted after it resolves. */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    await this.transport.stop();
    await Promise.allSettled([...this.inflight]);
    this.readers.clear();
  }

  private onTransportEvent(event: CardTransportEvent): void {
    if (!this.running) return;
    switch (event.type) {
      case 'reader-attached':
        if (!this.matches(event.reader)) return;
        this.readers.set(event.reader, { present: false, queue: Promise.resolve() });
        return this.emitSafely('reader', event);
      case 'reader-removed':
        if (this.readers.delete(event.reader)) this.emitSafely('reader', event);
        return;
      case 'card-inserted':
        return this.onCardInserted(event.reader, event.atr, event.presentAtAttach);
      case 'card-removed': {
        const state = this.readers.get(event.reader);
        if (state) state.present = false;
        return;
      }
      case 'service-lost':
        return this.emitSafely('reader', { type: 'service-lost', detail: event.detail });
      case 'service-restored':
        return this.emitSafely('reader', { type: 'service-restored' });
    }
  }

  private onCardInserted(reader: string, atr: Uint8Array, presentAtAttach: boolean): void {
    const state = this.readers.get(reader);
    if (!state || state.present) return;
    state.present = true;
    if (presentAtAttach && !this.options.readPresentAtAttach) {
      this.logger.info({ reader }, 'card already on the reader at attach: ignored until removed');
      return;
    }
    const startedAt = new Date();
    const run = state.queue.then(() => this.readCard(reader, atr, startedAt, presentAtAttach));
    state.queue = run;
    this.inflight.add(run);
    void run.finally(() => this.inflight.delete(run));
  }

  private async readCard(
    reader: string,
    atr: Uint8Array,
    startedAt: Date,
    presentAtAttach: boolean,
  ): Promise<void> {
    const began = performance.now();
    let outcome: CredentialReadOutcome;
    try {
      outcome = await this.readCredential(reader);
    } catch (error) {
      this.logger.error({ reader, err: String(error) }, 'card read failed unexpectedly');
      if (this.listenerCount('error') > 0) this.emit('error', toError(error));
      outcome = {
        ok: false,
        reason: 'unreadable-card',
        detail: `internal error: ${String(error)}`,
      };
    }
    const read: CardRead = {
      reader,
      atr: toHex(atr),
      cardKind: classifyAtr(atr),
      startedAt,
      durationMs: Math.round((performance.now() - began) * 10) / 10,
      presentAtAttach,
      outcome,
    };
    this.logger.info({ reader, ok: outcome.ok, durationMs: read.durationMs }, 'card read');
    if (this.running) this.emitSafely('card-read', read);
  }

  /** Exclusive connection for the read only; released whatever happens. */
  private async readCredential(reader: string): Promise<CredentialReadOutcome> {
    let session: CardSession;
    try {
      session = new CardSession(await this.transport.connect(reader), this.options.session);
    } catch (error) {
      if (error instanceof CardFault) return refusalForFault(error);
      throw error;
    }
    try {
      return await this.uidReader.read(session);
    } finally {
      await session.close().catch((error: unknown) => {
        this.logger.warn({ reader, err: String(error) }, 'card release failed');
      });
    }
  }

  private emitSafely<K extends 'card-read' | 'reader'>(
    event: K,
    ...payload: ReaderManagerEvents[K]
  ): void {
    try {
      (this.emit as (e: K, ...p: ReaderManagerEvents[K]) => boolean)(event, ...payload);
    } catch (error) {
      this.logger.error({ event, err: String(error) }, `a '${event}' listener threw`);
    }
  }
}

const toError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
