import { type Decoded, decodedOk, decodedProblem } from '../decoded';
import {
  OSDP_BUZ,
  OSDP_CAP,
  OSDP_COMSET,
  OSDP_ID,
  OSDP_ISTAT,
  OSDP_LED,
  OSDP_LED_COLORS,
  OSDP_LSTAT,
  OSDP_OSTAT,
  OSDP_OUT,
  OSDP_OUT_CONTROLS,
  OSDP_POLL,
  OSDP_TEXT,
  OSDP_TEXT_COMMANDS,
  OSDP_TONES,
  type OsdpLedColor,
  type OsdpOutControl,
  type OsdpTextCommand,
  type OsdpTone,
} from './osdp-codes';
import { latin1, latin1Bytes, readU16, readU32, u16, u32 } from './osdp-bytes';

/** OSDP v2.2 osdp_OUT record: output number, control code, timer in units of 100 ms. */
export interface OsdpOutputControl {
  output: number;
  control: OsdpOutControl;
  timer: number;
}

/** OSDP v2.2 osdp_LED record (14 bytes). Times in units of 100 ms. */
export interface OsdpLedControl {
  reader: number;
  led: number;
  temporary: {
    control: 'nop' | 'cancel' | 'set';
    onTime: number;
    offTime: number;
    onColor: OsdpLedColor;
    offColor: OsdpLedColor;
    timer: number;
  };
  permanent: {
    control: 'nop' | 'set';
    onTime: number;
    offTime: number;
    onColor: OsdpLedColor;
    offColor: OsdpLedColor;
  };
}

/** OSDP v2.2 osdp_BUZ: times in units of 100 ms; count 0 repeats until the next osdp_BUZ. */
export interface OsdpBuzzerControl {
  reader: number;
  tone: OsdpTone;
  onTime: number;
  offTime: number;
  count: number;
}

/** OSDP v2.2 osdp_TEXT: row and column are 1-based; temporarySeconds applies to temporary text. */
export interface OsdpTextOutput {
  reader: number;
  command: OsdpTextCommand;
  temporarySeconds: number;
  row: number;
  column: number;
  text: string;
}

export type OsdpCommand =
  | { kind: 'poll' }
  | { kind: 'id'; replyType: number }
  | { kind: 'cap'; replyType: number }
  | { kind: 'lstat' }
  | { kind: 'istat' }
  | { kind: 'ostat' }
  | { kind: 'out'; outputs: OsdpOutputControl[] }
  | { kind: 'led'; leds: OsdpLedControl[] }
  | { kind: 'buz'; buzzer: OsdpBuzzerControl }
  | { kind: 'text'; text: OsdpTextOutput }
  | { kind: 'comset'; address: number; baudRate: number };

export type OsdpCommandProblem = 'unknown-command' | 'bad-length' | 'bad-value';

/** The command code and DATA of an OSDP message. */
export interface OsdpPayload {
  code: number;
  data: Uint8Array;
}

const OUT_RECORD = 4;
const LED_RECORD = 14;
const TEXT_HEADER = 6;
const LED_TEMPORARY: readonly OsdpLedControl['temporary']['control'][] = ['nop', 'cancel', 'set'];
const LED_PERMANENT: readonly OsdpLedControl['permanent']['control'][] = ['nop', 'set'];

export function encodeOsdpCommand(command: OsdpCommand): OsdpPayload {
  switch (command.kind) {
    case 'poll':
      return payload(OSDP_POLL, []);
    case 'id':
      return payload(OSDP_ID, [command.replyType]);
    case 'cap':
      return payload(OSDP_CAP, [command.replyType]);
    case 'lstat':
      return payload(OSDP_LSTAT, []);
    case 'istat':
      return payload(OSDP_ISTAT, []);
    case 'ostat':
      return payload(OSDP_OSTAT, []);
    case 'out':
      return payload(
        OSDP_OUT,
        command.outputs.flatMap((o) => [
          o.output,
          OSDP_OUT_CONTROLS.indexOf(o.control),
          ...u16(o.timer),
        ]),
      );
    case 'led':
      return payload(OSDP_LED, command.leds.flatMap(encodeLed));
    case 'buz': {
      const b = command.buzzer;
      return payload(OSDP_BUZ, [
        b.reader,
        OSDP_TONES.indexOf(b.tone),
        b.onTime,
        b.offTime,
        b.count,
      ]);
    }
    case 'text':
      return { code: OSDP_TEXT, data: encodeText(command.text) };
    case 'comset':
      return payload(OSDP_COMSET, [command.address, ...u32(command.baudRate)]);
  }
}

function payload(code: number, bytes: number[]): OsdpPayload {
  return { code, data: Uint8Array.from(bytes, (b) => b & 0xff) };
}

function encodeLed(l: OsdpLedControl): number[] {
  const t = l.temporary;
  const p = l.permanent;
  const color = (c: OsdpLedColor): number => OSDP_LED_COLORS.indexOf(c);
  return [
    l.reader,
    l.led,
    LED_TEMPORARY.indexOf(t.control),
    t.onTime,
    t.offTime,
    color(t.onColor),
    color(t.offColor),
    ...u16(t.timer),
    LED_PERMANENT.indexOf(p.control),
    p.onTime,
    p.offTime,
    color(p.onColor),
    color(p.offColor),
  ];
}

function encodeText(t: OsdpTextOutput): Uint8Array {
  const text = latin1Bytes(t.text).subarray(0, 0xff);
  const head = [
    t.reader,
    OSDP_TEXT_COMMANDS.indexOf(t.command) + 1,
    t.temporarySeconds,
    t.row,
    t.column,
    text.length,
  ];
  const out = new Uint8Array(TEXT_HEADER + text.length);
  out.set(head.map((b) => b & 0xff));
  out.set(text, TEXT_HEADER);
  return out;
}

type CommandResult = Decoded<OsdpCommand, OsdpCommandProblem>;

/** Decodes the code and DATA of a command message. Never throws. */
export function decodeOsdpCommand(code: number, data: Uint8Array): CommandResult {
  switch (code) {
    case OSDP_POLL:
      return exactly(data, 0, { kind: 'poll' });
    case OSDP_LSTAT:
      return exactly(data, 0, { kind: 'lstat' });
    case OSDP_ISTAT:
      return exactly(data, 0, { kind: 'istat' });
    case OSDP_OSTAT:
      return exactly(data, 0, { kind: 'ostat' });
    case OSDP_ID:
      return exactly(data, 1, { kind: 'id', replyType: data[0] ?? 0 });
    case OSDP_CAP:
      return exactly(data, 1, { kind: 'cap', replyType: data[0] ?? 0 });
    case OSDP_OUT:
      return decodeOut(data);
    case OSDP_LED:
      return decodeLeds(data);
    case OSDP_BUZ:
      return decodeBuz(data);
    case OSDP_TEXT:
      return decodeText(data);
    case OSDP_COMSET:
      return exactly(data, 5, {
        kind: 'comset',
        address: data[0] ?? 0,
        baudRate: readU32(data, 1),
      });
    default:
      return decodedProblem('unknown-command', 0);
  }
}

function exactly(data: Uint8Array, length: number, value: OsdpCommand): CommandResult {
  return data.length === length
    ? decodedOk(value, length)
    : decodedProblem('bad-length', Math.min(length, data.length));
}

function decodeOut(data: Uint8Array): CommandResult {
  if (data.length === 0 || data.length % OUT_RECORD !== 0) return decodedProblem('bad-length', 0);
  const outputs: OsdpOutputControl[] = [];
  for (let at = 0; at < data.length; at += OUT_RECORD) {
    const control = OSDP_OUT_CONTROLS[data[at + 1] ?? 0xff];
    if (!control) return decodedProblem('bad-value', at + 1);
    outputs.push({ output: data[at] ?? 0, control, timer: readU16(data, at + 2) });
  }
  return decodedOk({ kind: 'out', outputs }, data.length);
}

function decodeLeds(data: Uint8Array): CommandResult {
  if (data.length === 0 || data.length % LED_RECORD !== 0) return decodedProblem('bad-length', 0);
  const leds: OsdpLedControl[] = [];
  for (let at = 0; at < data.length; at += LED_RECORD) {
    const r = data.subarray(at, at + LED_RECORD);
    const tc = LED_TEMPORARY[r[2] ?? 0xff];
    const pc = LED_PERMANENT[r[9] ?? 0xff];
    const [c5, c6, c12, c13] = [5, 6, 12, 13].map((i) => OSDP_LED_COLORS[r[i] ?? 0xff]);
    if (!tc || !pc || !c5 || !c6 || !c12 || !c13) return decodedProblem('bad-value', at);
    leds.push({
      reader: r[0] ?? 0,
      led: r[1] ?? 0,
      temporary: {
        control: tc,
        onTime: r[3] ?? 0,
        offTime: r[4] ?? 0,
        onColor: c5,
        offColor: c6,
        timer: readU16(r, 7),
      },
      permanent: {
        control: pc,
        onTime: r[10] ?? 0,
        offTime: r[11] ?? 0,
        onColor: c12,
        offColor: c13,
      },
    });
  }
  return decodedOk({ kind: 'led', leds }, data.length);
}

function decodeBuz(data: Uint8Array): CommandResult {
  if (data.length !== 5) return decodedProblem('bad-length', 0);
  const tone = OSDP_TONES[data[1] ?? 0xff];
  if (!tone) return decodedProblem('bad-value', 1);
  const buzzer = {
    reader: data[0] ?? 0,
    tone,
    onTime: data[2] ?? 0,
    offTime: data[3] ?? 0,
    count: data[4] ?? 0,
  };
  return decodedOk({ kind: 'buz', buzzer }, 5);
}

function decodeText(data: Uint8Array): CommandResult {
  if (data.length < TEXT_HEADER || data.length !== TEXT_HEADER + (data[5] ?? 0))
    return decodedProblem('bad-length', 0);
  const command = OSDP_TEXT_COMMANDS[(data[1] ?? 0) - 1];
  if (!command) return decodedProblem('bad-value', 1);
  const text: OsdpTextOutput = {
    reader: data[0] ?? 0,
    command,
    temporarySeconds: data[2] ?? 0,
    row: data[3] ?? 0,
    column: data[4] ?? 0,
    text: latin1(data.subarray(TEXT_HEADER)),
  };
  return decodedOk({ kind: 'text', text }, data.length);
}
