import { EventEmitter } from 'node:events';
import type { OsdpReply } from '../osdp/osdp-reply.codec';
import { DoorLinkFault, type DoorLinkFaultCode } from '../link/door-link.errors';
import { type DoorLogger, silentDoorLogger } from '../link/door-logger';
import type { OsdpAcu } from '../link/osdp-acu';
import type { OsdpPdOfflineReason } from '../link/osdp-acu.options';
import type { DoorBoard } from '../link/door-board';
import {
  type DoorCondition,
  type DoorEventType,
  type DoorInput,
  type DoorState,
  INITIAL_DOOR_STATE,
  doorCondition,
  doorTransition,
} from './door-state';

/** One door: which PD drives it, and on which output and inputs. */
export interface DoorConfig {
  id: string;
  /** The PD's OSDP address. */
  address: number;
  /** The output wired to the strike or maglock relay. */
  relayOutput: number;
  /** The input wired to the door contact. */
  contactInput: number;
  /** True (default) when an active contact input means the door is open. */
  contactActiveMeansOpen?: boolean;
  /** The input wired to the request-to-exit button, if any. */
  rexInput?: number;
  /** How long a grant unlocks the door (osdp_OUT temporary on). */
  pulseMs: number;
  /** How long the door may stay open after a grant or REX before it is held open. */
  heldOpenMs: number;
}

/** Time, injectable so tests can drive the held-open timer without waiting. */
export interface DoorClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemDoorClock: DoorClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface DoorSupervisorOptions {
  /** Added to the pulse time for the grant window: the person may push the door a little late. */
  graceMs?: number;
  /** How long after a REX press the door may open without alarm. Default: pulse time + grace. */
  rexWindowMs?: number;
  clock?: DoorClock;
  logger?: DoorLogger;
}

interface DoorEventDetail {
  'out-of-service': OsdpPdOfflineReason;
}
/** A door event; `detail` is set for 'out-of-service' (why the PD went offline). */
export type DoorEvent = {
  [T in DoorEventType]: {
    type: T;
    doorId: string;
    at: Date;
    detail?: T extends keyof DoorEventDetail ? DoorEventDetail[T] : never;
  };
}[DoorEventType];

export interface DoorSupervisorEvents {
  'door-event': [event: DoorEvent];
  error: [err: Error];
}

/** The door as an operator sees it. null: not reported yet. */
export interface DoorSupervisorState {
  door: DoorCondition;
  online: boolean;
  tamper: boolean | null;
  powerFailure: boolean | null;
}

const DEFAULT_GRACE_MS = 1000;
// Faults after which the PD certainly did not act on osdp_OUT; after the others ('timeout',
// 'transport', 'bad-reply') the relay may have been pulsed, so the grant window stays open.
const NOT_SENT: ReadonlySet<DoorLinkFaultCode> = new Set([
  'offline',
  'expired',
  'stopped',
  'nak',
  'busy',
  'unsupported',
]);

/**
 * One door on an OsdpAcu: follows the PD's door contact and REX inputs (osdp_ISTATR 0x49) and its
 * tamper and power (osdp_LSTATR 0x48), grants access, and raises door events: opened, closed,
 * forced-open, held-open, tamper, power, out of service, each with its clearing event.
 */
export class DoorSupervisor extends EventEmitter<DoorSupervisorEvents> {
  private s: DoorState = INITIAL_DOOR_STATE;
  private rex: boolean | null = null;
  private timer: unknown = null;
  private started = false;
  private readonly clock: DoorClock;
  private readonly logger: DoorLogger;
  private readonly board: DoorBoard;
  private readonly onOnline = (address: number): void => this.pdOnline(address);
  private readonly onOffline = (address: number, reason: OsdpPdOfflineReason): void =>
    this.pdOffline(address, reason);
  private readonly onReply = (address: number, reply: OsdpReply): void =>
    this.pdReply(address, reply);

  constructor(
    private readonly acu: OsdpAcu,
    private config: DoorConfig,
    private readonly options: DoorSupervisorOptions = {},
  ) {
    super();
    this.clock = options.clock ?? systemDoorClock;
    this.logger = options.logger ?? silentDoorLogger;
    this.board = acu.board(config.address);
  }

  /** The door's wiring and times, as now in force. */
  get door(): DoorConfig {
    return this.config;
  }

  /**
   * New pulse and held-open times (an administrator's change): the next grant pulses for the new
   * time, and the next held-open timer runs for the new limit; one already running keeps its own.
   */
  retime(timing: Pick<DoorConfig, 'pulseMs' | 'heldOpenMs'>): void {
    this.config = { ...this.config, pulseMs: timing.pulseMs, heldOpenMs: timing.heldOpenMs };
  }

  get state(): DoorSupervisorState {
    const s = this.s;
    return {
      door: doorCondition(s),
      online: s.online === true,
      tamper: s.tamper,
      powerFailure: s.powerFailure,
    };
  }

  /** Follows the ACU's events; reads the door's status now if its PD is already online. */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.acu.on('pd-online', this.onOnline);
    this.acu.on('pd-offline', this.onOffline);
    this.acu.on('pd-reply', this.onReply);
    if (this.acu.isOnline(this.door.address)) this.pdOnline(this.door.address);
  }

  stop(): void {
    this.started = false;
    this.acu.off('pd-online', this.onOnline);
    this.acu.off('pd-offline', this.onOffline);
    this.acu.off('pd-reply', this.onReply);
    this.setTimer(null);
  }

  /**
   * Unlocks the door for its pulse time (osdp_OUT temporary on: the PD re-locks by itself) and
   * opens the grant window, in which an opening is a passage, not a forced door. Rejects with
   * DoorLinkFault('offline') and opens no window when the PD is offline.
   */
  async grant(): Promise<void> {
    const { id, address, relayOutput, pulseMs } = this.door;
    if (!this.started)
      throw new DoorLinkFault('stopped', `door ${id} is not supervised`, { address });
    if (!this.acu.isOnline(address))
      throw new DoorLinkFault('offline', `door ${id}: PD ${address} is offline`, { address });
    this.apply({ type: 'allow-open', forMs: pulseMs + this.graceMs, at: this.clock.now() });
    try {
      await this.board.pulseRelay(relayOutput, pulseMs);
    } catch (err) {
      if (err instanceof DoorLinkFault && NOT_SENT.has(err.code))
        this.apply({ type: 'cancel-allow', at: this.clock.now() });
      throw err;
    }
  }

  private get graceMs(): number {
    return this.options.graceMs ?? DEFAULT_GRACE_MS;
  }

  private pdOnline(address: number): void {
    if (address !== this.door.address) return;
    this.apply({ type: 'link', online: true, at: this.clock.now() });
    void this.refresh();
  }

  private pdOffline(address: number, reason: OsdpPdOfflineReason): void {
    if (address !== this.door.address) return;
    this.rex = null;
    this.apply({ type: 'link', online: false, at: this.clock.now() }, reason);
  }

  private pdReply(address: number, reply: OsdpReply): void {
    if (address !== this.door.address) return;
    if (reply.kind === 'istatr') this.inputs(reply.inputs);
    if (reply.kind === 'lstatr') this.localStatus(reply);
  }

  // On coming online, the door may have changed while nobody could see it: read everything again.
  private async refresh(): Promise<void> {
    try {
      const inputs = await this.board.inputs(); // osdp_ISTAT (0x65) → osdp_ISTATR (0x49)
      if (this.started) this.inputs(inputs);
      const local = await this.board.localStatus(); // osdp_LSTAT (0x64) → osdp_LSTATR (0x48)
      if (this.started) this.localStatus(local);
    } catch (err) {
      this.fault(err);
    }
  }

  private inputs(inputs: readonly boolean[]): void {
    const { contactInput, rexInput, contactActiveMeansOpen = true } = this.door;
    const at = this.clock.now();
    const rex = rexInput === undefined ? undefined : inputs[rexInput];
    if (rex === true && this.rex !== true) {
      const forMs = this.options.rexWindowMs ?? this.door.pulseMs + this.graceMs;
      this.raise('request-to-exit', at);
      this.apply({ type: 'allow-open', forMs, at }); // a REX press before the door opens
    }
    if (rex !== undefined) this.rex = rex;
    const contact = inputs[contactInput];
    if (contact === undefined) {
      this.logger.warn({ door: this.door.id, contactInput }, 'door: the PD has no such input');
      return;
    }
    this.apply({ type: 'contact', open: contact === contactActiveMeansOpen, at });
  }

  private localStatus(status: { tamper: boolean; powerFailure: boolean }): void {
    this.apply({ type: 'local-status', ...status, at: this.clock.now() });
  }

  private apply(input: DoorInput, offlineReason?: OsdpPdOfflineReason): void {
    const { state, events } = doorTransition(this.s, input, { heldOpenMs: this.door.heldOpenMs });
    this.s = state;
    this.setTimer(state.heldDeadline);
    for (const type of events) this.raise(type, input.at, offlineReason);
  }

  private setTimer(deadline: number | null): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    if (deadline === null || !this.started) return;
    const ms = Math.max(0, deadline - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.apply({ type: 'tick', at: this.clock.now() });
    }, ms);
  }

  private raise(type: DoorEventType, at: number, offlineReason?: OsdpPdOfflineReason): void {
    const event = { type, doorId: this.door.id, at: new Date(at) } as DoorEvent;
    if (type === 'out-of-service' && offlineReason) event.detail = offlineReason;
    this.logger.info({ door: this.door.id, event: type, detail: event.detail }, 'door event');
    try {
      this.emit('door-event', event);
    } catch (err) {
      this.fault(err); // a throwing listener must not break the ACU's event delivery
    }
  }

  private fault(err: unknown): void {
    const error = err instanceof Error ? err : new Error(String(err));
    this.logger.warn({ err: error, door: this.door.id }, 'door: status not read');
    if (this.listenerCount('error') > 0) this.emit('error', error);
  }
}
