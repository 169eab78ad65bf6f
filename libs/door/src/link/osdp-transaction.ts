import type { OsdpPayload } from '../osdp/osdp-command.codec';
import { decodeOsdpReply, type OsdpReply, type OsdpReplyProblem } from '../osdp/osdp-reply.codec';
import { DoorLinkFault, type DoorLinkFaultCode } from './door-link.errors';
import type { OsdpBus } from './osdp-bus';
import type { OsdpPdState } from './osdp-pd-state';

export interface OsdpTransactionOptions {
  replyTimeoutMs: number;
  /** Extra tries after a missed reply (same sequence number, so the PD acts at most once). */
  retries: number;
  /** Extra tries after osdp_BUSY, each after busyDelayMs. */
  busyRetries: number;
  busyDelayMs: number;
  /** False once the ACU is stopping: no further tries. */
  active: () => boolean;
}

export type OsdpTransaction =
  | { kind: 'reply'; reply: OsdpReply }
  | { kind: 'no-reply' }
  | { kind: 'busy' }
  | { kind: 'bad-reply'; problem: OsdpReplyProblem; code: number }
  | { kind: 'transport'; fault: DoorLinkFault }
  | { kind: 'stopped' };

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One command to one PD until it has an outcome. OSDP v2.2 rules applied here:
 * - a missed reply is retried with the same sequence number; the PD answers a repeated number
 *   with its last reply unchanged, so a retried osdp_OUT never pulses the relay twice;
 * - osdp_BUSY: the PD did not process the command; send it again, same sequence number;
 * - osdp_NAK 'check-character': the PD got a corrupted copy; send it again like a missed reply;
 * - osdp_NAK 'sequence-number': the PD lost our count (it restarted); reset to 0 and send again,
 *   once. OsdpBus passes this NAK on even when the PD numbered it itself (libosdp's PD does).
 */
export async function runOsdpTransaction(
  bus: OsdpBus,
  pd: OsdpPdState,
  payload: OsdpPayload,
  opts: OsdpTransactionOptions,
): Promise<OsdpTransaction> {
  let misses = 0;
  let busies = 0;
  let resets = 0;
  for (;;) {
    if (!opts.active()) return { kind: 'stopped' };
    const exchange = await bus.exchange(pd.address, pd.sequence, payload, opts.replyTimeoutMs);
    if (exchange.kind === 'timeout') {
      if (++misses > opts.retries) return { kind: 'no-reply' };
      continue;
    }
    if (exchange.kind !== 'reply') return exchange;
    const decoded = decodeOsdpReply(exchange.frame.code, exchange.frame.data);
    if (!decoded.ok) {
      pd.advanceSequence();
      return { kind: 'bad-reply', problem: decoded.problem, code: exchange.frame.code };
    }
    const reply = decoded.value;
    if (reply.kind === 'busy') {
      if (++busies > opts.busyRetries) return { kind: 'busy' };
      await sleep(opts.busyDelayMs);
      continue;
    }
    if (reply.kind === 'nak' && reply.reason === 'check-character' && ++misses <= opts.retries)
      continue;
    if (
      reply.kind === 'nak' &&
      reply.reason === 'sequence-number' &&
      pd.sequence !== 0 &&
      resets++ === 0
    ) {
      pd.resetSequence();
      pd.noteRestart();
      continue;
    }
    pd.advanceSequence();
    return { kind: 'reply', reply };
  }
}

/** The DoorLinkFault for a command whose transaction ended without a usable reply. */
export function faultOfTransaction(
  address: number,
  command: string,
  outcome: OsdpTransaction,
  retries: number,
): DoorLinkFault {
  const what = `${command} to PD ${address}`;
  const fault = (code: DoorLinkFaultCode, detail: string): DoorLinkFault =>
    new DoorLinkFault(code, `${what}: ${detail}`, { address });
  switch (outcome.kind) {
    case 'reply':
      if (outcome.reply.kind !== 'nak')
        return fault('bad-reply', `unexpected ${outcome.reply.kind}`);
      return new DoorLinkFault('nak', `${what}: refused (${outcome.reply.reason})`, {
        address,
        nakReason: outcome.reply.reason,
      });
    case 'no-reply':
      return fault('timeout', `no reply after ${retries + 1} tries`);
    case 'busy':
      return fault('busy', 'the PD stayed busy');
    case 'bad-reply':
      return fault(
        'bad-reply',
        `undecodable reply 0x${outcome.code.toString(16)} (${outcome.problem})`,
      );
    case 'transport':
      return new DoorLinkFault('transport', `${what}: ${outcome.fault.message}`, {
        address,
        cause: outcome.fault,
      });
    case 'stopped':
      return fault('stopped', 'the door link stopped');
  }
}
