import fc from 'fast-check';
import { ManualClock } from '../testing/manual-clock';
import { RepeatCoalescer, systemClock, type CoalescedRepeats } from './repeat-coalescer';

function aCoalescer() {
  const clock = new ManualClock();
  const repeats: CoalescedRepeats[] = [];
  const flooding: [string, boolean][] = [];
  const coalescer = new RepeatCoalescer({
    windowMs: 2000,
    floodAfterMs: 10_000,
    clock,
    onRepeats: (r) => repeats.push(r),
    onFlooding: (key, on) => flooding.push([key, on]),
  });
  return { clock, repeats, flooding, coalescer };
}

describe('RepeatCoalescer', () => {
  it('records the first event, counts repeats in its window, and tells the count once', () => {
    const { clock, repeats, coalescer } = aCoalescer();
    expect(coalescer.offer('door/opened')).toBe(true);
    clock.advance(100);
    expect(coalescer.offer('door/opened')).toBe(false);
    clock.advance(100);
    expect(coalescer.offer('door/opened')).toBe(false);
    expect(repeats).toEqual([]);
    clock.advance(1800);
    expect(repeats).toEqual([
      { key: 'door/opened', count: 2, firstAt: new Date(100), lastAt: new Date(200) },
    ]);
    expect(coalescer.offer('door/opened')).toBe(true); // a new window
  });

  it('never holds back another key: each event of its own is recorded', () => {
    const { clock, coalescer } = aCoalescer();
    expect(coalescer.offer('door/opened')).toBe(true);
    clock.advance(10);
    expect(coalescer.offer('door/closed')).toBe(true);
    expect(coalescer.offer('back/opened')).toBe(true);
  });

  it('tells no repeats for an event that did not repeat', () => {
    const { clock, repeats, coalescer } = aCoalescer();
    coalescer.offer('door/opened');
    clock.advance(5000);
    expect(repeats).toEqual([]);
  });

  it('reports a key that keeps repeating as flooding, once, and once more when quiet again', () => {
    const { clock, flooding, coalescer } = aCoalescer();
    for (let t = 0; t < 15_000; t += 50) {
      coalescer.offer('reader/card');
      clock.advance(50);
    }
    expect(flooding).toEqual([['reader/card', true]]);
    clock.advance(10_000);
    expect(flooding).toEqual([
      ['reader/card', true],
      ['reader/card', false],
    ]);
  });

  it('bounds the records of any key to one a window (plus its count), and loses no event', () => {
    const step = fc.tuple(fc.constantFrom('a', 'b'), fc.integer({ min: 0, max: 3000 }));
    fc.assert(
      fc.property(fc.array(step, { maxLength: 200 }), (steps) => {
        const { clock, repeats, coalescer } = aCoalescer();
        const recordedAt = new Map<string, number[]>();
        for (const [key, gap] of steps) {
          clock.advance(gap);
          if (coalescer.offer(key))
            recordedAt.set(key, [...(recordedAt.get(key) ?? []), clock.now()]);
        }
        clock.advance(10_000);
        const recorded = [...recordedAt.values()].reduce((n, times) => n + times.length, 0);
        const counted = repeats.reduce((n, r) => n + r.count, 0);
        expect(recorded + counted).toBe(steps.length); // every event recorded or counted
        for (const times of recordedAt.values())
          times.forEach((t, i) => i > 0 && expect(t - times[i - 1]!).toBeGreaterThanOrEqual(2000));
      }),
    );
  });

  describe('on the system clock, when the wall clock jumps', () => {
    afterEach(() => jest.restoreAllMocks());
    const onSystemClock = () => {
      const repeats: CoalescedRepeats[] = [];
      const coalescer = new RepeatCoalescer({
        windowMs: 2000,
        floodAfterMs: 60_000,
        onRepeats: (r) => repeats.push(r),
        onFlooding: () => undefined,
      });
      return { coalescer, repeats };
    };

    it.each([
      ['forward a year', 365 * 86_400_000],
      ['back a day', -86_400_000],
    ])('keeps its window when the wall clock is set %s', (_, jumpMs) => {
      const { coalescer } = onSystemClock();
      const wall = Date.now();
      expect(coalescer.offer('door/opened', new Date(wall))).toBe(true);
      jest.spyOn(Date, 'now').mockReturnValue(wall + jumpMs);
      // A moment later by elapsed time: a repeat in the window, whatever the wall clock says.
      expect(coalescer.offer('door/opened', new Date(wall + jumpMs))).toBe(false);
      coalescer.flush();
    });

    it('measures time monotonically, not by the wall clock', () => {
      jest.spyOn(Date, 'now').mockReturnValue(0);
      const now = systemClock.now();
      expect(Math.abs(now - (performance.timeOrigin + performance.now()))).toBeLessThan(50);
    });
  });
});
