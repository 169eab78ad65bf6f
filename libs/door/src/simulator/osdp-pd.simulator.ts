import { EventEmitter } from 'node:events';
import type { LcdLines } from '../door/lcd-text';
import type { ByteTransport } from '../link/byte-transport';
import { decodeOsdpCommand, type OsdpBuzzerControl, type OsdpCommand, type OsdpLedControl } from '../osdp/osdp-command.codec';
import { OSDP_BROADCAST_ADDRESS, type OsdpLedColor, type OsdpNakReason } from '../osdp/osdp-codes';
import { encodeOsdpFrame, type OsdpFrame, type OsdpSequence, scanOsdpFrames } from '../osdp/osdp-frame.codec';
import { encodeOsdpReply, type OsdpPdId, type OsdpReply } from '../osdp/osdp-reply.codec';
import type { LcdView } from './lcd-view';
import { LcdView as DefaultLcdView } from './lcd-view';
import { SimulatedLcd } from './simulated-lcd';
import { SimulatedOutputs } from './simulated-outputs';

/** Switches a test flips to make the PD misbehave. Counts apply to the next N commands. */
export interface OsdpPdFaults {
  /** Ignore every command, as an unplugged board would. */
  silent: boolean;
  /** Wait this long before each reply. */
  replyDelayMs: number;
  /** Act on the next N commands but lose their replies (the ACU retries; the PD repeats itself). */
  dropReplies: number;
  /** Send the next N replies with a wrong CRC or checksum. */
  corruptReplies: number;
  /** Answer osdp_BUSY to the next N commands, without acting on them. */
  busyReplies: number;
  /** Answer osdp_NAK with nakReason to the next N commands other than osdp_POLL. */
  nakReplies: number;
  nakReason: OsdpNakReason;
}

export interface OsdpPdSimulatorOptions {
  address: number;
  outputs?: number;
  inputs?: number;
  columns?: number;
  id?: Partial<OsdpPdId>;
  /** Where the board draws itself; the default prints to process.stdout, null draws nothing. */
  view?: LcdView | null;
}

export interface OsdpPdSimulatorEvents {
  relay: [output: number, on: boolean];
  text: [lines: LcdLines];
  buzzer: [buzzer: OsdpBuzzerControl];
  led: [led: OsdpLedControl];
  /** Every command the PD acted on (not repeats answered from the last reply). */
  command: [command: OsdpCommand, sequence: OsdpSequence];
  error: [err: Error];
}

const DEFAULT_ID: OsdpPdId = { vendorCode: '4b494f', model: 1, version: 1, serialNumber: 1, firmware: { major: 1, minor: 0, build: 0 } };
const STALE_RX_MS = 100; // a half message older than this is line noise

/**
 * The door board (an OSDP v2.2 PD) in software, over any ByteTransport: relays that switch off by
 * themselves when a pulse ends, a 2x16 LCD, buzzer, LED, inputs (door contact, REX) and tamper that
 * a test can flip. For tests and the console demo; not production code.
 */
export class OsdpPdSimulator extends EventEmitter<OsdpPdSimulatorEvents> {
  readonly faults: OsdpPdFaults = { silent: false, replyDelayMs: 0, dropReplies: 0, corruptReplies: 0, busyReplies: 0, nakReplies: 0, nakReason: 'cannot-process-record' };
  private address: number;
  private readonly outputs: SimulatedOutputs;
  private readonly display: SimulatedLcd;
  private readonly inputStates: boolean[];
  private readonly id: OsdpPdId;
  private readonly view: LcdView | null;
  private readonly pending: OsdpReply[] = [];
  private tamper = false;
  private buzzer: OsdpBuzzerControl | null = null;
  private ledColor: OsdpLedColor = 'black';
  private rx: Uint8Array = new Uint8Array(0);
  private rxAt = 0;
  private lastSequence: OsdpSequence | null = null;
  private lastReply: Uint8Array | null = null;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly onData = (chunk: Uint8Array): void => this.receive(chunk);

  constructor(
    private readonly transport: ByteTransport,
    options: OsdpPdSimulatorOptions,
  ) {
    super();
    this.address = options.address;
    this.id = { ...DEFAULT_ID, ...options.id };
    this.view = options.view === undefined ? new DefaultLcdView() : options.view;
    this.inputStates = Array.from({ length: options.inputs ?? 2 }, () => false);
    this.outputs = new SimulatedOutputs(options.outputs ?? 2, (output, on) => this.changed('relay', output, on));
    this.display = new SimulatedLcd(options.columns ?? 16, (lines) => this.changed('text', lines));
  }

  async start(): Promise<void> {
    this.transport.on('data', this.onData);
    await this.transport.open();
    this.draw();
  }

  async stop(): Promise<void> {
    this.transport.off('data', this.onData);
    this.outputs.dispose();
    this.display.dispose();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.transport.close();
  }

  /** A power cycle: outputs off, display blank, and the sequence number forgotten. */
  reboot(): void {
    this.outputs.reset();
    this.display.reset();
    this.pending.length = 0;
    this.lastSequence = null;
    this.lastReply = null;
  }

  relay(output: number): boolean {
    return this.outputs.isOn(output);
  }

  relays(): boolean[] {
    return this.outputs.states();
  }

  /** The display as shown: two lines of `columns` characters, space padded. */
  lcd(): LcdLines {
    return this.display.lines();
  }

  led(): OsdpLedColor {
    return this.ledColor;
  }

  lastBeep(): OsdpBuzzerControl | null {
    return this.buzzer;
  }

  input(n: number): boolean {
    return this.inputStates[n] ?? false;
  }

  /** Flips an input (0: door contact, 1: REX by convention); reported on the next osdp_POLL. */
  setInput(n: number, active: boolean): void {
    if (n < 0 || n >= this.inputStates.length || this.inputStates[n] === active) return;
    this.inputStates[n] = active;
    this.report({ kind: 'istatr', inputs: [...this.inputStates] });
  }

  setTamper(active: boolean): void {
    if (this.tamper === active) return;
    this.tamper = active;
    this.report({ kind: 'lstatr', tamper: active, powerFailure: false });
  }

  /** A card read, reported on the next osdp_POLL as osdp_RAW (format 0: raw bits). */
  presentCard(data: Uint8Array, bitCount = data.length * 8): void {
    this.pending.push({ kind: 'raw', reader: 0, format: 0, bitCount, data: Uint8Array.from(data) });
  }

  /** Keys pressed, reported on the next osdp_POLL as osdp_KEYPAD. */
  pressKeys(digits: string): void {
    this.pending.push({ kind: 'keypad', reader: 0, digits });
  }

  // A newer status of the same kind replaces one not yet reported: the ACU wants the state now.
  private report(reply: OsdpReply): void {
    const i = this.pending.findIndex((r) => r.kind === reply.kind);
    if (i >= 0) this.pending.splice(i, 1, reply);
    else this.pending.push(reply);
  }

  private receive(chunk: Uint8Array): void {
    const now = Date.now();
    const kept = now - this.rxAt > STALE_RX_MS ? new Uint8Array(0) : this.rx;
    this.rxAt = now;
    const joined = new Uint8Array(kept.length + chunk.length);
    joined.set(kept);
    joined.set(chunk, kept.length);
    const scan = scanOsdpFrames(joined);
    this.rx = scan.rest;
    for (const frame of scan.frames) {
      if (!frame.reply && (frame.address === this.address || frame.address === OSDP_BROADCAST_ADDRESS)) this.handle(frame);
    }
  }

  // OSDP v2.2 sequence rules: 0 resets; a repeated number gets the last reply unchanged (rebuilding
  // it would act on the command twice or consume a reported event twice); any other number than the
  // next one is refused with NAK 'sequence-number'.
  private handle(frame: OsdpFrame): void {
    if (this.faults.silent) return;
    const sqn = frame.sequence;
    if (sqn !== 0 && sqn === this.lastSequence && this.lastReply) return this.transmit(this.lastReply);
    if (sqn !== 0 && (this.lastSequence === null || sqn !== nextSequence(this.lastSequence))) {
      return this.transmit(this.frameOf(frame, { kind: 'nak', reason: 'sequence-number', code: 4, detail: new Uint8Array(0) }));
    }
    if (this.faults.busyReplies > 0) {
      this.faults.busyReplies -= 1;
      return this.transmit(this.frameOf(frame, { kind: 'busy' })); // not acted on: the sequence does not move
    }
    const reply = this.process(frame);
    const bytes = this.frameOf(frame, reply);
    this.lastSequence = sqn;
    this.lastReply = bytes;
    this.transmit(bytes);
  }

  private process(frame: OsdpFrame): OsdpReply {
    const nak = (reason: OsdpNakReason): OsdpReply => ({ kind: 'nak', reason, code: 0, detail: new Uint8Array(0) });
    if (frame.securityBlock) return nak('security-unsupported');
    const decoded = decodeOsdpCommand(frame.code, frame.data);
    if (!decoded.ok) return nak(decoded.problem === 'unknown-command' ? 'unknown-command' : decoded.problem === 'bad-length' ? 'command-length' : 'cannot-process-record');
    const command = decoded.value;
    if (command.kind !== 'poll' && this.faults.nakReplies > 0) {
      this.faults.nakReplies -= 1;
      return nak(this.faults.nakReason);
    }
    const reply = this.act(command);
    if (reply.kind !== 'nak') this.emitSafely('command', command, frame.sequence);
    return reply;
  }

  private act(command: OsdpCommand): OsdpReply {
    const ack: OsdpReply = { kind: 'ack' };
    switch (command.kind) {
      case 'poll':
        return this.pending.shift() ?? ack;
      case 'id':
        return { kind: 'pdid', id: this.id };
      case 'cap':
        return { kind: 'pdcap', capabilities: this.capabilities() };
      case 'lstat':
        return { kind: 'lstatr', tamper: this.tamper, powerFailure: false };
      case 'istat':
        return { kind: 'istatr', inputs: [...this.inputStates] };
      case 'ostat':
        return { kind: 'ostatr', outputs: this.outputs.states() };
      case 'out':
        if (!this.outputs.accepts(command.outputs)) return { kind: 'nak', reason: 'cannot-process-record', code: 9, detail: new Uint8Array(0) };
        command.outputs.forEach((r) => this.outputs.apply(r));
        return ack;
      case 'text':
        if (!this.display.accepts(command.text)) return { kind: 'nak', reason: 'cannot-process-record', code: 9, detail: new Uint8Array(0) };
        this.display.apply(command.text);
        return ack;
      case 'led':
        command.leds.forEach((l) => this.setLed(l));
        return ack;
      case 'buz':
        this.buzzer = command.buzzer;
        this.changed('buzzer', command.buzzer);
        return ack;
      case 'comset':
        this.address = command.address; // OSDP v2.2 osdp_COMSET: the PD answers osdp_COM, then uses it
        return { kind: 'com', address: command.address, baudRate: command.baudRate };
    }
  }

  // OSDP v2.2 osdp_PDCAP function codes: 1 inputs, 2 outputs, 4 LED, 5 buzzer, 6 text, 8 CRC.
  private capabilities(): { function: number; compliance: number; count: number }[] {
    return [
      { function: 1, compliance: 1, count: this.inputStates.length },
      { function: 2, compliance: 1, count: this.outputs.count },
      { function: 4, compliance: 1, count: 1 },
      { function: 5, compliance: 1, count: 1 },
      { function: 6, compliance: 1, count: 1 },
      { function: 8, compliance: 1, count: 0 },
    ];
  }

  private setLed(l: OsdpLedControl): void {
    if (l.permanent.control === 'set') this.ledColor = l.permanent.onColor;
    if (l.temporary.control === 'set') this.ledColor = l.temporary.onColor;
    this.changed('led', l);
  }

  private frameOf(command: OsdpFrame, reply: OsdpReply): Uint8Array {
    const { code, data } = encodeOsdpReply(reply);
    return encodeOsdpFrame({ address: this.address, reply: true, sequence: command.sequence, check: command.check, code, data });
  }

  private transmit(bytes: Uint8Array): void {
    const f = this.faults;
    if (f.dropReplies > 0) return void (f.dropReplies -= 1);
    let out = bytes;
    if (f.corruptReplies > 0) {
      f.corruptReplies -= 1;
      out = Uint8Array.from(bytes);
      out[out.length - 1] = (out[out.length - 1] ?? 0) ^ 0xff;
    }
    const send = (): void => {
      this.transport.write(out).catch((err: unknown) => this.emitSafely('error', err instanceof Error ? err : new Error(String(err))));
    };
    if (f.replyDelayMs <= 0) return send();
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      send();
    }, f.replyDelayMs);
    this.timers.add(timer);
  }

  private changed<E extends 'relay' | 'text' | 'buzzer' | 'led'>(event: E, ...args: OsdpPdSimulatorEvents[E]): void {
    this.emitSafely(event, ...args);
    this.draw();
  }

  private draw(): void {
    this.view?.show({ address: this.address, relays: this.outputs.states(), lcd: this.lcd(), led: this.ledColor, inputs: this.inputStates });
  }

  private emitSafely<E extends keyof OsdpPdSimulatorEvents>(event: E, ...args: OsdpPdSimulatorEvents[E]): void {
    if (event === 'error' && this.listenerCount('error') === 0) return;
    (this.emit as (e: E, ...a: OsdpPdSimulatorEvents[E]) => boolean)(event, ...args);
  }
}

function nextSequence(s: OsdpSequence): OsdpSequence {
  return s === 3 ? 1 : ((s + 1) as OsdpSequence);
}
