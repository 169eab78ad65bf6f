import type { LcdLines } from '../link/lcd-text';
import type { ByteTransport } from '../link/byte-transport';
import type { OsdpBuzzerControl, OsdpCommand, OsdpLedControl } from '../osdp/osdp-command.codec';
import type { OsdpNakReason } from '../osdp/osdp-codes';
import type { OsdpSequence } from '../osdp/osdp-frame.codec';
import type { OsdpCapability, OsdpPdId } from '../osdp/osdp-reply.codec';
import type { LcdView } from './lcd-view';

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

export function noFaults(): OsdpPdFaults {
  return {
    silent: false,
    replyDelayMs: 0,
    dropReplies: 0,
    corruptReplies: 0,
    busyReplies: 0,
    nakReplies: 0,
    nakReason: 'cannot-process-record',
  };
}

export interface OsdpPdSimulatorOptions {
  address: number;
  outputs?: number;
  inputs?: number;
  columns?: number;
  id?: Partial<OsdpPdId>;
  /** What the PD answers to osdp_CAP; by default, derived from its inputs, outputs and display. */
  capabilities?: OsdpCapability[];
  /** The input wired to the door contact (active = open), for setDoorOpen(). Default 0. */
  doorContactInput?: number;
  /** The input wired to the request-to-exit button, for pressRex(). Default 1. */
  rexInput?: number;
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

export const DEFAULT_PD_ID: OsdpPdId = {
  vendorCode: 0x4f494b, // on the wire, LSB first: 4B 49 4F, 'KIO'
  model: 1,
  version: 1,
  serialNumber: 1,
  firmware: { major: 1, minor: 0, build: 0 },
};

/** The PD's transmitter, with the reply faults applied: lost, corrupted or late replies. */
export class FaultyReplyLine {
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly transport: ByteTransport,
    private readonly onError: (err: Error) => void,
  ) {}

  /** Sends a reply with the faults applied; `sent` runs once it is out (or lost on purpose). */
  send(bytes: Uint8Array, faults: OsdpPdFaults, sent?: () => void): void {
    if (faults.dropReplies > 0) {
      faults.dropReplies -= 1;
      return sent?.();
    }
    let out = bytes;
    if (faults.corruptReplies > 0) {
      faults.corruptReplies -= 1;
      out = Uint8Array.from(bytes);
      out[out.length - 1] = (out[out.length - 1] ?? 0) ^ 0xff;
    }
    if (faults.replyDelayMs <= 0) return this.write(out, sent);
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.write(out, sent);
    }, faults.replyDelayMs);
    this.timers.add(timer);
  }

  dispose(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private write(bytes: Uint8Array, sent?: () => void): void {
    this.transport
      .write(bytes)
      .then(sent)
      .catch((err: unknown) => this.onError(err instanceof Error ? err : new Error(String(err))));
  }
}
