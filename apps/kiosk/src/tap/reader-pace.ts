import { systemClock, type CoalescerClock } from '../audit/repeat-coalescer';

/** What became of one read: decided, or counted as a repeat or as faster than a person taps. */
export type PaceVerdict = 'decide' | 'repeated' | 'too-fast';
export type CountedReason = Exclude<PaceVerdict, 'decide'>;

/** The reads of one reader counted (not decided) in one window, told when the window closes. */
export interface CountedReads {
  reader: string;
  reason: CountedReason;
  count: number;
  firstAt: Date;
  lastAt: Date;
  /** Each distinct thing read (the caller's key: a card as shown, or a failure), with its count. */
  reads: { read: string; count: number }[];
  /** Distinct reads past the listed ones (only when more than `maxListed`), still counted. */
  otherReads: number;
}

export interface ReaderPaceOptions {
  /** A read of what this reader decided this recently is the same presentation: counted. */
  repeatWindowMs: number;
  /** Presentations a reader may have decided at once (a short queue of people)... */
  burst: number;
  /** ...and per second after that: faster than this is no person, it is a device fault. */
  perSecond: number;
  /** How long counted reads gather before they are told (one record per reason a window). */
  windowMs: number;
  /** Counted reads without a quiet window for this long: the reader is told as flooding, once. */
  floodAfterMs: number;
  /** The most distinct reads a window lists by name (the rest are a number). */
  maxListed: number;
  onCounted: (counted: CountedReads) => void;
  onFlooding: (reader: string, flooding: boolean) => void;
  clock?: CoalescerClock;
}

interface Tally {
  count: number;
  firstAt: Date;
  lastAt: Date;
  reads: Map<string, number>;
  otherReads: number;
}

interface ReaderState {
  tokens: number;
  refilledAt: number;
  /** What was decided in the last repeat window, and when. */
  decided: Map<string, number>;
  tallies: Map<CountedReason, Tally>;
  busySince: number | null;
  flooding: boolean;
  timer: unknown;
}

/**
 * How fast one reader may fill the audit log, whatever it sends. A read of the card this reader
 * decided within `repeatWindowMs` is the same presentation (an OSDP reader reports a card on every
 * poll while it stays): counted. Other reads are decided while the reader's bucket holds a token
 * (`burst` at once, `perSecond` after: a token bucket); past that the reader sends faster than
 * people tap, a fault, and the read is counted, not decided, so no door opens for it. Counted reads
 * are told once a window per reason, each distinct read by name with its count: nothing read is
 * dropped. So a reader writes at most `burst` + `perSecond` decisions a second and two count
 * records a window, and one `flooding` record when it keeps that up for `floodAfterMs`.
 */
export class ReaderPace {
  private readonly readers = new Map<string, ReaderState>();
  private readonly clock: CoalescerClock;

  constructor(private readonly options: ReaderPaceOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** `read`: what was read (a card as shown, or why nothing was); `repeats`: whether it can repeat. */
  offer(reader: string, read: string, at: Date, repeats: boolean): PaceVerdict {
    const now = this.clock.now();
    const state = this.stateOf(reader, now);
    for (const [key, decidedAt] of state.decided) {
      if (now - decidedAt >= this.options.repeatWindowMs) state.decided.delete(key);
    }
    if (repeats && state.decided.has(read)) return this.count(reader, state, 'repeated', read, at);
    state.tokens = Math.min(
      this.options.burst,
      state.tokens + ((now - state.refilledAt) / 1000) * this.options.perSecond,
    );
    state.refilledAt = now;
    if (state.tokens < 1) return this.count(reader, state, 'too-fast', read, at);
    state.tokens -= 1;
    state.decided.set(read, now);
    return 'decide';
  }

  /** Tells every open window's counts now (at shutdown). */
  flush(): void {
    for (const [reader, state] of this.readers) {
      this.clock.clearTimeout(state.timer);
      state.timer = null;
      this.tell(reader, state);
    }
  }

  private stateOf(reader: string, now: number): ReaderState {
    let state = this.readers.get(reader);
    if (!state) {
      state = {
        tokens: this.options.burst,
        refilledAt: now,
        decided: new Map(),
        tallies: new Map(),
        busySince: null,
        flooding: false,
        timer: null,
      };
      this.readers.set(reader, state);
    }
    return state;
  }

  private count(
    reader: string,
    state: ReaderState,
    reason: CountedReason,
    read: string,
    at: Date,
  ): CountedReason {
    const tally = state.tallies.get(reason) ?? {
      count: 0,
      firstAt: at,
      lastAt: at,
      reads: new Map<string, number>(),
      otherReads: 0,
    };
    tally.count += 1;
    tally.lastAt = at;
    const seen = tally.reads.get(read);
    if (seen !== undefined) tally.reads.set(read, seen + 1);
    else if (tally.reads.size < this.options.maxListed) tally.reads.set(read, 1);
    else tally.otherReads += 1;
    state.tallies.set(reason, tally);

    const now = this.clock.now();
    state.busySince ??= now;
    if (!state.flooding && now - state.busySince >= this.options.floodAfterMs) {
      state.flooding = true;
      this.options.onFlooding(reader, true);
    }
    state.timer ??= this.closeLater(reader, state);
    return reason;
  }

  private closeLater(reader: string, state: ReaderState): unknown {
    return this.clock.setTimeout(() => {
      state.timer = null;
      if (state.tallies.size > 0) {
        this.tell(reader, state);
        // Still busy: look again after a window; quiet by then, the reader is quiet again.
        state.timer = this.closeLater(reader, state);
        return;
      }
      state.busySince = null;
      if (state.flooding) {
        state.flooding = false;
        this.options.onFlooding(reader, false);
      }
    }, this.options.windowMs);
  }

  private tell(reader: string, state: ReaderState): void {
    for (const [reason, tally] of state.tallies) {
      this.options.onCounted({
        reader,
        reason,
        count: tally.count,
        firstAt: tally.firstAt,
        lastAt: tally.lastAt,
        reads: [...tally.reads].map(([read, count]) => ({ read, count })),
        otherReads: tally.otherReads,
      });
    }
    state.tallies.clear();
  }
}
