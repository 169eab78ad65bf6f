import type { OnApplicationShutdown } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';

/** What the guard reads of a count (the library exports the interface but not from its index). */
type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/** Slots a window is cut into: a hit leaves the count between one window and 1/60 more after it. */
const SLOTS = 60;
/** Slots kept: the window's, and the one now filling (a hit made late in a slot counts its whole window). */
const KEPT = SLOTS + 1;
/** How often clients with nothing counted and no block are forgotten. */
const SWEEP_MS = 60_000;

/** One client's hits (of one throttler) over the last window, counted per slot. */
interface HitWindow {
  readonly slotMs: number;
  /** Slot number n (ms since the epoch over slotMs) is counted in counts[n % KEPT]. */
  readonly counts: Uint32Array;
  /** The latest slot number counted. */
  slot: number;
  total: number;
  blockedUntil: number;
}

/**
 * The API rate limiter's memory: per client, the hits of the last `ttl` ms in 60 slots and their
 * running total, so a request costs the same however many came before it. @nestjs/throttler's
 * own storage keeps one timestamp per hit and filters the whole list on every request: with the
 * limit raised (KIOSK_HTTP_RATE_LIMIT up to 1,000,000 a minute) that filter was a third of the
 * admin API's CPU under load (bench/README.md, "Admin API").
 *
 * The rule is the library's, to the slot: a request is counted unless its client is blocked; the
 * one that takes the count past `limit` blocks the client for `blockDuration` ms (the guard
 * answers 429 with Retry-After), during which nothing is counted; the first request after the
 * block starts a fresh count. A hit is forgotten between `ttl` and `ttl` plus one slot (a second
 * for a minute) after it was made: never earlier than the library would.
 */
export class SlidingWindowThrottlerStorage implements ThrottlerStorage, OnApplicationShutdown {
  private readonly windows = new Map<string, HitWindow>();
  private sweeper: NodeJS.Timeout | null = null;

  increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    throttlerName: string,
  ): Promise<ThrottlerStorageRecord> {
    this.sweepLater();
    const now = Date.now();
    const window = this.windowOf(`${throttlerName}\0${key}`, ttl, now);
    if (window.blockedUntil > now) return Promise.resolve(this.record(window, now, limit + 1));
    if (window.blockedUntil !== 0) {
      // The block is over: the count starts again from this request.
      window.blockedUntil = 0;
      window.counts.fill(0);
      window.total = 0;
    }
    window.counts[window.slot % KEPT]! += 1;
    window.total += 1;
    if (window.total > limit) window.blockedUntil = now + Math.max(blockDuration, 1);
    return Promise.resolve(this.record(window, now, window.total));
  }

  onApplicationShutdown(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = null;
    this.windows.clear();
  }

  /** Forgets every client with nothing counted and no block left (run each minute). */
  sweep(now = Date.now()): void {
    for (const [id, window] of this.windows) {
      this.advance(window, now);
      if (window.total === 0 && window.blockedUntil <= now) this.windows.delete(id);
    }
  }

  private windowOf(id: string, ttl: number, now: number): HitWindow {
    const slotMs = Math.max(1, Math.ceil(ttl / SLOTS));
    let window = this.windows.get(id);
    if (!window || window.slotMs !== slotMs) {
      window = {
        slotMs,
        counts: new Uint32Array(KEPT),
        slot: Math.floor(now / slotMs),
        total: 0,
        blockedUntil: 0,
      };
      this.windows.set(id, window);
    }
    this.advance(window, now);
    return window;
  }

  /** Moves the window on to the slot of `now`, emptying the slots that left the window. */
  private advance(window: HitWindow, now: number): void {
    const slot = Math.floor(now / window.slotMs);
    const steps = slot - window.slot;
    if (steps <= 0) return;
    if (steps >= KEPT) {
      window.counts.fill(0);
      window.total = 0;
    } else {
      for (let next = window.slot + 1; next <= slot; next++) {
        window.total -= window.counts[next % KEPT]!;
        window.counts[next % KEPT] = 0;
      }
    }
    window.slot = slot;
  }

  private record(window: HitWindow, now: number, totalHits: number): ThrottlerStorageRecord {
    const blocked = window.blockedUntil > now;
    return {
      totalHits,
      // Seconds until the oldest counted hit leaves the window (X-RateLimit-Reset).
      timeToExpire: Math.ceil(this.untilOldestLeaves(window, now) / 1000),
      isBlocked: blocked,
      timeToBlockExpire: blocked ? Math.ceil((window.blockedUntil - now) / 1000) : 0,
    };
  }

  private untilOldestLeaves(window: HitWindow, now: number): number {
    for (let oldest = window.slot - KEPT + 1; oldest <= window.slot; oldest++) {
      if (window.counts[oldest % KEPT] === 0) continue;
      return (oldest + KEPT) * window.slotMs - now;
    }
    return 0;
  }

  private sweepLater(): void {
    if (this.sweeper) return;
    this.sweeper = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweeper.unref();
  }
}
