import type { OsdpCheck } from '../osdp/osdp-frame.codec';
import type { OsdpReply } from '../osdp/osdp-reply.codec';
import type { DoorLinkFault } from './door-link.errors';
import type { DoorLogger } from './door-logger';
import type { OsdpPdInfo } from './osdp-pd-state';
import type { OsdpCardRead, OsdpKeypadEntry } from './osdp-reader-events';

export interface OsdpAcuOptions {
  /** PD addresses on this line, 0x00-0x7E. */
  addresses: number[];
  /** How long to wait for each reply. OSDP v2.2 sets the PD's reply delay limit at 200 ms. */
  replyTimeoutMs?: number;
  /** Extra tries after a missed reply before the command fails and the PD goes offline. */
  retries?: number;
  /**
   * Time from the start of one poll cycle to the start of the next when no command is queued (a
   * queued command wakes the loop at once): the longest a PD's news waits for its poll.
   */
  pollIntervalMs?: number;
  /** How often an offline PD is asked again (osdp_ID with sequence number 0). */
  offlineProbeMs?: number;
  /** Longest a command may wait in the queue; past it the command fails as 'expired', unsent. */
  commandDeadlineMs?: number;
  busyRetries?: number;
  /** Check characters the ACU sends: 'crc' (default) or 'checksum'. */
  check?: OsdpCheck;
  reopenBackoffMs?: { min: number; max: number };
  logger?: DoorLogger;
}

export type OsdpPdOfflineReason = 'no-reply' | 'transport-lost';

export interface OsdpAcuEvents {
  'pd-online': [address: number, info: OsdpPdInfo];
  'pd-offline': [address: number, reason: OsdpPdOfflineReason];
  /**
   * A PD answered with a sequence NAK: it restarted faster than the offline timeout, and stays
   * online (OSDP v2.2 sequence rules), but its outputs and display are back to their power-on
   * state: whoever drew on them draws again.
   */
  'pd-restarted': [address: number];
  /** A PD answered osdp_POLL with news: osdp_ISTATR, osdp_LSTATR, osdp_RAW, osdp_KEYPAD... */
  'pd-reply': [address: number, reply: OsdpReply];
  /** A card read reported by a PD's reader (osdp_RAW or osdp_FMT in reply to osdp_POLL). */
  'card-read': [read: OsdpCardRead];
  /** Keys pressed on a PD's keypad (osdp_KEYPAD in reply to osdp_POLL). */
  keypad: [entry: OsdpKeypadEntry];
  'transport-lost': [fault: DoorLinkFault];
  'transport-restored': [];
  error: [err: Error];
}

export type OsdpAcuSettings = Required<Omit<OsdpAcuOptions, 'addresses' | 'logger'>>;

export const OSDP_ACU_DEFAULTS: OsdpAcuSettings = {
  replyTimeoutMs: 200,
  retries: 2,
  pollIntervalMs: 50,
  offlineProbeMs: 1000,
  commandDeadlineMs: 1000,
  busyRetries: 5,
  check: 'crc',
  reopenBackoffMs: { min: 250, max: 5000 },
};

/** The defaults, overridden by every option that is set. */
export function osdpAcuSettings(
  options: Omit<OsdpAcuOptions, 'addresses' | 'logger'>,
): OsdpAcuSettings {
  return { ...OSDP_ACU_DEFAULTS, ...withoutUndefined(options) };
}

function withoutUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
