import type { OsdpCommand } from '../osdp/osdp-command.codec';
import type { OsdpSequence } from '../osdp/osdp-frame.codec';
import type { OsdpCapability, OsdpPdId, OsdpReply } from '../osdp/osdp-reply.codec';
import type { DoorLinkFault } from './door-link.errors';

/** 'unknown' until the first discovery ends; then 'online' or 'offline'. */
export type OsdpPdLinkState = 'unknown' | 'online' | 'offline';

export interface QueuedCommand {
  command: OsdpCommand;
  resolve: (reply: OsdpReply) => void;
  reject: (fault: DoorLinkFault) => void;
  deadline: NodeJS.Timeout;
}

/** What the ACU learnt from the PD at discovery (osdp_ID, osdp_CAP). */
export interface OsdpPdInfo {
  id?: OsdpPdId;
  capabilities?: OsdpCapability[];
}

/** The ACU's view of one PD: link state, sequence number and its command queue. */
export class OsdpPdState {
  state: OsdpPdLinkState = 'unknown';
  sequence: OsdpSequence = 0;
  readonly queue: QueuedCommand[] = [];
  info: OsdpPdInfo = {};
  nextProbeAt = 0;

  constructor(readonly address: number) {}

  // OSDP v2.2: the ACU moves to the next sequence number only after a valid reply, and 0 is used
  // once, to reset the PD: 0, 1, 2, 3, 1, 2, 3...
  advanceSequence(): void {
    this.sequence = this.sequence === 3 ? 1 : ((this.sequence + 1) as OsdpSequence);
  }

  resetSequence(): void {
    this.sequence = 0;
  }

  /** Set when the PD answered with a sequence NAK (it restarted and lost our count). */
  private restartSeen = false;

  noteRestart(): void {
    this.restartSeen = true;
  }

  /** Whether the PD restarted since the last call: its outputs and display are back to power-on. */
  takeRestart(): boolean {
    const seen = this.restartSeen;
    this.restartSeen = false;
    return seen;
  }

  forget(): void {
    this.state = 'unknown';
    this.info = {};
    this.nextProbeAt = 0;
    this.resetSequence();
  }

  takeNext(): QueuedCommand | undefined {
    const next = this.queue.shift();
    if (next) clearTimeout(next.deadline);
    return next;
  }

  remove(entry: QueuedCommand): boolean {
    const i = this.queue.indexOf(entry);
    if (i < 0) return false;
    this.queue.splice(i, 1);
    clearTimeout(entry.deadline);
    return true;
  }

  rejectAll(fault: DoorLinkFault): void {
    for (let next = this.takeNext(); next; next = this.takeNext()) next.reject(fault);
  }
}
