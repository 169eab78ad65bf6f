import fc from 'fast-check';
import { SlidingWindowThrottlerStorage } from './sliding-window-throttler.storage';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 3, 12, 0, 0);

describe('SlidingWindowThrottlerStorage', () => {
  let storage: SlidingWindowThrottlerStorage;

  beforeEach(() => {
    jest.useFakeTimers({ now: T0 });
    storage = new SlidingWindowThrottlerStorage();
  });

  afterEach(() => {
    storage.onApplicationShutdown();
    jest.useRealTimers();
  });

  const hit = (key = 'client', limit = 3, block = MINUTE) =>
    storage.increment(key, MINUTE, limit, block, 'api');

  it('counts each client on its own, and blocks the one past the limit for the block duration', async () => {
    expect(await hit()).toEqual({
      totalHits: 1,
      timeToExpire: 61, // a hit counts for the window and what was left of its slot
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    await hit();
    expect((await hit()).totalHits).toBe(3);
    expect((await hit('other')).totalHits).toBe(1);
    expect(await hit()).toMatchObject({ totalHits: 4, isBlocked: true, timeToBlockExpire: 60 });
    jest.advanceTimersByTime(30_000);
    // Blocked: answered 429, and nothing more is counted while the block lasts.
    expect(await hit()).toMatchObject({ isBlocked: true, timeToBlockExpire: 30 });
    jest.advanceTimersByTime(30_000);
    // The block is over: the count starts again from this request.
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false, timeToBlockExpire: 0 });
  });

  it('forgets a hit one window after it, not before', async () => {
    await hit();
    jest.advanceTimersByTime(20_000);
    await hit();
    jest.advanceTimersByTime(MINUTE - 20_000 - 1);
    expect((await hit()).totalHits).toBe(3); // both earlier hits still count
    jest.advanceTimersByTime(1_001); // the first has left; the second and third remain
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: false, timeToExpire: 20 });
    jest.advanceTimersByTime(5 * MINUTE);
    expect((await hit()).totalHits).toBe(1);
  });

  it('a block shorter than the window still ends on time', async () => {
    for (let i = 0; i < 3; i++) await hit('c', 3, 5_000);
    expect(await hit('c', 3, 5_000)).toMatchObject({ isBlocked: true, timeToBlockExpire: 5 });
    jest.advanceTimersByTime(5_000);
    expect(await hit('c', 3, 5_000)).toMatchObject({ totalHits: 1, isBlocked: false });
  });

  it('the sweep forgets clients with nothing counted and no block, and keeps the others', async () => {
    await hit('idle');
    for (let i = 0; i < 4; i++) await hit('blocked', 3, 10 * MINUTE);
    await hit('busy');
    jest.advanceTimersByTime(MINUTE + 1_000);
    await hit('busy');
    storage.sweep();
    jest.advanceTimersByTime(1_000);
    // 'idle' starts again from nothing; 'blocked' is still blocked; 'busy' kept its recent hit.
    expect((await hit('idle')).totalHits).toBe(1);
    expect((await hit('blocked', 3, 10 * MINUTE)).isBlocked).toBe(true);
    expect((await hit('busy')).totalHits).toBe(2);
  });

  it('agrees with an exact list of hit times, give or take one slot (a second a minute)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 1, maxLength: 200 }),
        async (gaps) => {
          const s = new SlidingWindowThrottlerStorage();
          const times: number[] = [];
          let now = T0;
          try {
            for (const gap of gaps) {
              now += gap;
              jest.setSystemTime(now);
              const { totalHits } = await s.increment('k', MINUTE, 1_000_000, MINUTE, 'api');
              times.push(now);
              const exact = times.filter((t) => t > now - MINUTE).length;
              const generous = times.filter((t) => t > now - MINUTE - 1_000).length;
              expect(totalHits).toBeGreaterThanOrEqual(exact);
              expect(totalHits).toBeLessThanOrEqual(generous);
            }
          } finally {
            s.onApplicationShutdown();
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
