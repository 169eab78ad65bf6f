import fc from 'fast-check';
import { decodeOsdpCommand, encodeOsdpCommand, type OsdpCommand } from './osdp-command.codec';
import { OSDP_LED_COLORS, OSDP_OUT_CONTROLS, OSDP_TEXT_COMMANDS, OSDP_TONES } from './osdp-codes';

const toHex = (b: Uint8Array): string =>
  Buffer.from(b)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');
const byte = fc.integer({ min: 0, max: 255 });
const u16 = fc.integer({ min: 0, max: 0xffff });
const bytes = (maxLength: number): fc.Arbitrary<Uint8Array> => fc.uint8Array({ maxLength });
const latin1 = (maxLength: number): fc.Arbitrary<string> =>
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength }).map((cs) => String.fromCharCode(...cs));
const color = fc.constantFrom(...OSDP_LED_COLORS);

const led = fc.record({
  reader: byte,
  led: byte,
  temporary: fc.record({
    control: fc.constantFrom('nop' as const, 'cancel' as const, 'set' as const),
    onTime: byte,
    offTime: byte,
    onColor: color,
    offColor: color,
    timer: u16,
  }),
  permanent: fc.record({
    control: fc.constantFrom('nop' as const, 'set' as const),
    onTime: byte,
    offTime: byte,
    onColor: color,
    offColor: color,
  }),
});

const arbCommand: fc.Arbitrary<OsdpCommand> = fc.oneof(
  fc.constantFrom<OsdpCommand>(
    { kind: 'poll' },
    { kind: 'lstat' },
    { kind: 'istat' },
    { kind: 'ostat' },
  ),
  fc.record({ kind: fc.constantFrom('id' as const, 'cap' as const), replyType: byte }),
  fc.record({
    kind: fc.constant('out' as const),
    outputs: fc.array(
      fc.record({ output: byte, control: fc.constantFrom(...OSDP_OUT_CONTROLS), timer: u16 }),
      { minLength: 1, maxLength: 4 },
    ),
  }),
  fc.record({
    kind: fc.constant('led' as const),
    leds: fc.array(led, { minLength: 1, maxLength: 3 }),
  }),
  fc.record({
    kind: fc.constant('buz' as const),
    buzzer: fc.record({
      reader: byte,
      tone: fc.constantFrom(...OSDP_TONES),
      onTime: byte,
      offTime: byte,
      count: byte,
    }),
  }),
  fc.record({
    kind: fc.constant('text' as const),
    text: fc.record({
      reader: byte,
      command: fc.constantFrom(...OSDP_TEXT_COMMANDS),
      temporarySeconds: byte,
      row: byte,
      column: byte,
      text: latin1(40),
    }),
  }),
  fc.record({
    kind: fc.constant('comset' as const),
    address: byte,
    baudRate: fc.integer({ min: 0, max: 0xffffffff }),
  }),
);

describe('OSDP v2.2 command codec', () => {
  it.each<[string, OsdpCommand, number, string]>([
    ['osdp_POLL', { kind: 'poll' }, 0x60, ''],
    ['osdp_ID', { kind: 'id', replyType: 0 }, 0x61, '00'],
    ['osdp_CAP', { kind: 'cap', replyType: 0 }, 0x62, '00'],
    ['osdp_LSTAT', { kind: 'lstat' }, 0x64, ''],
    ['osdp_ISTAT', { kind: 'istat' }, 0x65, ''],
    ['osdp_OSTAT', { kind: 'ostat' }, 0x66, ''],
    [
      'osdp_OUT: output 1, temporary on, 3 s (30 x 100 ms, LSB first)',
      { kind: 'out', outputs: [{ output: 1, control: 'temporary-on', timer: 30 }] },
      0x68,
      '01 05 1e 00',
    ],
    [
      'osdp_BUZ: reader 0, default tone, 200 ms on, 100 ms off, once',
      { kind: 'buz', buzzer: { reader: 0, tone: 'default', onTime: 2, offTime: 1, count: 1 } },
      0x6a,
      '00 02 02 01 01',
    ],
    [
      'osdp_TEXT: permanent, no wrap, row 2, column 1, "Hi"',
      {
        kind: 'text',
        text: {
          reader: 0,
          command: 'permanent-no-wrap',
          temporarySeconds: 0,
          row: 2,
          column: 1,
          text: 'Hi',
        },
      },
      0x6b,
      '00 01 00 02 01 02 48 69',
    ],
    [
      'osdp_COMSET: address 5 at 115200 baud',
      { kind: 'comset', address: 5, baudRate: 115200 },
      0x6e,
      '05 00 c2 01 00',
    ],
    [
      'osdp_LED: reader 0 LED 0, permanent green',
      {
        kind: 'led',
        leds: [
          {
            reader: 0,
            led: 0,
            temporary: {
              control: 'nop',
              onTime: 0,
              offTime: 0,
              onColor: 'black',
              offColor: 'black',
              timer: 0,
            },
            permanent: {
              control: 'set',
              onTime: 255,
              offTime: 0,
              onColor: 'green',
              offColor: 'green',
            },
          },
        ],
      },
      0x69,
      '00 00 00 00 00 00 00 00 00 01 ff 00 02 02',
    ],
  ])('%s', (_name, command, code, data) => {
    const encoded = encodeOsdpCommand(command);
    expect(encoded.code).toBe(code);
    expect(toHex(encoded.data)).toBe(data);
    expect(decodeOsdpCommand(encoded.code, encoded.data)).toEqual({
      ok: true,
      value: command,
      used: encoded.data.length,
    });
  });

  it('names the problem for an unknown code, a wrong length and a bad value', () => {
    expect(decodeOsdpCommand(0x99, new Uint8Array(0))).toMatchObject({
      ok: false,
      problem: 'unknown-command',
    });
    expect(decodeOsdpCommand(0x68, Uint8Array.of(0, 5, 1))).toMatchObject({
      ok: false,
      problem: 'bad-length',
    });
    expect(decodeOsdpCommand(0x60, Uint8Array.of(0))).toMatchObject({
      ok: false,
      problem: 'bad-length',
    });
    expect(decodeOsdpCommand(0x68, Uint8Array.of(0, 9, 1, 0))).toEqual({
      ok: false,
      problem: 'bad-value',
      at: 1,
    });
    expect(decodeOsdpCommand(0x6b, Uint8Array.of(0, 1, 0, 1, 1, 5, 0x41))).toMatchObject({
      ok: false,
      problem: 'bad-length',
    });
  });

  it('decode(encode(command)) is the command', () => {
    fc.assert(
      fc.property(arbCommand, (command) => {
        const { code, data } = encodeOsdpCommand(command);
        expect(decodeOsdpCommand(code, data)).toEqual({
          ok: true,
          value: command,
          used: data.length,
        });
      }),
    );
  });

  it('never throws on any code and random data', () => {
    fc.assert(
      fc.property(byte, bytes(80), (code, data) => {
        const r = decodeOsdpCommand(code, data);
        expect(typeof r.ok).toBe('boolean');
      }),
    );
  });

  it('never throws on truncated commands', () => {
    fc.assert(
      fc.property(arbCommand, fc.nat(), (command, n) => {
        const { code, data } = encodeOsdpCommand(command);
        expect(() =>
          decodeOsdpCommand(code, data.subarray(0, data.length ? n % data.length : 0)),
        ).not.toThrow();
      }),
    );
  });
});
