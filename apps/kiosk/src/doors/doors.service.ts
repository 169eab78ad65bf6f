import { EventEmitter } from 'node:events';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type OnModuleInit,
} from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import {
  DoorSupervisor,
  OsdpAcu,
  SerialTransport,
  type DoorBoard,
  type DoorEvent,
  type DoorSupervisorState,
  type OsdpCardRead,
} from '@kiosk/door';
import type { DenyReason } from '../access/access-decision';
import type { AdminActor } from '../audit/admin-actor';
import type { AuditOutcome } from '../audit/audit-catalogue';
import type { AuditRecordInput } from '../audit/audit-event';
import { RepeatCoalescer } from '../audit/repeat-coalescer';
import { AuditService } from '../audit/audit.service';
import { AllowlistRevisionsRepository } from '../allowlist/allowlist-revisions.repository';
import { HELD_OPEN_MS, PULSE_MS, type DoorSettings } from '../config/doors.config';
import { UnitOfWork } from '../database/unit-of-work';
import { checkedName } from '../naming/checked-name';
import { DoorSettingsRepository, type DoorOverride } from './door-settings.repository';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { DoorNotFoundError, DoorOfflineError, DoorSettingError } from './doors.errors';
import { deniedText, idleText, welcomeText, type ClockNotice } from './door-messages';
import { ReaderDoorMap } from './reader-door-map';
import { SimulatedDoorBoard } from './simulated-door-board';

/** What the access rule needs of a door. */
export interface DoorRef {
  id: string;
  lockdown: boolean;
}

/** A door as an operator sees it, for health and the admin API. */
export interface DoorStatus {
  id: string;
  /** What people call it (default: its id). */
  name: string;
  address: number;
  relayOutput: number;
  pulseMs: number;
  heldOpenMs: number;
  online: boolean;
  /** normal: cards decide; lockdown: no card opens it. */
  mode: 'normal' | 'lockdown';
  lockdown: boolean;
  state: DoorSupervisorState | null;
}

/** What an administrator may change on a door; absent: unchanged; null: back to the configuration. */
export interface DoorChange {
  name?: string | null;
  pulseMs?: number | null;
  heldOpenMs?: number | null;
}

export type OutOfServiceReason =
  'card-service-lost' | 'card-service-not-answering' | 'audit-log-unwritable';

/** A door's repeat of one event this soon is counted, not recorded (docs/audit-events.md). */
const DOOR_REPEAT_WINDOW_MS = 2000;
/** Repeats for this long without a pause: the device is reported as flooding. */
const FLOOD_AFTER_MS = 60_000;

const splitKey = (key: string): [string, string] => {
  const [a = '', b = ''] = key.split('\u0000');
  return [a, b];
};

/** Seconds a denial stays on the LCD before the board shows its idle text again. */
const DENIAL_SECONDS = 3;

interface Door {
  /** As configured (wiring, readers, default times). */
  configured: DoorSettings;
  /** As in force: the configuration with the administrator's override applied. */
  settings: DoorSettings;
  override: DoorOverride;
  supervisor: DoorSupervisor;
}

const NO_OVERRIDE: DoorOverride = { name: null, pulseMs: null, heldOpenMs: null, lockdown: false };

/**
 * The doors of this terminal: one OSDP bus (the ACU), the boards on it, and each door wired to
 * a board (a relay, a contact, a REX input) with its own supervisor. Door events (forced, held
 * open, tamper, power, out of service) go to the audit log; cards read by an OSDP reader on a
 * board are passed on as 'card-read' for the tap path. Which door a reader opens is the
 * ReaderDoorMap's answer.
 */
@Injectable()
export class DoorsService
  extends EventEmitter<{ 'card-read': [OsdpCardRead] }>
  implements OnModuleInit, OnApplicationBootstrap, OnApplicationShutdown
{
  private acu: OsdpAcu | null = null;
  private readonly doors = new Map<string, Door>();
  private readonly readers: ReaderDoorMap;
  private simulator: SimulatedDoorBoard | null = null;
  /** The built-in simulator being started, from init until bootstrap takes it. */
  private simulatorStart: Promise<SimulatedDoorBoard> | null = null;
  /** Why the LCDs say "Out of service"; none: in service. */
  private readonly outOfService = new Set<OutOfServiceReason>();
  /** Whether the LCDs say the clock is not set (ClockWatch, through the tap path). */
  private clockNotice: ClockNotice = 'none';

  constructor(
    @Inject(kioskConfig.KEY) private readonly config: KioskConfigType,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    private readonly overrides: DoorSettingsRepository,
    private readonly revisions: AllowlistRevisionsRepository,
    @InjectPinoLogger(DoorsService.name) private readonly logger: PinoLogger,
  ) {
    super();
    this.readers = new ReaderDoorMap(config.doors);
  }

  /** The board addresses on the bus, each once, in configuration order. */
  private get addresses(): number[] {
    return [...new Set(this.config.doors.map((door) => door.address))];
  }

  /**
   * Without a serial port, the simulator (socat and its ptys: 40-80 ms) starts here and the bus
   * at bootstrap, as before: the wait runs beside ClockWatch's sync read instead of after it.
   */
  onModuleInit(): void {
    if (this.config.doorBus.serialPort !== null) return;
    this.simulatorStart = this.startSimulator();
    // Taken by onApplicationBootstrap or, after a failed start, onApplicationShutdown.
    this.simulatorStart.catch(() => undefined);
  }

  private startSimulator(): Promise<SimulatedDoorBoard> {
    return SimulatedDoorBoard.start({
      addresses: this.addresses,
      baudRate: this.config.doorBus.baudRate,
    });
  }

  async onApplicationBootstrap(): Promise<void> {
    const { doorBus } = this.config;
    let path = doorBus.serialPort;
    if (path === null) {
      const starting = this.simulatorStart ?? this.startSimulator();
      this.simulatorStart = null;
      this.simulator = await starting;
      path = this.simulator.acuPath;
      this.logger.warn(
        { path },
        'KIOSK_DOOR_PORT is not set: using the built-in door board simulator',
      );
    }
    const acu = new OsdpAcu(new SerialTransport({ path, baudRate: doorBus.baudRate }), {
      addresses: this.addresses,
      logger: this.logger,
    });
    this.acu = acu;
    acu.on('error', (err: Error) => this.logger.error({ err }, 'door bus error'));
    acu.on('pd-online', (address) => {
      this.logger.info({ address, id: acu.info(address)?.id }, 'door board online');
      this.showIdle(address);
    });
    // A board that restarted within the offline timeout stays online, but its LCD is blank.
    acu.on('pd-restarted', (address) => this.showIdle(address));
    acu.on('card-read', (read) => this.emit('card-read', read));
    const overrides = this.overrides.all();
    for (const settings of this.config.doors)
      this.superviseDoor(acu, settings, overrides.get(settings.id) ?? NO_OVERRIDE);
    await acu.start();
  }

  private superviseDoor(acu: OsdpAcu, configured: DoorSettings, override: DoorOverride): void {
    const settings = withOverride(configured, override);
    const supervisor = new DoorSupervisor(
      acu,
      {
        id: settings.id,
        address: settings.address,
        relayOutput: settings.relayOutput,
        contactInput: settings.contactInput,
        contactActiveMeansOpen: settings.contactActiveMeansOpen,
        rexInput: settings.rexInput ?? undefined,
        pulseMs: settings.pulseMs,
        heldOpenMs: settings.heldOpenMs,
      },
      { logger: this.logger },
    );
    supervisor.on('door-event', (event) => this.recordDoorEvent(event));
    supervisor.on('error', (err: Error) =>
      this.logger.error({ err, doorId: settings.id }, 'door supervisor error'),
    );
    supervisor.start();
    this.doors.set(settings.id, { configured, settings, override, supervisor });
  }

  async onApplicationShutdown(): Promise<void> {
    this.doorRepeats.flush();
    for (const door of this.doors.values()) door.supervisor.stop();
    await this.acu?.stop();
    const simulator = this.simulator ?? (await this.simulatorStart?.catch(() => null));
    await simulator?.stop();
  }

  /** The door a reader opens, or null when it opens none (ReaderDoorMap). */
  doorForReader(reader: string): DoorRef | null {
    const id = this.readers.doorFor(reader);
    const door = id === null ? undefined : this.doors.get(id);
    return door ? { id: door.settings.id, lockdown: door.override.lockdown } : null;
  }

  /** Every door, in configuration order. */
  list(): DoorStatus[] {
    return [...this.doors.values()].map(({ settings, supervisor, override }) => ({
      id: settings.id,
      name: override.name ?? settings.id,
      address: settings.address,
      relayOutput: settings.relayOutput,
      pulseMs: settings.pulseMs,
      heldOpenMs: settings.heldOpenMs,
      online: supervisor.state.online,
      mode: override.lockdown ? 'lockdown' : 'normal',
      lockdown: override.lockdown,
      state: supervisor.state,
    }));
  }

  isOnline(doorId: string): boolean {
    return this.doors.get(doorId)?.supervisor.state.online ?? false;
  }

  /** How long ago the door bus poll loop came round (ms); null before start or after stop. */
  pollLoopAgeMs(): number | null {
    return this.acu?.loopAgeMs() ?? null;
  }

  /** Stops and starts the door bus again (the watchdog's cure for a stuck poll loop). */
  async restartBus(): Promise<void> {
    if (!this.acu) return;
    await this.acu.stop();
    await this.acu.start();
  }

  /** True when no serial port is configured and the built-in simulator plays the boards. */
  isSimulated(): boolean {
    return this.simulator !== null;
  }

  /**
   * Locks a door down (no card opens it) or lifts it, from the very next tap; kept in the
   * database, so a restart keeps it. An admin action, recorded with it.
   */
  async setLockdown(doorId: string, lockdown: boolean, actor: AdminActor): Promise<void> {
    const door = this.door(doorId);
    await this.saveOverride(
      door,
      { ...door.override, lockdown },
      actor,
      lockdown ? 'door-lockdown' : 'door-lockdown-lifted',
    );
  }

  /**
   * Renames a door or changes its pulse and held-open times (null: back to the configuration);
   * kept in the database, in force from the next grant.
   */
  async configure(doorId: string, change: DoorChange, actor: AdminActor): Promise<DoorStatus> {
    const door = this.door(doorId);
    const next: DoorOverride = {
      ...door.override,
      ...(change.name === undefined
        ? {}
        : { name: change.name === null ? null : checkedName(change.name, 'door name') }),
      ...(change.pulseMs === undefined
        ? {}
        : { pulseMs: checkedMs('pulseMs', change.pulseMs, PULSE_MS) }),
      ...(change.heldOpenMs === undefined
        ? {}
        : { heldOpenMs: checkedMs('heldOpenMs', change.heldOpenMs, HELD_OPEN_MS) }),
    };
    await this.saveOverride(door, next, actor, 'door-settings-changed');
    return this.list().find((d) => d.id === doorId)!;
  }

  /** Writes the door's override with its revision and audit record, then puts it in force. */
  private async saveOverride(
    door: Door,
    next: DoorOverride,
    actor: AdminActor,
    outcome: AuditOutcome<'admin-action'>,
  ): Promise<void> {
    const doorId = door.configured.id;
    await this.unitOfWork.write((tx) => {
      const at = new Date();
      this.overrides.saveIn(tx, doorId, next, at);
      this.revisions.appendIn(tx, { entity: 'door', entityId: doorId, action: outcome, at });
      this.audit.recordIn(tx, {
        type: 'admin-action',
        at,
        doorId,
        outcome,
        detail: { actor, before: door.override, after: next },
      });
    });
    door.override = next;
    door.settings = withOverride(door.configured, next);
    door.supervisor.retime(door.settings);
  }

  /**
   * A momentary unlock by a person (a visitor at the door): done now or refused now. An offline
   * door is refused at once, and a command the board does not take in time is dropped by the ACU
   * (its queue deadline), so an unlock never happens later. The record comes first, as for a tap.
   */
  async unlock(doorId: string, actor: AdminActor): Promise<void> {
    const door = this.door(doorId);
    if (!door.supervisor.state.online) throw new DoorOfflineError(doorId);
    await this.audit.record({
      type: 'admin-action',
      doorId,
      outcome: 'door-unlocked',
      detail: { actor },
    });
    try {
      await door.supervisor.grant();
    } catch (err) {
      await this.audit.record({
        type: 'door-command-failed',
        doorId,
        reason: (err as { code?: string }).code ?? 'door-error',
        detail: { actor },
      });
      throw new DoorOfflineError(doorId, { cause: err });
    }
  }

  /**
   * Unlocks (osdp_OUT temporary on; the board re-locks by itself). Resolves when the board has
   * taken the pulse, and rejects only if it has not: the welcome, beep and LED are courtesy,
   * sent after, so a board without a display never makes an opened door look unopened.
   */
  async open(doorId: string, displayName: string): Promise<void> {
    const door = this.door(doorId);
    const seconds = Math.max(DENIAL_SECONDS, Math.ceil(door.settings.pulseMs / 1000));
    await door.supervisor.grant();
    this.feedback(door.settings.address, (board) =>
      Promise.all([
        board.showText(welcomeText(displayName), { temporarySeconds: seconds }),
        board.beep('short'),
        board.led('green', { seconds }),
      ]),
    );
  }

  async refuse(doorId: string, reason: DenyReason): Promise<void> {
    const { address } = this.door(doorId).settings;
    await this.board(address).showText(deniedText(reason), { temporarySeconds: DENIAL_SECONDS });
    this.feedback(address, (board) =>
      Promise.all([board.beep('denied'), board.led('red', { seconds: DENIAL_SECONDS })]),
    );
  }

  /** A message on the door's LCD for a few seconds (enrolment feedback and the like). */
  async showMessage(doorId: string, lines: readonly [string, string]): Promise<void> {
    const { address } = this.door(doorId).settings;
    await this.board(address).showText(lines, { temporarySeconds: DENIAL_SECONDS });
  }

  /** Text after a grant, buzzer and LED are courtesy: a failure is logged, never fails a decision. */
  private feedback(address: number, send: (board: DoorBoard) => Promise<unknown>): void {
    send(this.board(address)).catch((err: unknown) =>
      this.logger.warn({ err, address }, 'door board feedback failed'),
    );
  }

  /**
   * The LCDs' resting text: "Present card", or "Out of service" while cards cannot be read (the
   * card middleware is gone) or no tap can be recorded (the audit log cannot be written), so
   * nobody stands tapping at a door that cannot answer. In service again when no reason is left.
   */
  setOutOfService(reason: OutOfServiceReason, out: boolean): void {
    if (out) this.outOfService.add(reason);
    else this.outOfService.delete(reason);
    for (const address of this.addresses) if (this.acu?.isOnline(address)) this.showIdle(address);
  }

  /**
   * While the clock cannot be trusted and its policy denies someone, the resting text says
   * "Clock not set", so that a holder the policy denies knows why before tapping.
   */
  setClockNotice(notice: ClockNotice): void {
    this.clockNotice = notice;
    for (const address of this.addresses) if (this.acu?.isOnline(address)) this.showIdle(address);
  }

  private showIdle(address: number): void {
    this.board(address)
      .showText(idleText(this.outOfService.size > 0, this.clockNotice))
      .catch((err: unknown) => this.logger.warn({ err, address }, 'could not write the idle text'));
  }

  /**
   * A contact that flips on every poll would write dozens of records a second: each door's
   * repeats of one event within 2 s are counted and recorded once with the count (RepeatCoalescer).
   */
  private readonly doorRepeats = new RepeatCoalescer({
    windowMs: DOOR_REPEAT_WINDOW_MS,
    floodAfterMs: FLOOD_AFTER_MS,
    onRepeats: ({ key, count, firstAt, lastAt }) => {
      const [doorId, type] = splitKey(key);
      this.recordQuietly({
        type: 'door-event',
        doorId,
        outcome: type as DoorEvent['type'],
        reason: 'repeated',
        detail: { count, firstAt: firstAt.toISOString(), lastAt: lastAt.toISOString() },
      });
    },
    onFlooding: (key, flooding) => {
      const [doorId, type] = splitKey(key);
      this.logger.warn({ doorId, event: type, flooding }, 'door events flooding');
      this.recordQuietly({
        type: 'device-event',
        doorId,
        outcome: flooding ? 'flooding' : 'flooding-ended',
        detail: { device: `door ${doorId}`, event: type },
      });
    },
  });

  private recordQuietly(input: AuditRecordInput): void {
    this.audit
      .record(input)
      .catch((err: unknown) => this.logger.error({ err, input }, 'door record failed'));
  }

  private recordDoorEvent(event: DoorEvent): void {
    if (!this.doorRepeats.offer(`${event.doorId}\u0000${event.type}`, event.at)) {
      this.logger.debug(
        { doorId: event.doorId, event: event.type },
        'door event repeated: counted',
      );
      return;
    }
    const alarm = [
      'forced-open',
      'held-open',
      'tamper',
      'power-failure',
      'out-of-service',
    ].includes(event.type);
    this.logger[alarm ? 'warn' : 'info'](
      { doorId: event.doorId, detail: event.detail },
      `door ${event.type}`,
    );
    // Queued in order behind the writes before it; waits out another process's lock (UnitOfWork).
    this.audit
      .record({
        type: 'door-event',
        at: event.at,
        doorId: event.doorId,
        outcome: event.type,
        reason: event.detail ?? null,
      })
      .catch((err: unknown) =>
        this.logger.error({ err, event }, 'door event could not be recorded'),
      );
  }

  private door(doorId: string): Door {
    const door = this.doors.get(doorId);
    if (!door) throw new DoorNotFoundError(doorId);
    return door;
  }

  private board(address: number): DoorBoard {
    if (!this.acu) throw new Error('The door bus is not started');
    return this.acu.board(address);
  }
}

function withOverride(configured: DoorSettings, o: DoorOverride): DoorSettings {
  return {
    ...configured,
    pulseMs: o.pulseMs ?? configured.pulseMs,
    heldOpenMs: o.heldOpenMs ?? configured.heldOpenMs,
  };
}

/** A time within the same bounds as the configuration's (null: back to the configuration). */
function checkedMs(
  field: string,
  ms: number | null,
  bounds: { min: number; max: number },
): number | null {
  if (ms !== null && (!Number.isInteger(ms) || ms < bounds.min || ms > bounds.max))
    throw new DoorSettingError(
      `${field}: a whole number of milliseconds from ${bounds.min} to ${bounds.max}`,
    );
  return ms;
}
