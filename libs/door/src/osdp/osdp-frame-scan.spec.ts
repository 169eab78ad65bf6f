import fc from 'fast-check';
import { concatBytes, osdpBytes, osdpFrame, osdpNoise } from './osdp-arbitraries';
import { OSDP_SOM } from './osdp-codes';
import {
  decodeOsdpFrame,
  encodeOsdpFrame,
  type OsdpFrame,
  type OsdpScan,
  scanOsdpFrames,
} from './osdp-frame.codec';

const hex = (s: string): Uint8Array => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));
const POLL = '53 00 08 00 04 60 eb aa';
const POLL_BAD_CRC = '53 00 08 00 04 60 eb ab';
const ACK = '53 80 08 00 05 40 68 9f';
const poll = { address: 0, reply: false, sequence: 0, check: 'crc', code: 0x60 };
const ack = { address: 0, reply: true, sequence: 1, check: 'crc', code: 0x40 };

/** A false SOM: SOM, ADDR 00, the LEN given, CTRL 04 (CRC), and nothing more. */
const falseSom = (length: number): string =>
  `53 00 ${[length & 0xff, length >> 8].map((b) => b.toString(16).padStart(2, '0')).join(' ')} 04`;

function scanHex(...parts: string[]): OsdpScan {
  return scanOsdpFrames(hex(parts.join(' ')));
}

describe('scanOsdpFrames: what it skipped, and where', () => {
  it('names garbage, a bad CRC and trailing garbage by their offsets', () => {
    // 0: aa bb | 2: POLL | 10: cc | 11: POLL with a bad CRC | 19: ACK | 27: dd ee
    const scan = scanHex('aa bb', POLL, 'cc', POLL_BAD_CRC, ACK, 'dd ee');
    expect(scan.frames).toMatchObject([poll, ack]);
    expect(scan.skipped).toEqual([
      { problem: 'bad-som', at: 0 },
      { problem: 'bad-som', at: 10 },
      { problem: 'crc-mismatch', at: 17 },
      // The scanner resumes one byte after the rejected SOM: the rest of it is garbage.
      { problem: 'bad-som', at: 12 },
      { problem: 'bad-som', at: 27 },
    ]);
    expect(scan.rest).toEqual(new Uint8Array(0));
  });

  it('skips nothing in back-to-back frames', () => {
    const scan = scanHex(POLL, ACK, POLL);
    expect(scan.frames).toMatchObject([poll, ack, poll]);
    expect(scan.frames).toHaveLength(3);
    expect(scan.skipped).toEqual([]);
    expect(scan.rest).toEqual(new Uint8Array(0));
  });

  it('keeps an unfinished message as the rest, having skipped nothing', () => {
    expect(scanHex('aa', POLL.slice(0, 11))).toEqual({
      frames: [],
      skipped: [{ problem: 'bad-som', at: 0 }],
      rest: hex('53 00 08 00'),
    });
  });

  it('a SOM announcing 1024 bytes holds what follows, even a whole frame: it may be its DATA', () => {
    const bytes = hex(`${falseSom(1024)} ${POLL}`);
    expect(scanOsdpFrames(bytes)).toEqual({ frames: [], skipped: [], rest: bytes });
  });

  it("never takes a frame out of another frame's DATA, however the bytes arrive", () => {
    // A reply whose data (say, card data a reader passed on) is itself a whole, valid ACK: fed a
    // few bytes at a time, the scanner must find the reply, not a forged ACK inside it.
    const inner = hex(ACK);
    const outer = encodeOsdpFrame({
      address: 0,
      reply: true,
      sequence: 1,
      check: 'crc',
      code: 0x50,
      data: concatBytes([hex('00 01 40 00'), inner]),
    });
    for (const cut of [1, 2, 3, 5, 8]) {
      const scan = scanInChunks(outer, [cut]);
      expect(scan.frames).toEqual([expect.objectContaining({ code: 0x50 })]);
    }
  });

  it('a false SOM announcing 1024 bytes and nothing whole after it: waits for more', () => {
    const bytes = hex(`${falseSom(1024)} ${POLL.slice(0, 11)}`);
    expect(scanOsdpFrames(bytes)).toEqual({ frames: [], skipped: [], rest: bytes });
  });

  it('a false SOM announcing more than 1024 bytes: a bad LEN, and the scan goes on at once', () => {
    expect(scanHex(falseSom(1025), POLL)).toEqual({
      frames: [expect.objectContaining(poll)],
      skipped: [
        { problem: 'bad-length', at: 2 },
        { problem: 'bad-som', at: 1 },
      ],
      rest: new Uint8Array(0),
    });
  });

  it('names a bad-som at the start of each run of garbage, however long', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(withoutSom(osdpBytes({ maxLength: 40 })), osdpFrame()), {
          maxLength: 4,
        }),
        withoutSom(osdpBytes({ maxLength: 40 })),
        (parts, tail) => {
          const wires = parts.flatMap(([junk, frame]) => [junk, encodeOsdpFrame(frame)]);
          const pieces = [...wires, tail];
          const starts = pieces.map((_, i) => pieces.slice(0, i).reduce((n, p) => n + p.length, 0));
          const junkAt = starts.filter((_, i) => i % 2 === 0 && (pieces[i]?.length ?? 0) > 0);
          expect(scanOsdpFrames(concatBytes(pieces))).toEqual({
            frames: parts.map(([, frame]) => frame),
            skipped: junkAt.map((at) => ({ problem: 'bad-som', at })),
            rest: new Uint8Array(0),
          });
        },
      ),
    );
  });
});

describe('scanOsdpFrames properties', () => {
  it('finds every frame after garbage, however the bytes are split', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(withoutSom(osdpBytes({ maxLength: 20 })), osdpFrame()), {
          minLength: 1,
          maxLength: 5,
        }),
        fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1 }),
        (parts, cuts) => {
          const wires = parts.map(([, frame]) => encodeOsdpFrame(frame));
          fc.pre(wires.every((wire) => !takesOver(wire, 0)));
          const stream = concatBytes(parts.flatMap(([junk], i) => [junk, wires[i] ?? junk]));
          const scan = scanInChunks(stream, cuts);
          expect(scan.frames).toEqual(parts.map(([, frame]) => frame));
          expect(scan.rest).toEqual(new Uint8Array(0));
        },
      ),
    );
  });

  it('resynchronises after any noise that it has ruled out, false SOMs included', () => {
    fc.assert(
      fc.property(
        osdpNoise(),
        osdpFrame(),
        fc.integer({ min: 1, max: 64 }),
        (noise, frame, cut) => {
          const stream = concatBytes([noise, encodeOsdpFrame(frame)]);
          fc.pre(!takesOver(stream, noise.length));
          // Noise that still waits for its announced length holds what follows (it might be its
          // DATA); the exchange's timeout clears it. Noise the scanner has ruled out never does.
          fc.pre(scanOsdpFrames(noise).rest.length === 0);
          const scan = scanInChunks(stream, [cut]);
          expect(scan.frames.at(-1)).toEqual(frame);
          expect(scan.rest).toEqual(new Uint8Array(0));
        },
      ),
    );
  });

  it('never throws, and every offset it names is within the input', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(osdpNoise(), osdpFrame().map(encodeOsdpFrame)), { maxLength: 6 }),
        (pieces) => {
          const input = concatBytes(pieces);
          const scan = scanOsdpFrames(input);
          expect(scan.rest.length).toBeLessThanOrEqual(input.length);
          for (const { at } of scan.skipped) expect(at).toBeLessThan(input.length);
        },
      ),
    );
  });
});

/** Bytes with each SOM replaced by 00, so that none of them can start a frame. */
function withoutSom(bytes: fc.Arbitrary<Uint8Array>): fc.Arbitrary<Uint8Array> {
  return bytes.map((b) => b.map((x) => (x === OSDP_SOM ? 0 : x)));
}

/**
 * Whether a whole valid message other than the one at `start` may take the place of that one: a
 * message that starts before it and runs into it (a false SOM whose check happens to match), or
 * one inside it (DATA that holds a whole message). A scanner cannot tell such a stream from one in
 * which the other message is the real one, so the properties leave those streams out.
 */
function takesOver(stream: Uint8Array, start: number): boolean {
  const own = decodeOsdpFrame(stream.subarray(start));
  const end = own.ok ? start + own.used : stream.length;
  for (let i = stream.indexOf(OSDP_SOM); i >= 0; i = stream.indexOf(OSDP_SOM, i + 1)) {
    const other = i === start ? undefined : decodeOsdpFrame(stream.subarray(i));
    if (!other?.ok) continue;
    if (i < start ? i + other.used > start : i + other.used <= end) return true;
  }
  return false;
}

/** Feeds `stream` to the scanner in chunks of the sizes in `cuts`, as a serial port might. */
function scanInChunks(
  stream: Uint8Array,
  cuts: readonly number[],
): { frames: OsdpFrame[]; rest: Uint8Array } {
  const frames: OsdpFrame[] = [];
  let rest: Uint8Array = new Uint8Array(0);
  for (let at = 0, i = 0; at < stream.length; i++) {
    const size = cuts[i % cuts.length] ?? 1;
    const scan = scanOsdpFrames(concatBytes([rest, stream.subarray(at, at + size)]));
    frames.push(...scan.frames);
    rest = scan.rest;
    at += size;
  }
  return { frames, rest };
}
