import fc from 'fast-check';
import { hexBytes, toHex } from '../codec/hex';
import { decodeVpcdFrame, encodeVpcdFrame, VpcdFrameReader } from './vpcd-frame.codec';

const frame = (payload: Uint8Array): Uint8Array => {
  const f = encodeVpcdFrame(payload);
  if (!f.ok) throw new Error(f.problem);
  return f.value;
};

describe('vpcd framing', () => {
  it('is a 2-byte big-endian length, then the payload', () => {
    expect(toHex(frame(hexBytes('04')))).toBe('000104');
    expect(toHex(frame(hexBytes('FFCA000000')))).toBe('0005FFCA000000');
    expect(toHex(frame(new Uint8Array(0x1234)).subarray(0, 2))).toBe('1234');
    expect(encodeVpcdFrame(new Uint8Array(0x10000))).toMatchObject({
      ok: false,
      problem: 'too-long',
    });
  });

  it('needs more bytes for a partial frame', () => {
    expect(decodeVpcdFrame(hexBytes(''))).toEqual({ ok: false, problem: 'need-more', at: 0 });
    expect(decodeVpcdFrame(hexBytes('00'))).toEqual({ ok: false, problem: 'need-more', at: 1 });
    expect(decodeVpcdFrame(hexBytes('0005FFCA'))).toEqual({
      ok: false,
      problem: 'need-more',
      at: 4,
    });
    expect(decodeVpcdFrame(hexBytes('0001040001'))).toMatchObject({ ok: true, used: 3 });
  });

  it('reassembles frames whatever the chunking', () => {
    const payloads = fc.array(fc.uint8Array({ minLength: 1, maxLength: 300 }), {
      minLength: 1,
      maxLength: 8,
    });
    fc.assert(
      fc.property(
        payloads,
        fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1 }),
        (items, cuts) => {
          const stream = Uint8Array.from(items.flatMap((p) => [...frame(p)]));
          const reader = new VpcdFrameReader();
          const out: Uint8Array[] = [];
          for (let at = 0, i = 0; at < stream.length; i += 1) {
            const size = cuts[i % cuts.length] ?? 1;
            out.push(...reader.push(stream.subarray(at, at + size)));
            at += size;
          }
          expect(out.map((p) => toHex(p))).toEqual(items.map((p) => toHex(p)));
          expect(reader.buffered).toBe(0);
        },
      ),
    );
  });

  it('never throws on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 500 }), (b) => void new VpcdFrameReader().push(b)),
    );
  });
});
