import {
  encodeOsdpFrame,
  type OsdpCheck,
  type OsdpFrame,
  type OsdpSequence,
  scanOsdpFrames,
} from '../osdp/osdp-frame.codec';
import type { OsdpPayload } from '../osdp/osdp-command.codec';
import { NO_BYTES } from '../osdp/osdp-bytes';
import { nakCodeOf, OSDP_NAK } from '../osdp/osdp-codes';
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
  private rx: Uint8Array = NO_BYTES;
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
    this.rx = NO_BYTES; // half duplex: whatever is buffered now answers nothing we will send
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
    // A reply mostly arrives whole on an empty buffer: scanned where it lies (the scan copies what
    // it keeps, frames and rest), no joined copy a poll.
    const joined = this.rx.length === 0 ? chunk : concatBytes(this.rx, chunk);
    const scan = scanOsdpFrames(joined);
    this.rx = scan.rest;
    for (const skipped of scan.skipped)
      this.logger.debug(skipped, 'osdp: skipped bytes on the line');
    for (const frame of scan.frames) this.accept(frame);
  }

  // OSDP v2.2: a reply carries the PD's address with bit 7 set and the command's sequence number.
  // Anything else (our own echo on a 2-wire line, a late reply to an earlier try) is ignored, but
  // for osdp_NAK 'sequence-number' from the addressed PD, whatever its number: see isSequenceNak.
  private accept(frame: OsdpFrame): void {
    const p = this.pending;
    const fromPd = p && frame.reply && frame.address === p.address;
    if (fromPd && (frame.sequence === p.sequence || isSequenceNak(frame))) {
      if (frame.sequence !== p.sequence)
        this.logger.debug(
          { address: frame.address, sent: p.sequence, got: frame.sequence },
          'osdp: sequence NAK numbered by the PD itself',
        );
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

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}

// osdp_NAK (0x41) error code 0x04, "unexpected sequence number": a PD that restarted has no count
// to echo, and libosdp's PD numbers every reply from its own count (osdp_phy.c,
// osdp_phy_packet_init: control = phy_get_next_seq_number(pd)), which is 0 after a restart. Such
// a NAK asks for a restart at 0. Ignored, it costs retries: libosdp's PD counts on with each NAK
// (0, 1, 2), so a retry of SQN 1 or 2 happens to match, but SQN 3 runs out of tries and the PD
// goes offline until the next probe. libosdp's CP goes further: osdp_phy_check_packet turns any
// reply with an unexpected number into NAK(SEQ_NUM), and cp_process_reply restarts at 0 and
// learns the PD again from osdp_ID (state INIT). Here other misnumbered replies stay ignored: a
// late reply to an earlier try is one too, and the PD that sent it is fine.
function isSequenceNak(frame: OsdpFrame): boolean {
  return frame.code === OSDP_NAK && frame.data[0] === nakCodeOf('sequence-number');
}
