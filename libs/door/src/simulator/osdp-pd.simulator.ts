import { EventEmitter } from 'node:events';
import type { LcdLines } from '../door/lcd-text';
import type { ByteTransport } from '../link/byte-transport';
import {
  decodeOsdpCommand,
  type OsdpBuzzerControl,
  type OsdpCommand,
  type OsdpLedControl,
} from '../osdp/osdp-command.codec';
import { OSDP_BROADCAST_ADDRESS, type OsdpLedColor, type OsdpNakReason } from '../osdp/osdp-codes';
import {
  encodeOsdpFrame,
  type OsdpFrame,
  type OsdpSequence,
  scanOsdpFrames,
} from '../osdp/osdp-frame.codec';
import { encodeOsdpReply, type OsdpPdId, type OsdpReply } from '../osdp/osdp-reply.codec';
import type { LcdView } from './lcd-view';
import { LcdView as DefaultLcdView } from './lcd-view';
import {
  DEFAULT_PD_ID,
  FaultyReplyLine,
  noFaults,
  type OsdpPdFaults,
  type OsdpPdSimulatorEvents,
  type OsdpPdSimulatorOptions,
} from './osdp-pd-faults';
import { SimulatedInputs } from './simulated-inputs';
import { SimulatedLcd } from './simulated-lcd';
import { SimulatedOutputs } from './simulated-outputs';

const STALE_RX_MS = 100; // a half message older than this is line noise

/**
 * The door board (an OSDP v2.2 PD) in software, over any ByteTransport: relays that switch off by
 * themselves when a pulse ends, a 2x16 LCD, buzzer, LED, inputs (door contact, REX) and tamper that
 * a test can flip. For tests and the console demo; not production code.
 */
export class OsdpPdSimulator extends EventEmitter<OsdpPdSimulatorEvents> {
  readonly faults: OsdpPdFaults = noFaults();
  private address: number;
  private readonly outputs: SimulatedOutputs;
  private readonly display: SimulatedLcd;
  private readonly inputs: SimulatedInputs;
  private readonly id: OsdpPdId;
  private readonly view: LcdView | null;
  private buzzer: OsdpBuzzerControl | null = null;
  private ledColor: OsdpLedColor = 'black';
  private rx: Uint8Array = new Uint8Array(0);
  private rxAt = 0;
  private lastSequence: OsdpSequence | null = null;
  private lastReply: Uint8Array | null = null;
  private readonly line: FaultyReplyLine;
  private readonly onData = (chunk: Uint8Array): void => this.receive(chunk);

  constructor(
    private readonly transport: ByteTransport,
    options: OsdpPdSimulatorOptions,
  ) {
    super();
    this.address = options.address;
    this.id = { ...DEFAULT_PD_ID, ...options.id };
    this.line = new FaultyReplyLine(transport, (err) => this.emitSafely('error', err));
    this.view = options.view === undefined ? new DefaultLcdView() : options.view;
    this.inputs = new SimulatedInputs(options.inputs ?? 2);
    this.outputs = new SimulatedOutputs(options.outputs ?? 2, (output, on) =>
      this.changed('relay', output, on),
    );
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
    this.line.dispose();
    await this.transport.close();
  }

  /** A power cycle: outputs off, display blank, and the sequence number forgotten. */
  reboot(): void {
    this.outputs.reset();
    this.display.reset();
    this.inputs.clearNews();
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
    return this.inputs.input(n);
  }

  /** Flips an input (0: door contact, 1: REX by convention); reported on the next osdp_POLL. */
  setInput(n: number, active: boolean): void {
    this.inputs.setInput(n, active);
    this.draw();
  }

  setTamper(active: boolean): void {
    this.inputs.setTamper(active);
  }

  /** A card read, reported on the next osdp_POLL as osdp_RAW (format 0: raw bits). */
  presentCard(data: Uint8Array, bitCount = data.length * 8): void {
    this.inputs.queue({ kind: 'raw', reader: 0, format: 0, bitCount, data: Uint8Array.from(data) });
  }

  /** Keys pressed, reported on the next osdp_POLL as osdp_KEYPAD. */
  pressKeys(digits: string): void {
    this.inputs.queue({ kind: 'keypad', reader: 0, digits });
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
      if (
        !frame.reply &&
        (frame.address === this.address || frame.address === OSDP_BROADCAST_ADDRESS)
      )
        this.handle(frame);
    }
  }

  // OSDP v2.2 sequence rules: 0 resets; a repeated number gets the last reply unchanged (rebuilding
  // it would act on the command twice or consume a reported event twice); any other number than the
  // next one is refused with NAK 'sequence-number'.
  private handle(frame: OsdpFrame): void {
    if (this.faults.silent) return;
    const sqn = frame.sequence;
    if (sqn !== 0 && sqn === this.lastSequence && this.lastReply)
      return this.transmit(this.lastReply);
    if (sqn !== 0 && (this.lastSequence === null || sqn !== nextSequence(this.lastSequence))) {
      return this.transmit(
        this.frameOf(frame, {
          kind: 'nak',
          reason: 'sequence-number',
          code: 4,
          detail: new Uint8Array(0),
        }),
      );
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
    const nak = (reason: OsdpNakReason): OsdpReply => ({
      kind: 'nak',
      reason,
      code: 0,
      detail: new Uint8Array(0),
    });
    if (frame.securityBlock) return nak('security-unsupported');
    const decoded = decodeOsdpCommand(frame.code, frame.data);
    if (!decoded.ok)
      return nak(
        decoded.problem === 'unknown-command'
          ? 'unknown-command'
          : decoded.problem === 'bad-length'
            ? 'command-length'
            : 'cannot-process-record',
      );
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
        return this.inputs.nextNews() ?? ack;
      case 'id':
        return { kind: 'pdid', id: this.id };
      case 'cap':
        return { kind: 'pdcap', capabilities: this.capabilities() };
      case 'lstat':
        return { kind: 'lstatr', tamper: this.inputs.tampered(), powerFailure: false };
      case 'istat':
        return { kind: 'istatr', inputs: this.inputs.inputs() };
      case 'ostat':
        return { kind: 'ostatr', outputs: this.outputs.states() };
      case 'out':
        if (!this.outputs.accepts(command.outputs))
          return {
            kind: 'nak',
            reason: 'cannot-process-record',
            code: 9,
            detail: new Uint8Array(0),
          };
        command.outputs.forEach((r) => this.outputs.apply(r));
        return ack;
      case 'text':
        if (!this.display.accepts(command.text))
          return {
            kind: 'nak',
            reason: 'cannot-process-record',
            code: 9,
            detail: new Uint8Array(0),
          };
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
      { function: 1, compliance: 1, count: this.inputs.count },
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
    return encodeOsdpFrame({
      address: this.address,
      reply: true,
      sequence: command.sequence,
      check: command.check,
      code,
      data,
    });
  }

  private transmit(bytes: Uint8Array): void {
    this.line.send(bytes, this.faults);
  }

  private changed<E extends 'relay' | 'text' | 'buzzer' | 'led'>(
    event: E,
    ...args: OsdpPdSimulatorEvents[E]
  ): void {
    this.emitSafely(event, ...args);
    this.draw();
  }

  private draw(): void {
    this.view?.show({
      address: this.address,
      relays: this.outputs.states(),
      lcd: this.lcd(),
      led: this.ledColor,
      inputs: this.inputs.inputs(),
    });
  }

  private emitSafely<E extends keyof OsdpPdSimulatorEvents>(
    event: E,
    ...args: OsdpPdSimulatorEvents[E]
  ): void {
    if (event === 'error' && this.listenerCount('error') === 0) return;
    (this.emit as (e: E, ...a: OsdpPdSimulatorEvents[E]) => boolean)(event, ...args);
  }
}

function nextSequence(s: OsdpSequence): OsdpSequence {
  return s === 3 ? 1 : ((s + 1) as OsdpSequence);
}
