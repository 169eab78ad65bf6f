import { EventEmitter } from 'node:events';
import type { LcdLines } from '../link/lcd-text';
import type { ByteTransport } from '../link/byte-transport';
import type { OsdpBuzzerControl, OsdpCommand } from '../osdp/osdp-command.codec';
import { OSDP_BROADCAST_ADDRESS, type OsdpLedColor } from '../osdp/osdp-codes';
import {
  encodeOsdpFrame,
  type OsdpFrame,
  type OsdpSequence,
  scanOsdpFrames,
} from '../osdp/osdp-frame.codec';
import { encodeOsdpReply, type OsdpReply } from '../osdp/osdp-reply.codec';
import { LcdView } from './lcd-view';
import {
  DEFAULT_PD_ID,
  FaultyReplyLine,
  noFaults,
  type OsdpPdFaults,
  type OsdpPdSimulatorEvents,
  type OsdpPdSimulatorOptions,
} from './osdp-pd-faults';
import { type BoardChange, SimulatedBoard, commandOf, nak } from './simulated-board';

const STALE_RX_MS = 100; // a half message older than this is line noise
const REX_PRESS_MS = 300;

/**
 * The door board (an OSDP v2.2 PD) in software, over any ByteTransport: relays that switch off by
 * themselves when a pulse ends, a 2x16 LCD, buzzer, LED, inputs (door contact, REX), tamper and
 * power that a test can flip, and card reads. For tests and the console demo; not production code.
 */
export class OsdpPdSimulator extends EventEmitter<OsdpPdSimulatorEvents> {
  readonly faults: OsdpPdFaults = noFaults();
  private address_: number;
  private readonly board: SimulatedBoard;
  private readonly view: LcdView | null;
  private readonly contactInput: number;
  private readonly rexInput: number;
  private rx: Uint8Array = new Uint8Array(0);
  private rxAt = 0;
  private lastSequence: OsdpSequence | null = null;
  private lastReply: Uint8Array | null = null;
  private readonly line: FaultyReplyLine;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly onData = (chunk: Uint8Array): void => this.receive(chunk);

  constructor(
    private readonly transport: ByteTransport,
    options: OsdpPdSimulatorOptions,
  ) {
    super();
    this.address_ = options.address;
    this.contactInput = options.doorContactInput ?? 0;
    this.rexInput = options.rexInput ?? 1;
    this.line = new FaultyReplyLine(transport, (err) => this.emitSafely('error', err));
    this.view = options.view === undefined ? new LcdView() : options.view;
    const board = {
      outputs: options.outputs ?? 2,
      inputs: options.inputs ?? 2,
      columns: options.columns ?? 16,
      id: { ...DEFAULT_PD_ID, ...options.id },
      ...(options.capabilities ? { capabilities: options.capabilities } : {}),
    };
    this.board = new SimulatedBoard(board, (change) => this.changed(change));
  }

  get address(): number {
    return this.address_;
  }

  /** Opens the transport; may be called again after the line was lost (a board plugged back in). */
  async start(): Promise<void> {
    this.transport.off('data', this.onData);
    this.transport.on('data', this.onData);
    await this.transport.open();
    this.draw();
  }

  async stop(): Promise<void> {
    this.transport.off('data', this.onData);
    this.board.dispose();
    this.line.dispose();
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    this.view?.flush();
    await this.transport.close();
  }

  /** A power cycle, at once: outputs off, display blank, and the sequence number forgotten. */
  reboot(): void {
    this.board.reset();
    this.lastSequence = null;
    this.lastReply = null;
  }

  relay(output: number): boolean {
    return this.board.outputs.isOn(output);
  }

  relays(): boolean[] {
    return this.board.outputs.states();
  }

  /** The display as shown: two lines of `columns` characters, space padded. */
  lcd(): LcdLines {
    return this.board.display.lines();
  }

  led(): OsdpLedColor {
    return this.board.ledColor;
  }

  lastBeep(): OsdpBuzzerControl | null {
    return this.board.buzzer;
  }

  input(n: number): boolean {
    return this.board.inputs.input(n);
  }

  /** Flips an input (0: door contact, 1: REX by default); reported on the next osdp_POLL. */
  setInput(n: number, active: boolean): void {
    this.board.inputs.setInput(n, active);
    this.draw();
  }

  /** The door contact input: active means the door is open. */
  setDoorOpen(open: boolean): void {
    this.setInput(this.contactInput, open);
  }

  doorOpen(): boolean {
    return this.input(this.contactInput);
  }

  /** The request-to-exit button: pressed, then released after `ms`. */
  pressRex(ms = REX_PRESS_MS): void {
    this.setInput(this.rexInput, true);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.setInput(this.rexInput, false);
    }, ms);
    this.timers.add(timer);
  }

  setTamper(active: boolean): void {
    this.board.inputs.setTamper(active);
  }

  tampered(): boolean {
    return this.board.inputs.tampered();
  }

  setPowerFailure(failed: boolean): void {
    this.board.inputs.setPowerFailure(failed);
  }

  powerFailed(): boolean {
    return this.board.inputs.localStatus().powerFailure;
  }

  /**
   * A card read, reported on the next osdp_POLL as osdp_RAW (0x50). Format 'raw' is code 0x00
   * (raw bit array), 'wiegand' code 0x01 (P/data/P).
   */
  presentCard(
    data: Uint8Array,
    bitCount = data.length * 8,
    format: 'raw' | 'wiegand' = 'raw',
  ): void {
    const code = format === 'wiegand' ? 1 : 0;
    const reply: OsdpReply = {
      kind: 'raw',
      reader: 0,
      format: code,
      bitCount,
      data: Uint8Array.from(data),
    };
    this.board.inputs.queue(reply);
  }

  /** Keys pressed, reported on the next osdp_POLL as osdp_KEYPAD. */
  pressKeys(digits: string): void {
    this.board.inputs.queue({ kind: 'keypad', reader: 0, digits });
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
    // OSDP v2.2 multi-drop: a PD acts only on commands to its own address or the broadcast one.
    for (const frame of scan.frames) {
      const mine = frame.address === this.address_ || frame.address === OSDP_BROADCAST_ADDRESS;
      if (!frame.reply && mine) this.handle(frame);
    }
  }

  // OSDP v2.2 sequence rules: 0 resets; a repeated number gets the last reply unchanged (rebuilding
  // it would act on the command twice or consume a reported event twice); any other number than the
  // next one is refused with NAK 'sequence-number'. That NAK carries the number this PD expected
  // (0 after reboot()), not the command's, as libosdp's PD does: it numbers every reply from its
  // own count (osdp_phy.c, osdp_phy_packet_init), so the ACU meets the reference stack's case here.
  private handle(frame: OsdpFrame): void {
    if (this.faults.silent) return;
    const sqn = frame.sequence;
    if (sqn !== 0 && sqn === this.lastSequence && this.lastReply)
      return this.line.send(this.lastReply, this.faults);
    const expected = this.lastSequence === null ? 0 : nextSequence(this.lastSequence);
    if (sqn !== 0 && sqn !== expected)
      return this.line.send(this.frameOf(frame, nak('sequence-number'), expected), this.faults);
    if (this.faults.busyReplies > 0) {
      this.faults.busyReplies -= 1;
      return this.line.send(this.frameOf(frame, { kind: 'busy' }), this.faults); // not acted on
    }
    const command = commandOf(frame);
    const reply = command.kind === 'reply' ? command.reply : this.process(command.command, sqn);
    const bytes = this.frameOf(frame, reply);
    this.lastSequence = sqn;
    this.lastReply = bytes;
    this.line.send(bytes, this.faults, () => reply.kind === 'com' && this.applyComSettings(reply));
  }

  private process(command: OsdpCommand, sequence: OsdpSequence): OsdpReply {
    if (command.kind !== 'poll' && this.faults.nakReplies > 0) {
      this.faults.nakReplies -= 1;
      return nak(this.faults.nakReason);
    }
    const reply = this.board.act(command);
    if (reply.kind !== 'nak') this.emitSafely('command', command, sequence);
    return reply;
  }

  // OSDP v2.2 osdp_COMSET (0x6E): the PD switches to the new address and speed once its osdp_COM
  // reply is out.
  private applyComSettings(com: { address: number; baudRate: number }): void {
    this.address_ = com.address;
    if (!this.transport.setBaudRate || com.baudRate === this.transport.baudRate) return;
    this.transport
      .setBaudRate(com.baudRate)
      .catch((err: unknown) =>
        this.emitSafely('error', err instanceof Error ? err : new Error(String(err))),
      );
  }

  private frameOf(command: OsdpFrame, reply: OsdpReply, sequence = command.sequence): Uint8Array {
    const { code, data } = encodeOsdpReply(reply);
    return encodeOsdpFrame({
      address: this.address_,
      reply: true,
      sequence,
      check: command.check,
      code,
      data,
    });
  }

  private changed(change: BoardChange): void {
    switch (change.kind) {
      case 'relay':
        this.emitSafely('relay', change.output, change.on);
        break;
      case 'text':
        this.emitSafely('text', change.lines);
        break;
      case 'buzzer':
        this.emitSafely('buzzer', change.buzzer);
        break;
      case 'led':
        this.emitSafely('led', change.led);
        break;
    }
    this.draw();
  }

  private draw(): void {
    this.view?.show({
      address: this.address_,
      relays: this.relays(),
      lcd: this.lcd(),
      led: this.board.ledColor,
      inputs: this.board.inputs.inputs(),
      tamper: this.board.inputs.tampered(),
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
