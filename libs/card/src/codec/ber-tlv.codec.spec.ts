import fc from 'fast-check';
import {
  decodeBerTlv,
  encodeBerTlv,
  findAllTlv,
  findTlv,
  tagBytes,
  type TlvInput,
  type TlvNode,
} from './ber-tlv.codec';
import { decodeDol } from './emv-dol.codec';
import { hexBytes, toHex } from './hex';

// A PPSE answer (EMV Contactless Book B, FCI of 2PAY.SYS.DDF01) with one application template.
const PPSE_FCI =
  '6F 2C 84 0E 32 50 41 59 2E 53 59 53 2E 44 44 46 30 31 A5 1A BF 0C 17 61 15 4F 07 A0 00 00 00 04 10 10 50 0A 4D 41 53 54 45 52 43 41 52 44 87 01 01';

describe('decodeBerTlv (EMV 4.3 Book 3 Annex B)', () => {
  it('reads a PPSE FCI: constructed templates, a two-byte tag, primitive values', () => {
    const decoded = decodeBerTlv(hexBytes(PPSE_FCI));
    if (!decoded.ok) throw new Error(decoded.problem);
    const [fci] = decoded.value;
    expect(fci).toMatchObject({ tag: 0x6f, tagHex: '6F', constructed: true });
    const directory = findTlv(decoded.value, 0xbf0c);
    expect(directory).toMatchObject({ tagHex: 'BF0C', constructed: true });
    expect(toHex(findTlv(decoded.value, 0x4f)?.value ?? new Uint8Array())).toBe('A0000000041010');
    expect(findTlv(decoded.value, 0x87)?.value).toEqual(Uint8Array.of(1));
    expect(new TextDecoder().decode(findTlv(decoded.value, 0x50)?.value)).toBe('MASTERCARD');
  });

  it.each([
    ['9F 38 03 9F 66 04', 0x9f38, 3],
    ['5F 2A 02 09 78', 0x5f2a, 2],
    ['DF 81 01 01 00', 0xdf8101, 1],
    ['57 81 80' + ' 11'.repeat(128), 0x57, 128],
    ['70 82 01 00' + ' 00'.repeat(256), 0x70, 256],
  ])('reads tag and length of %s', (hex, tag, length) => {
    const decoded = decodeBerTlv(hexBytes(hex));
    expect(decoded.ok && decoded.value[0]?.tag).toBe(tag);
    expect(decoded.ok && decoded.value[0]?.value.length).toBe(length);
  });

  it('skips 00 and FF padding between objects', () => {
    const decoded = decodeBerTlv(hexBytes('00 5A 02 12 34 FF FF 00 9F 02 01 00 00'));
    expect(decoded.ok && decoded.value.map((n) => n.tagHex)).toEqual(['5A', '9F02']);
  });

  it.each([
    ['9F', 'truncated-tag', 1],
    ['9F 81 81 81 01 00', 'tag-too-long', 4],
    ['5A', 'truncated-length', 1],
    ['5A 80', 'bad-length', 1],
    ['5A 85 00 00 00 00 01', 'bad-length', 1],
    ['5A 82 01', 'truncated-length', 3],
    ['5A 05 01 02', 'truncated-value', 2],
    ['70 03 5A 05 01', 'truncated-value', 4],
  ])('refuses %s with %s at %d', (hex, problem, at) => {
    expect(decodeBerTlv(hexBytes(hex))).toEqual({ ok: false, problem, at });
  });

  it('refuses nesting deeper than its bound rather than recursing without end', () => {
    let bytes = Uint8Array.of(0x5a, 0x00);
    for (let i = 0; i < 40; i += 1)
      bytes = Uint8Array.of(0x70, bytes.length, ...bytes).slice(0, 127);
    expect(decodeBerTlv(bytes)).toMatchObject({ ok: false });
  });

  it('finds every occurrence of a tag', () => {
    const decoded = decodeBerTlv(hexBytes('70 06 61 01 00 61 01 00 61 00'));
    expect(decoded.ok && findAllTlv(decoded.value, 0x61)).toHaveLength(3);
  });

  const tags = fc.constantFrom(0x5a, 0x57, 0x87, 0x9f38, 0x5f2a, 0xdf8101, 0x4f, 0x50, 0x9f66);
  const constructedTags = fc.constantFrom(0x70, 0x77, 0x61, 0xa5, 0xbf0c, 0x6f);
  const tlv: fc.Arbitrary<TlvInput> = fc.letrec<{ node: TlvInput }>((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.record({ tag: tags, value: fc.uint8Array({ maxLength: 300 }) }),
      fc.record({ tag: constructedTags, children: fc.array(tie('node'), { maxLength: 3 }) }),
    ),
  })).node;

  const strip = (n: TlvNode): TlvInput =>
    n.constructed
      ? { tag: n.tag, children: n.children.map(strip) }
      : { tag: n.tag, value: n.value };

  it('round-trips: decode(encode(x)) = x', () => {
    fc.assert(
      fc.property(fc.array(tlv, { maxLength: 4 }), (objects) => {
        const encoded = encodeBerTlv(objects);
        if (!encoded.ok) return false;
        const decoded = decodeBerTlv(encoded.bytes);
        if (!decoded.ok) return false;
        const normal = (o: TlvInput): TlvInput =>
          o.children
            ? { tag: o.tag, children: o.children.map(normal) }
            : { tag: o.tag, value: o.value };
        expect(decoded.value.map(strip)).toEqual(objects.map(normal));
        return true;
      }),
    );
  });

  it('refuses to encode a malformed tag', () => {
    expect(tagBytes(0x9f)).toBeUndefined(); // says "more bytes follow", but none do
    expect(tagBytes(0x5a01)).toBeUndefined(); // one-byte tag followed by a stray byte
    expect(tagBytes(0x9f8101)).toEqual([0x9f, 0x81, 0x01]);
    expect(encodeBerTlv([{ tag: 0x9f }])).toMatchObject({ ok: false, problem: 'bad-tag' });
  });

  it('never throws or hangs on random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 512 }), (b) => void decodeBerTlv(b)),
      {
        numRuns: 2000,
      },
    );
  });
});

describe('decodeDol (EMV 4.3 Book 3 §5.4)', () => {
  it('reads a contactless PDOL', () => {
    const dol = decodeDol(hexBytes('9F 66 04 9F 02 06 9F 37 04 5F 2A 02 9A 03'));
    expect(dol.ok && dol.value.map((e) => `${e.tagHex}:${e.length}`)).toEqual([
      '9F66:4',
      '9F02:6',
      '9F37:4',
      '5F2A:2',
      '9A:3',
    ]);
  });

  it.each([
    ['9F', 'truncated-tag'],
    ['9F 66', 'truncated-length'],
    ['9F 81 81 81 81 04', 'tag-too-long'],
  ])('refuses %s with %s', (hex, problem) => {
    expect(decodeDol(hexBytes(hex))).toMatchObject({ ok: false, problem });
  });

  it('never throws on random bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 256 }), (b) => void decodeDol(b)));
  });
});
