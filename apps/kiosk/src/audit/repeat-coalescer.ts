/** Time, injectable so a spec can step it. */
export interface CoalescerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The process's own clock and timers (unref'd: a pending window never holds the process). `now`
 * is monotonic (milliseconds since the epoch at the process's start, plus elapsed time): a wall
 * clock set back a day would otherwise count every event of a day as a repeat of the last one.
 */
export const systemClock: CoalescerClock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => {
    const timer = setTimeout(fn, ms);
    timer.unref();
    return timer;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Repeats of one event that were counted instead of recorded, told when their window closes. */
export interface CoalescedRepeats {
  key: string;
  count: number;
  firstAt: Date;
  lastAt: Date;
}

export interface RepeatCoalescerOptions {
  /** A repeat this soon after the last recorded event of its key is counted, not recorded. */
  windowMs: number;
  /** Repeats without a quiet window for this long: the device is reported as flooding, once. */
  floodAfterMs: number;
  /** Told of each closed window's repeats (to record them as one record with the count). */
  onRepeats: (repeats: CoalescedRepeats) => void;
  /** Told once when a key starts flooding, and once when it is quiet again. */
  onFlooding: (key: string, flooding: boolean) => void;
  clock?: CoalescerClock;
}

interface KeyState {
  /** When the last event of the key was let through to be recorded. */
  recordedAt: number;
  repeats: Omit<CoalescedRepeats, 'key'> | null;
  /** Since when repeats have come with no quiet window between them. */
  busySince: number | null;
  flooding: boolean;
  timer: unknown;
}

/**
 * Keeps a misbehaving device from filling the audit log without ever hiding what happened. Per
 * key (a device and an event), the first event is recorded; repeats within `windowMs` of it are
 * counted, and when the window closes the count is told once (one record: what, how often, from
 * when to when), then the next event is recorded again. So a key writes at most two records a
 * window however fast it repeats, and no distinct event is dropped (another key is another
 * event). A key that repeats through `floodAfterMs` without a quiet window is told as flooding,
 * once, and again when it has been quiet for a whole window.
 */
export class RepeatCoalescer {
  private readonly keys = new Map<string, KeyState>();
  private readonly clock: CoalescerClock;

  constructor(private readonly options: RepeatCoalescerOptions) {
    this.clock = options.clock ?? systemClock;
  }

  /** True: record this event now; false: it was counted as a repeat. `at`: when, as recorded. */
  offer(key: string, at: Date = new Date(this.clock.now())): boolean {
    const now = this.clock.now();
    const state = this.keys.get(key);
    if (!state || now - state.recordedAt >= this.options.windowMs) {
      this.keys.set(key, {
        recordedAt: now,
        repeats: null,
        busySince: state?.busySince ?? null,
        flooding: state?.flooding ?? false,
        timer: this.closeLater(key),
      });
      if (state) this.clock.clearTimeout(state.timer);
      return true;
    }
    state.repeats = state.repeats
      ? { ...state.repeats, count: state.repeats.count + 1, lastAt: at }
      : { count: 1, firstAt: at, lastAt: at };
    state.busySince ??= now;
    if (!state.flooding && now - state.busySince >= this.options.floodAfterMs) {
      state.flooding = true;
      this.options.onFlooding(key, true);
    }
    return false;
  }

  /** Tells every open window's repeats now (at shutdown). */
  flush(): void {
    for (const [key, state] of this.keys) {
      this.clock.clearTimeout(state.timer);
      this.close(key, state);
    }
    this.keys.clear();
  }

  private closeLater(key: string): unknown {
    return this.clock.setTimeout(() => {
      const state = this.keys.get(key);
      if (state) this.close(key, state);
    }, this.options.windowMs);
  }

  private close(key: string, state: KeyState): void {
    if (state.repeats) {
      this.options.onRepeats({ key, ...state.repeats });
      state.repeats = null;
      // Still busy: look again after a window; quiet by then, the key is forgotten.
      state.timer = this.closeLater(key);
      return;
    }
    // A whole window with no repeat: quiet again.
    this.keys.delete(key);
    if (state.flooding) this.options.onFlooding(key, false);
  }
}
