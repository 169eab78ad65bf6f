import fc from 'fast-check';
import { ManualClock } from '../testing/manual-clock';
import { ReaderPace, type CountedReads, type PaceVerdict } from './reader-pace';

const OPTIONS = {
  repeatWindowMs: 3000,
  burst: 5,
  perSecond: 1,
  windowMs: 3000,
  floodAfterMs: 60_000,
  maxListed: 100,
};

function aPace(options: Partial<typeof OPTIONS> = {}) {
  const clock = new ManualClock();
  const counted: CountedReads[] = [];
  const flooding: [string, boolean][] = [];
  const pace = new ReaderPace({
    ...OPTIONS,
    ...options,
    clock,
    onCounted: (c) => counted.push(c),
    onFlooding: (reader, on) => flooding.push([reader, on]),
  });
  const offer = (reader: string, read: string, repeats = false): PaceVerdict =>
    pace.offer(reader, read, new Date(clock.now()), repeats);
  return { clock, counted, flooding, pace, offer };
}

describe('ReaderPace', () => {
  it('decides a queue of people: five at once, then one a second', () => {
    const { clock, offer, counted } = aPace();
    for (let i = 0; i < 5; i += 1) expect(offer('A', `card ${i}`)).toBe('decide');
    expect(offer('A', 'card 5')).toBe('too-fast');
    clock.advance(999);
    expect(offer('A', 'card 6')).toBe('too-fast');
    clock.advance(1);
    expect(offer('A', 'card 7')).toBe('decide');
    clock.advance(3000);
    expect(counted).toEqual([
      {
        reader: 'A',
        reason: 'too-fast',
        count: 2,
        firstAt: new Date(0),
        lastAt: new Date(999),
        reads: [
          { read: 'card 5', count: 1 },
          { read: 'card 6', count: 1 },
        ],
        otherReads: 0,
      },
    ]);
  });

  it('counts each reader apart: one flooding reader leaves the others their pace', () => {
    const { offer } = aPace();
    for (let i = 0; i < 20; i += 1) offer('A', `card ${i}`);
    expect(offer('A', 'x')).toBe('too-fast');
    expect(offer('B', 'x')).toBe('decide');
  });

  it('refills the bucket to no more than the burst after a long quiet', () => {
    const { clock, offer } = aPace();
    offer('A', 'first');
    clock.advance(3_600_000);
    for (let i = 0; i < 5; i += 1) expect(offer('A', `card ${i}`)).toBe('decide');
    expect(offer('A', 'sixth')).toBe('too-fast');
  });

  it("counts a repeating reader's reports of the card it decided as one presentation", () => {
    const { clock, offer, counted } = aPace();
    expect(offer('OSDP 0/0', 'card', true)).toBe('decide');
    clock.advance(50);
    expect(offer('OSDP 0/0', 'card', true)).toBe('repeated');
    clock.advance(50);
    expect(offer('OSDP 0/0', 'card', true)).toBe('repeated');
    expect(offer('OSDP 0/0', 'other', true)).toBe('decide');
    clock.advance(2900);
    // The repeat window has passed: the card still there is decided again.
    expect(offer('OSDP 0/0', 'card', true)).toBe('decide');
    clock.advance(3000);
    expect(counted).toMatchObject([
      { reason: 'repeated', count: 2, reads: [{ read: 'card', count: 2 }] },
    ]);
  });

  it('decides a PC/SC reader re-presenting the same card again (it does not repeat by itself)', () => {
    const { offer } = aPace();
    expect(offer('A', 'card')).toBe('decide');
    expect(offer('A', 'card')).toBe('decide');
  });

  it('tells repeats and too-fast reads of one window as two records, each read with its count', () => {
    const { clock, offer, counted } = aPace({ burst: 1, perSecond: 0.001 });
    expect(offer('R', 'a', true)).toBe('decide');
    expect(offer('R', 'a', true)).toBe('repeated');
    expect(offer('R', 'b', true)).toBe('too-fast');
    expect(offer('R', 'b', true)).toBe('too-fast');
    expect(offer('R', 'c', true)).toBe('too-fast');
    clock.advance(3000);
    expect(counted.map((c) => [c.reason, c.count, c.reads])).toEqual([
      ['repeated', 1, [{ read: 'a', count: 1 }]],
      [
        'too-fast',
        3,
        [
          { read: 'b', count: 2 },
          { read: 'c', count: 1 },
        ],
      ],
    ]);
  });

  it('names at most maxListed distinct reads a window and counts the rest', () => {
    const { clock, offer, counted } = aPace({ burst: 1, perSecond: 0.001, maxListed: 2 });
    offer('R', 'decided');
    for (const read of ['a', 'b', 'c', 'a', 'd']) offer('R', read);
    clock.advance(3000);
    expect(counted).toMatchObject([
      {
        count: 5,
        reads: [
          { read: 'a', count: 2 },
          { read: 'b', count: 1 },
        ],
        otherReads: 2,
      },
    ]);
  });

  it('reports a reader that keeps sending too fast for a minute as flooding, once, then its end', () => {
    const { clock, offer, flooding } = aPace();
    for (let t = 0; t <= 70_000; t += 50) {
      offer('OSDP 0/0', `card ${t}`, true);
      clock.advance(50);
    }
    expect(flooding).toEqual([['OSDP 0/0', true]]);
    // Quiet again once a whole count window has passed with nothing counted: within two windows.
    clock.advance(2900);
    expect(flooding).toEqual([['OSDP 0/0', true]]);
    clock.advance(3000);
    expect(flooding).toEqual([
      ['OSDP 0/0', true],
      ['OSDP 0/0', false],
    ]);
  });

  it('tells what is counted so far at flush, and nothing twice', () => {
    const { offer, counted, pace, clock } = aPace({ burst: 1, perSecond: 0.001 });
    offer('R', 'a');
    offer('R', 'b');
    pace.flush();
    expect(counted).toMatchObject([{ reason: 'too-fast', count: 1 }]);
    clock.advance(10_000);
    pace.flush();
    expect(counted).toHaveLength(1);
  });

  it('never loses a read and bounds what a reader writes, whatever it sends (property)', () => {
    const step = fc.record({
      reader: fc.constantFrom('A', 'B'),
      read: fc.constantFrom('c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7', 'c8', '\u0000card-removed'),
      repeats: fc.boolean(),
      gapMs: fc.oneof(
        fc.constant(0),
        fc.integer({ min: 0, max: 100 }),
        fc.integer({ min: 0, max: 5000 }),
      ),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 400 }), (steps) => {
        const { clock, offer, counted, pace } = aPace({ maxListed: 4 });
        const decidedAt: Record<string, number[]> = { A: [], B: [] };
        const offered = new Map<string, number>();
        for (const s of steps) {
          clock.advance(s.gapMs);
          const key = `${s.reader}/${s.read}`;
          offered.set(key, (offered.get(key) ?? 0) + 1);
          if (offer(s.reader, s.read, s.repeats) === 'decide') {
            decidedAt[s.reader]!.push(clock.now());
            offered.set(key, offered.get(key)! - 1);
          }
        }
        const end = clock.now();
        pace.flush();
        // Every read not decided is in a told record: by name, or among the others.
        let others = 0;
        for (const c of counted) {
          for (const { read, count } of c.reads) {
            const key = `${c.reader}/${read}`;
            offered.set(key, offered.get(key)! - count);
          }
          expect(c.count).toBe(c.reads.reduce((n, r) => n + r.count, 0) + c.otherReads);
          others += c.otherReads;
        }
        const unaccounted = [...offered.values()].reduce((n, v) => n + v, 0);
        expect(unaccounted).toBe(others);
        expect([...offered.values()].every((v) => v >= 0)).toBe(true);
        // Decisions in any span: at most the burst and the rate over the span.
        let worst = 0;
        for (const times of Object.values(decidedAt)) {
          for (let i = 0; i < times.length; i += 1) {
            for (let j = i; j < times.length; j += 1) {
              const excess = j - i + 1 - (5 + Math.floor((times[j]! - times[i]!) / 1000));
              worst = Math.max(worst, excess);
            }
          }
        }
        expect(worst).toBeLessThanOrEqual(0);
        // Count records: at most two (one per reason) per reader per window, and one at flush.
        const windows = Math.floor(end / 3000) + 2;
        for (const reader of ['A', 'B']) {
          expect(counted.filter((c) => c.reader === reader).length).toBeLessThanOrEqual(
            2 * windows,
          );
        }
      }),
    );
  });
});
