import {
  encodeOsdpFrame,
  type OsdpCheck,
  type OsdpFrame,
  type OsdpSequence,
  scanOsdpFrames,
} from '../osdp/osdp-frame.codec';
import type { OsdpPayload } from '../osdp/osdp-command.codec';
import type { ByteTransport } from './byte-transport';
import type { DoorLogger } from './door-logger';
import { DoorLinkFault } from './door-link.errors';

export type OsdpExchange =
  | { kind: 'reply'; frame: OsdpFrame }
  | { kind: 'timeout' }
  | { kind: 'transport'; fault: DoorLinkFault }
  | { kind: 'stopped' };

interface Pending {
  address: number;
  sequence: OsdpSequence;
  settle: (result: OsdpExchange) => void;
}

/**
 * The ACU's side of the half-duplex line: one command out, then one reply in or a timeout. Only
 * one exchange is in flight at a time (OSDP v2.2: the ACU waits for a reply before sending again).
 */
export class OsdpBus {
  private rx: Uint8Array = new Uint8Array(0);
  private pending: Pending | null = null;
  private readonly onData = (chunk: Uint8Array): void => this.receive(chunk);

  constructor(
    private readonly transport: ByteTransport,
    private readonly logger: DoorLogger,
    private readonly check: OsdpCheck,
  ) {
    transport.on('data', this.onData);
  }

  detach(): void {
    this.transport.off('data', this.onData);
    this.abort({ kind: 'stopped' });
  }

  /** Ends the exchange in flight, if any, with this result. */
  abort(result: OsdpExchange): void {
    const pending = this.pending;
    this.pending = null;
    pending?.settle(result);
  }

  async exchange(
    address: number,
    sequence: OsdpSequence,
    payload: OsdpPayload,
    timeoutMs: number,
  ): Promise<OsdpExchange> {
    if (this.pending) throw new Error('OsdpBus: overlapping exchange'); // a bug in the caller, not a line fault
    this.rx = new Uint8Array(0); // half duplex: whatever is buffered now answers nothing we will send
    const frame = encodeOsdpFrame({
      address,
      sequence,
      check: this.check,
      code: payload.code,
      data: payload.data,
    });
    const result = new Promise<OsdpExchange>((resolve) => {
      const timer = setTimeout(() => this.abort({ kind: 'timeout' }), timeoutMs);
      this.pending = { address, sequence, settle: (r) => (clearTimeout(timer), resolve(r)) };
    });
    try {
      await this.transport.write(frame);
    } catch (err) {
      const fault =
        err instanceof DoorLinkFault
          ? err
          : new DoorLinkFault('transport', 'write failed', { cause: err });
      this.abort({ kind: 'transport', fault });
    }
    return result;
  }

  private receive(chunk: Uint8Array): void {
    const joined = new Uint8Array(this.rx.length + chunk.length);
    joined.set(this.rx);
    joined.set(chunk, this.rx.length);
    const scan = scanOsdpFrames(joined);
    this.rx = scan.rest;
    for (const skipped of scan.skipped)
      this.logger.debug(skipped, 'osdp: skipped bytes on the line');
    for (const frame of scan.frames) this.accept(frame);
  }

  // OSDP v2.2: a reply carries the PD's address with bit 7 set and the command's sequence number.
  // Anything else (our own echo on a 2-wire line, a late reply to an earlier try) is ignored.
  private accept(frame: OsdpFrame): void {
    const p = this.pending;
    if (p && frame.reply && frame.address === p.address && frame.sequence === p.sequence) {
      this.pending = null;
      p.settle({ kind: 'reply', frame });
      return;
    }
    this.logger.debug(
      { address: frame.address, reply: frame.reply, code: frame.code, sequence: frame.sequence },
      'osdp: ignored message',
    );
  }
}
