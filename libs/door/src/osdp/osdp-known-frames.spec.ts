import { decodeOsdpCommand, encodeOsdpCommand, type OsdpCommand } from './osdp-command.codec';
import { decodeOsdpFrame, encodeOsdpFrame } from './osdp-frame.codec';
import { decodeOsdpReply, encodeOsdpReply, type OsdpReply } from './osdp-reply.codec';

// Whole messages, one per OSDP v2.2 command and reply this library speaks, with CRC-16. The
// expected bytes were built by a separate bit-by-bit CRC-16/AUG-CCITT (poly 0x1021, seed 0x1D0F)
// that reproduces libosdp's published osdp_POLL frame 53 65 08 00 04 60 60 90, not by osdpCrc16.
const hex = (s: string): Uint8Array => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));
const toHex = (b: Uint8Array): string =>
  Buffer.from(b)
    .toString('hex')
    .replace(/(..)(?!$)/g, '$1 ');

const led = {
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
  permanent: { control: 'set', onTime: 255, offTime: 0, onColor: 'green', offColor: 'green' },
} as const;

// ACU → PD address 0x01, SQN 1, CRC.
const COMMANDS: [string, OsdpCommand, string][] = [
  ['osdp_POLL (0x60)', { kind: 'poll' }, '53 01 08 00 05 60 8b 33'],
  ['osdp_ID (0x61)', { kind: 'id', replyType: 0 }, '53 01 09 00 05 61 00 50 14'],
  ['osdp_CAP (0x62)', { kind: 'cap', replyType: 0 }, '53 01 09 00 05 62 00 03 41'],
  ['osdp_LSTAT (0x64)', { kind: 'lstat' }, '53 01 08 00 05 64 0f 73'],
  ['osdp_ISTAT (0x65)', { kind: 'istat' }, '53 01 08 00 05 65 2e 63'],
  ['osdp_OSTAT (0x66)', { kind: 'ostat' }, '53 01 08 00 05 66 4d 53'],
  [
    'osdp_OUT (0x68): output 1 temporary on 3 s',
    { kind: 'out', outputs: [{ output: 1, control: 'temporary-on', timer: 30 }] },
    '53 01 0c 00 05 68 01 05 1e 00 e6 cc',
  ],
  [
    'osdp_LED (0x69): permanent green',
    { kind: 'led', leds: [led] },
    '53 01 16 00 05 69 00 00 00 00 00 00 00 00 00 01 ff 00 02 02 db 8a',
  ],
  [
    'osdp_BUZ (0x6A): default tone 200 ms once',
    { kind: 'buz', buzzer: { reader: 0, tone: 'default', onTime: 2, offTime: 1, count: 1 } },
    '53 01 0d 00 05 6a 00 02 02 01 01 cd 70',
  ],
  [
    'osdp_TEXT (0x6B): "Hi" on row 2',
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
    '53 01 10 00 05 6b 00 01 00 02 01 02 48 69 e0 db',
  ],
  [
    'osdp_COMSET (0x6E): address 5, 115200 baud',
    { kind: 'comset', address: 5, baudRate: 115200 },
    '53 01 0d 00 05 6e 05 00 c2 01 00 85 8e',
  ],
];

// PD 0x01 → ACU (ADDR 0x81), SQN 1, CRC.
const REPLIES: [string, OsdpReply, string][] = [
  ['osdp_ACK (0x40)', { kind: 'ack' }, '53 81 08 00 05 40 39 35'],
  [
    'osdp_NAK (0x41): unknown-command',
    { kind: 'nak', reason: 'unknown-command', code: 3, detail: new Uint8Array(0) },
    '53 81 09 00 05 41 03 f5 f6',
  ],
  [
    'osdp_PDID (0x45)',
    {
      kind: 'pdid',
      id: {
        vendorCode: 0x23265c, // LSB first: 5C 26 23
        model: 1,
        version: 2,
        serialNumber: 0x12345678,
        firmware: { major: 3, minor: 4, build: 5 },
      },
    },
    '53 81 14 00 05 45 5c 26 23 01 02 78 56 34 12 03 04 05 48 37',
  ],
  [
    'osdp_PDCAP (0x46)',
    {
      kind: 'pdcap',
      capabilities: [
        { function: 1, compliance: 1, count: 2 },
        { function: 2, compliance: 1, count: 1 },
      ],
    },
    '53 81 0e 00 05 46 01 01 02 02 01 01 6c 55',
  ],
  [
    'osdp_LSTATR (0x48): tamper',
    { kind: 'lstatr', tamper: true, powerFailure: false },
    '53 81 0a 00 05 48 01 00 ca 4c',
  ],
  [
    'osdp_ISTATR (0x49): input 0 active',
    { kind: 'istatr', inputs: [true, false] },
    '53 81 0a 00 05 49 01 00 fa 7b',
  ],
  [
    'osdp_OSTATR (0x4A): output 1 on',
    { kind: 'ostatr', outputs: [false, true] },
    '53 81 0a 00 05 4a 00 01 ba 01',
  ],
  [
    'osdp_RAW (0x50): 26 bits',
    { kind: 'raw', reader: 0, format: 0, bitCount: 26, data: hex('01 02 03 c0') },
    '53 81 10 00 05 50 00 00 1a 00 01 02 03 c0 68 0b',
  ],
  [
    'osdp_FMT (0x51): "12"',
    { kind: 'fmt', reader: 0, direction: 0, text: '12' },
    '53 81 0d 00 05 51 00 00 02 31 32 1a 96',
  ],
  [
    'osdp_KEYPAD (0x53): "1*#"',
    { kind: 'keypad', reader: 0, digits: '1*#' },
    '53 81 0d 00 05 53 00 03 31 7f 0d 0c f3',
  ],
  [
    'osdp_COM (0x54)',
    { kind: 'com', address: 5, baudRate: 9600 },
    '53 81 0d 00 05 54 05 80 25 00 00 97 08',
  ],
  ['osdp_BUSY (0x79)', { kind: 'busy' }, '53 81 08 00 05 79 43 92'],
];

describe('OSDP v2.2 whole-message known answers', () => {
  it.each(COMMANDS)('command %s', (_name, command, wire) => {
    const { code, data } = encodeOsdpCommand(command);
    expect(toHex(encodeOsdpFrame({ address: 1, sequence: 1, code, data }))).toBe(wire);
    const frame = decodeOsdpFrame(hex(wire));
    if (!frame.ok) throw new Error(`frame: ${frame.problem}`);
    expect(frame.value).toMatchObject({ address: 1, reply: false, sequence: 1, check: 'crc' });
    expect(decodeOsdpCommand(frame.value.code, frame.value.data)).toMatchObject({
      ok: true,
      value: command,
    });
  });

  it.each(REPLIES)('reply %s', (_name, reply, wire) => {
    const { code, data } = encodeOsdpReply(reply);
    expect(toHex(encodeOsdpFrame({ address: 1, reply: true, sequence: 1, code, data }))).toBe(wire);
    const frame = decodeOsdpFrame(hex(wire));
    if (!frame.ok) throw new Error(`frame: ${frame.problem}`);
    expect(frame.value).toMatchObject({ address: 1, reply: true, sequence: 1, check: 'crc' });
    expect(decodeOsdpReply(frame.value.code, frame.value.data)).toMatchObject({
      ok: true,
      value: reply,
    });
  });

  it('covers every command and reply code the codecs know', () => {
    const commandCodes = new Set(COMMANDS.map(([, c]) => encodeOsdpCommand(c).code));
    const replyCodes = new Set(REPLIES.map(([, r]) => encodeOsdpReply(r).code));
    expect([...commandCodes].sort((a, b) => a - b)).toEqual([
      0x60, 0x61, 0x62, 0x64, 0x65, 0x66, 0x68, 0x69, 0x6a, 0x6b, 0x6e,
    ]);
    expect(replyCodes.size).toBe(12);
  });
});
