import type { LcdLines } from '../link/lcd-text';
import {
  decodeOsdpCommand,
  type OsdpBuzzerControl,
  type OsdpCommand,
  type OsdpLedControl,
} from '../osdp/osdp-command.codec';
import type { OsdpFrame } from '../osdp/osdp-frame.codec';
import type { OsdpLedColor, OsdpNakReason } from '../osdp/osdp-codes';
import type { OsdpCapability, OsdpPdId, OsdpReply } from '../osdp/osdp-reply.codec';
import { SimulatedInputs } from './simulated-inputs';
import { SimulatedLcd } from './simulated-lcd';
import { SimulatedOutputs } from './simulated-outputs';

/** What changed on the board, for the simulator's events and its console view. */
export type BoardChange =
  | { kind: 'relay'; output: number; on: boolean }
  | { kind: 'text'; lines: LcdLines }
  | { kind: 'buzzer'; buzzer: OsdpBuzzerControl }
  | { kind: 'led'; led: OsdpLedControl };

export interface SimulatedBoardOptions {
  outputs: number;
  inputs: number;
  columns: number;
  id: OsdpPdId;
  /** What the PD answers to osdp_CAP; by default, derived from the board. */
  capabilities?: OsdpCapability[];
}

/**
 * The hardware of a simulated PD (relays, LCD, buzzer, LED, inputs, tamper, power) and what each
 * OSDP v2.2 command does to it. No framing and no sequence numbers: OsdpPdSimulator does those.
 */
export class SimulatedBoard {
  readonly outputs: SimulatedOutputs;
  readonly display: SimulatedLcd;
  readonly inputs: SimulatedInputs;
  ledColor: OsdpLedColor = 'black';
  buzzer: OsdpBuzzerControl | null = null;

  constructor(
    private readonly options: SimulatedBoardOptions,
    private readonly onChange: (change: BoardChange) => void,
  ) {
    this.inputs = new SimulatedInputs(options.inputs);
    this.outputs = new SimulatedOutputs(options.outputs, (output, on) =>
      onChange({ kind: 'relay', output, on }),
    );
    this.display = new SimulatedLcd(options.columns, (lines) => onChange({ kind: 'text', lines }));
  }

  /** The reply to a decoded command, after acting on it. */
  act(command: OsdpCommand): OsdpReply {
    const ack: OsdpReply = { kind: 'ack' };
    switch (command.kind) {
      case 'poll':
        return this.inputs.nextNews() ?? ack;
      case 'id':
        return { kind: 'pdid', id: this.options.id };
      case 'cap':
        return { kind: 'pdcap', capabilities: this.capabilities() };
      case 'lstat':
        return { kind: 'lstatr', ...this.inputs.localStatus() };
      case 'istat':
        return { kind: 'istatr', inputs: this.inputs.inputs() };
      case 'ostat':
        return { kind: 'ostatr', outputs: this.outputs.states() };
      case 'out':
        if (!this.outputs.accepts(command.outputs)) return nak('cannot-process-record');
        command.outputs.forEach((r) => this.outputs.apply(r));
        return ack;
      case 'text':
        if (!this.display.accepts(command.text)) return nak('cannot-process-record');
        this.display.apply(command.text);
        return ack;
      case 'led':
        command.leds.forEach((l) => this.setLed(l));
        return ack;
      case 'buz':
        this.buzzer = command.buzzer;
        this.onChange({ kind: 'buzzer', buzzer: command.buzzer });
        return ack;
      case 'comset': // OSDP v2.2 osdp_COMSET (0x6E): answered with osdp_COM (0x54), then applied
        return { kind: 'com', address: command.address, baudRate: command.baudRate };
    }
  }

  // OSDP v2.2 osdp_PDCAP function codes: 1 inputs, 2 outputs, 4 LED, 5 buzzer, 6 text, 8 CRC.
  capabilities(): OsdpCapability[] {
    return (
      this.options.capabilities ?? [
        { function: 1, compliance: 1, count: this.inputs.count },
        { function: 2, compliance: 1, count: this.outputs.count },
        { function: 4, compliance: 1, count: 1 },
        { function: 5, compliance: 1, count: 1 },
        { function: 6, compliance: 1, count: 1 },
        { function: 8, compliance: 1, count: 0 },
      ]
    );
  }

  /** A power cycle: outputs off, display blank, unreported news dropped. */
  reset(): void {
    this.outputs.reset();
    this.display.reset();
    this.inputs.clearNews();
  }

  dispose(): void {
    this.outputs.dispose();
    this.display.dispose();
  }

  private setLed(l: OsdpLedControl): void {
    if (l.permanent.control === 'set') this.ledColor = l.permanent.onColor;
    if (l.temporary.control === 'set') this.ledColor = l.temporary.onColor;
    this.onChange({ kind: 'led', led: l });
  }
}

/** The command in a message, or the osdp_NAK that refuses it. */
export function commandOf(
  frame: OsdpFrame,
): { kind: 'reply'; reply: OsdpReply } | { kind: 'command'; command: OsdpCommand } {
  if (frame.securityBlock) return { kind: 'reply', reply: nak('security-unsupported') };
  const decoded = decodeOsdpCommand(frame.code, frame.data);
  if (decoded.ok) return { kind: 'command', command: decoded.value };
  const reason =
    decoded.problem === 'unknown-command'
      ? 'unknown-command'
      : decoded.problem === 'bad-length'
        ? 'command-length'
        : 'cannot-process-record';
  return { kind: 'reply', reply: nak(reason) };
}

/** osdp_NAK with a reason; the code is filled in by the reply codec. */
export function nak(reason: OsdpNakReason): OsdpReply {
  return { kind: 'nak', reason, code: 0, detail: new Uint8Array(0) };
}
