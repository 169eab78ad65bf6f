import { EventEmitter } from 'node:events';
import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
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
import { AuditService } from '../audit/audit.service';
import type { DoorSettings } from '../config/doors.config';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { DoorNotFoundError, DoorOfflineError } from './doors.errors';
import { IDLE_TEXT, OUT_OF_SERVICE_TEXT, deniedText, welcomeText } from './door-messages';
import { ReaderDoorMap } from './reader-door-map';
import { SimulatedDoorBoard } from './simulated-door-board';

/** What the access rule needs of a door. */
export interface DoorRef {
  id: string;
  lockdown: boolean;
}

/** A door as an operator sees it, for health and (later) the admin API. */
export interface DoorStatus {
  id: string;
  address: number;
  relayOutput: number;
  online: boolean;
  lockdown: boolean;
  state: DoorSupervisorState | null;
}

/** Seconds a denial stays on the LCD before the board shows its idle text again. */
const DENIAL_SECONDS = 3;

interface Door {
  settings: DoorSettings;
  supervisor: DoorSupervisor;
  lockdown: boolean;
}

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
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private acu: OsdpAcu | null = null;
  private readonly doors = new Map<string, Door>();
  private readonly readers: ReaderDoorMap;
  private simulator: SimulatedDoorBoard | null = null;
  private inService = true;

  constructor(
    @Inject(kioskConfig.KEY) private readonly config: KioskConfigType,
    private readonly audit: AuditService,
    @InjectPinoLogger(DoorsService.name) private readonly logger: PinoLogger,
  ) {
    super();
    this.readers = new ReaderDoorMap(config.doors);
  }

  /** The board addresses on the bus, each once, in configuration order. */
  private get addresses(): number[] {
    return [...new Set(this.config.doors.map((door) => door.address))];
  }

  async onApplicationBootstrap(): Promise<void> {
    const { doorBus } = this.config;
    let path = doorBus.serialPort;
    if (path === null) {
      this.simulator = await SimulatedDoorBoard.start({
        addresses: this.addresses,
        baudRate: doorBus.baudRate,
      });
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
    for (const settings of this.config.doors) this.superviseDoor(acu, settings);
    await acu.start();
  }

  private superviseDoor(acu: OsdpAcu, settings: DoorSettings): void {
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
    this.doors.set(settings.id, { settings, supervisor, lockdown: false });
  }

  async onApplicationShutdown(): Promise<void> {
    for (const door of this.doors.values()) door.supervisor.stop();
    await this.acu?.stop();
    await this.simulator?.stop();
  }

  /** The door a reader opens, or null when it opens none (ReaderDoorMap). */
  doorForReader(reader: string): DoorRef | null {
    const id = this.readers.doorFor(reader);
    const door = id === null ? undefined : this.doors.get(id);
    return door ? { id: door.settings.id, lockdown: door.lockdown } : null;
  }

  /** Every door, in configuration order. */
  list(): DoorStatus[] {
    return [...this.doors.values()].map(({ settings, supervisor, lockdown }) => ({
      id: settings.id,
      address: settings.address,
      relayOutput: settings.relayOutput,
      online: supervisor.state.online,
      lockdown,
      state: supervisor.state,
    }));
  }

  isOnline(doorId: string): boolean {
    return this.doors.get(doorId)?.supervisor.state.online ?? false;
  }

  /** True when no serial port is configured and the built-in simulator plays the boards. */
  isSimulated(): boolean {
    return this.simulator !== null;
  }

  /**
   * Locks a door down (no card opens it) or lifts it; recorded as an admin action. Held in
   * memory: a restart lifts it (keeping it in the database comes with the door settings).
   */
  async setLockdown(doorId: string, lockdown: boolean, actor: AdminActor): Promise<void> {
    const door = this.door(doorId);
    door.lockdown = lockdown;
    await this.audit.record({
      type: 'admin-action',
      doorId,
      outcome: lockdown ? 'door-lockdown' : 'door-lockdown-lifted',
      detail: { actor },
    });
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
   * The LCDs' resting text: "Present card", or "Out of service" while cards cannot be read
   * (the card middleware is gone), so nobody stands tapping at a door that cannot answer.
   */
  setInService(inService: boolean): void {
    this.inService = inService;
    for (const address of this.addresses) if (this.acu?.isOnline(address)) this.showIdle(address);
  }

  private showIdle(address: number): void {
    this.board(address)
      .showText(this.inService ? IDLE_TEXT : OUT_OF_SERVICE_TEXT)
      .catch((err: unknown) => this.logger.warn({ err, address }, 'could not write the idle text'));
  }

  private recordDoorEvent(event: DoorEvent): void {
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
