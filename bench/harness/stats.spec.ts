import fc from 'fast-check';
import { distributionOf, megabytesInMiB, percentile, slope } from './stats';

describe('bench statistics', () => {
  it('takes the nearest rank', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 50)).toBe(50);
    expect(percentile(hundred, 99)).toBe(99);
    expect(distributionOf([3, 1, 2])).toEqual({ n: 3, p50: 2, p95: 3, p99: 3, max: 3 });
    expect(percentile([], 50)).toBeNaN();
  });

  it('returns one of the samples, between the smallest and the largest', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ noNaN: true, noDefaultInfinity: true }), { minLength: 1 }),
        fc.integer({ min: 0, max: 100 }),
        (samples, p) => {
          const got = percentile(samples, p);
          expect(samples).toContain(got);
          expect(got).toBeGreaterThanOrEqual(Math.min(...samples));
          expect(got).toBeLessThanOrEqual(Math.max(...samples));
        },
      ),
    );
  });

  it('fits the slope of a line', () => {
    expect(
      slope([
        [0, 1],
        [1, 3],
        [2, 5],
      ]),
    ).toBeCloseTo(2);
    expect(slope([[5, 7]])).toBe(0);
  });

  it("reads the issue's MB targets in MiB, as the rows are", () => {
    expect(megabytesInMiB(120)).toBeCloseTo(114.44, 2);
    expect(megabytesInMiB(150)).toBeCloseTo(143.05, 2);
  });
});
