import { Injectable } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';

/** Failed authentications one client may make in a window before it is refused (429) outright. */
const MAX_FAILURES = 10;
const WINDOW_MS = 60_000;

/**
 * Stricter than the general rate limit: a client (by address) that keeps sending bad tokens is
 * refused with 429 for the rest of the window, good token or not, so guessing is slow and loud.
 */
@Injectable()
export class FailedAuthLimiter {
  private readonly failures = new Map<string, number[]>();

  assertAllowed(client: string, now = Date.now()): void {
    if (this.recent(client, now).length >= MAX_FAILURES)
      throw new ThrottlerException('Too many failed authentications: wait a minute');
  }

  recordFailure(client: string, now = Date.now()): void {
    this.failures.set(client, [...this.recent(client, now), now]);
    if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value!);
  }

  private recent(client: string, now: number): number[] {
    return (this.failures.get(client) ?? []).filter((t) => now - t < WINDOW_MS);
  }
}
