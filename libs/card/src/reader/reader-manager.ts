import { EventEmitter } from 'node:events';
import { classifyAtr } from '../codec/atr.parser';
import { toHex } from '../codec/hex';
import { compileReaderPattern } from '../codec/reader-pattern';
import { noopCardLogger, type CardLogger } from '../card-logger';
import type { CardTransport, CardTransportEvent } from '../transport/card-transport';
import type { CardRead, ReaderEvent } from './card-read';
import {
  CardReadPipeline,
  type CardReadPipelineOptions,
  type PipelineResult,
} from './card-read.pipeline';

/**
 * Also (from CardReadPipelineOptions): `methods` per reader, `purseFile`, `emv`,
 * `uidFallbackForProcessorCards`, `session`, `readTimeoutMs`, `feedback`, `ntagGetVersion`.
 */
export interface ReaderManagerOptions extends CardReadPipelineOptions {
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
  /**
   * After a read that failed as unreadable-card, how long to wait for the reader to report the
   * card gone (default 600 ms, past pcscd's 400 ms presence poll): a card pulled mid-APDU often
   * surfaces first as a failed transaction, and is then a `card-removed` refusal, not a decision.
   */
  removalGraceMs?: number;
  /**
   * How long stop() waits for reads in flight (default 1500 ms). A card whose transmit hangs
   * (pcscd waiting on a reader that no longer answers) must not hold the process's shutdown: past
   * this, stop() returns and the read's result, if it ever comes, is dropped.
   */
  stopGraceMs?: number;
}

export interface ReaderManagerStatus {
  /** stopped: before start() and after stop(). */
  service: 'up' | 'lost' | 'stopped';
  readers: string[];
}

/** The events of a ReaderManager, for typed `on` / `once`. */
export interface ReaderManagerEvents {
  'card-read': [read: CardRead];
  reader: [event: ReaderEvent];
  error: [error: Error];
}

interface ReaderState {
  present: boolean;
  /** Card removals seen on this reader, and who waits for the next one. */
  removals: number;
  onRemoval: Set<() => void>;
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
  private readonly pipeline: CardReadPipeline;
  private running = false;
  private serviceUp = true;

  constructor(
    private readonly transport: CardTransport,
    private readonly options: ReaderManagerOptions = {},
  ) {
    super();
    const pattern = compileReaderPattern(options.readerPattern);
    if (!pattern.ok) throw new Error(`readerPattern: ${pattern.detail}`);
    this.matches = pattern.matches;
    this.logger = options.logger ?? noopCardLogger;
    this.pipeline = new CardReadPipeline(transport, options, this.logger, (p) => this.keep(p));
  }

  /** Readers followed right now. */
  get readerNames(): string[] {
    return [...this.readers.keys()];
  }

  /** For health checks: is the PC/SC service reachable, and which readers are followed. */
  status(): ReaderManagerStatus {
    const service = !this.running ? 'stopped' : this.serviceUp ? 'up' : 'lost';
    return { service, readers: this.readerNames.sort() };
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.serviceUp = true; // until the transport reports otherwise
    try {
      await this.transport.start((event) => this.onTransportEvent(event));
    } catch (error) {
      this.running = false;
      throw error;
    }
  }

  /**
   * Stops the transport and waits for reads in flight, at most `stopGraceMs`; no event is
   * emitted after it resolves.
   */
  async stop(): Promise<void> {
    if (!this.running) return;
    this.running = false;
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.options.stopGraceMs ?? 1500);
    });
    const settled = (async () => {
      await this.transport.stop();
      await Promise.allSettled([...this.inflight]);
      return 'done' as const;
    })();
    const ended = await Promise.race([settled, grace]);
    clearTimeout(timer);
    if (ended === 'late')
      this.logger.warn(
        { inflight: this.inflight.size },
        'card reads still in flight at stop: left',
      );
    this.readers.clear();
  }

  private onTransportEvent(event: CardTransportEvent): void {
    if (!this.running) return;
    switch (event.type) {
      case 'reader-attached':
        if (!this.matches(event.reader)) return;
        this.readers.set(event.reader, {
          present: false,
          removals: 0,
          onRemoval: new Set(),
          queue: Promise.resolve(),
        });
        return this.emitSafely('reader', event);
      case 'reader-removed':
        if (this.readers.delete(event.reader)) this.emitSafely('reader', event);
        return;
      case 'card-inserted':
        return this.onCardInserted(event.reader, event.atr, event.presentAtAttach);
      case 'card-removed': {
        const state = this.readers.get(event.reader);
        if (!state) return;
        state.present = false;
        state.removals += 1;
        for (const wake of state.onRemoval) wake();
        return;
      }
      case 'service-lost':
        this.serviceUp = false;
        return this.emitSafely('reader', { type: 'service-lost', detail: event.detail });
      case 'service-restored':
        this.serviceUp = true;
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
    const removalsBefore = this.readers.get(reader)?.removals ?? 0;
    let result: PipelineResult;
    try {
      result = await this.pipeline.read(reader, atr);
      result = await this.removedMidRead(reader, removalsBefore, result);
    } catch (error) {
      this.logger.error({ reader, err: error }, 'card read failed unexpectedly');
      if (this.listenerCount('error') > 0) this.emit('error', toError(error));
      const detail = `internal error: ${String(error)}`;
      result = {
        outcome: { ok: false, reason: 'unreadable-card', detail },
        cardName: null,
        methodsTried: [],
      };
    }
    const read: CardRead = {
      reader,
      atr: toHex(atr),
      cardKind: classifyAtr(atr),
      cardName: result.cardName,
      methodsTried: result.methodsTried,
      startedAt,
      durationMs: Math.round((performance.now() - began) * 10) / 10,
      presentAtAttach,
      outcome: result.outcome,
    };
    // Never the credential itself: a PAN must not reach a log, and a UID needs no log here. A card
    // that is refused is logged with what an installer needs to send it in: its ATR, why, and
    // (EMV) the AIDs it offered and each command's last status word; never a PAN.
    const { ok } = read.outcome;
    const refused = read.outcome.ok
      ? {}
      : {
          reason: read.outcome.reason,
          atr: read.atr,
          detail: read.outcome.detail,
          diagnosis: read.outcome.diagnosis,
        };
    this.logger.info(
      { reader, ok, ...refused, methods: read.methodsTried, durationMs: read.durationMs },
      'card read',
    );
    if (this.running) this.emitSafely('card-read', read);
  }

  /** An unreadable answer followed by the card leaving is a card pulled mid-read. */
  private async removedMidRead(
    reader: string,
    before: number,
    result: PipelineResult,
  ): Promise<PipelineResult> {
    const { outcome } = result;
    if (outcome.ok || outcome.reason !== 'unreadable-card') return result;
    const state = this.readers.get(reader);
    if (!state) return result;
    const removed =
      state.removals > before ||
      (await new Promise<boolean>((resolve) => {
        const wake = (): void => {
          clearTimeout(timer);
          state.onRemoval.delete(wake);
          resolve(true);
        };
        const timer = setTimeout(() => {
          state.onRemoval.delete(wake);
          resolve(false);
        }, this.options.removalGraceMs ?? 600);
        state.onRemoval.add(wake);
      }));
    if (!removed) return result;
    return {
      ...result,
      outcome: {
        ok: false,
        reason: 'card-removed',
        detail: `left mid-read: ${outcome.detail ?? ''}`,
      },
    };
  }

  /** Work that outlives a read (the release of a card that answered too slowly). */
  private keep(pending: Promise<void>): void {
    const settled = pending.catch((error: unknown) =>
      this.logger.warn({ err: error }, 'late card release failed'),
    );
    this.inflight.add(settled);
    void settled.finally(() => this.inflight.delete(settled));
  }

  private emitSafely<K extends 'card-read' | 'reader'>(
    event: K,
    ...payload: ReaderManagerEvents[K]
  ): void {
    try {
      (this.emit as (e: K, ...p: ReaderManagerEvents[K]) => boolean)(event, ...payload);
    } catch (error) {
      this.logger.error({ event, err: error }, `a '${event}' listener threw`);
    }
  }
}

const toError = (error: unknown): Error =>
  error instanceof Error ? error : new Error(String(error));
