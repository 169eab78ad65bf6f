import fc from 'fast-check';
import { OSDP_SOM } from './osdp-codes';
import { encodeOsdpFrame } from './osdp-frame.codec';
import { OSDP_FRAME_LIMIT, osdpFrame, osdpNoise } from './osdp-arbitraries';

const lengths = (arb: fc.Arbitrary<{ length: number }>, runs = 1000): number[] =>
  fc.sample(arb, runs).map((x) => x.length);

// test/harness/fast-check-setup.ts configures fast-check for every unit spec. Without it, an
// arbitrary stays near ten elements whatever maxLength says.
describe("the unit suite's fast-check configuration", () => {
  it('lets an array reach the maxLength it declares', () => {
    expect(Math.max(...lengths(fc.uint8Array({ maxLength: 200 })))).toBeGreaterThanOrEqual(190);
    expect(Math.max(...lengths(fc.string({ maxLength: 60 })))).toBeGreaterThanOrEqual(55);
  });

  it('keeps an array with no declared maxLength small', () => {
    expect(Math.max(...lengths(fc.array(fc.nat())))).toBeLessThanOrEqual(20);
  });
});

describe('OSDP arbitraries', () => {
  it('osdpFrame() reaches the 1024-byte limit, and the lengths around 256', () => {
    const wire = lengths(osdpFrame().map(encodeOsdpFrame), 300);
    expect(Math.max(...wire)).toBe(OSDP_FRAME_LIMIT);
    expect(Math.min(...wire)).toBeLessThanOrEqual(8);
    expect(wire.filter((n) => n >= 254 && n <= 257).length).toBeGreaterThan(10);
  });

  it('osdpFrame() puts SOM bytes inside frames', () => {
    const wires = fc.sample(osdpFrame().map(encodeOsdpFrame), 100);
    expect(wires.filter((w) => w.subarray(1).includes(OSDP_SOM)).length).toBeGreaterThan(50);
  });

  it('osdpNoise() holds false SOMs announcing short, long and too long messages', () => {
    const announced = fc
      .sample(osdpNoise(), 300)
      .flatMap((noise) =>
        [...noise.keys()]
          .filter((i) => noise[i] === OSDP_SOM && i + 3 < noise.length)
          .map((i) => (noise[i + 2] ?? 0) | ((noise[i + 3] ?? 0) << 8)),
      );
    expect(announced.some((n) => n >= 8 && n <= 64)).toBe(true);
    expect(announced.some((n) => n >= 256 && n <= OSDP_FRAME_LIMIT)).toBe(true);
    expect(announced.some((n) => n > OSDP_FRAME_LIMIT)).toBe(true);
  });
});
