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
import { AuditService } from '../audit/audit.service';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { IDLE_TEXT, OUT_OF_SERVICE_TEXT, deniedText, welcomeText } from './door-messages';
import { SimulatedDoorBoard } from './simulated-door-board';

export interface DoorRef {
  id: string;
  lockdown: boolean;
}

/** Seconds a denial stays on the LCD before the board shows its idle text again. */
const DENIAL_SECONDS = 3;

/**
 * The doors of this terminal (one for now) and their board on the OSDP bus. Door events (forced,
 * held open, tamper, power, out of service) go to the audit log; cards read by an OSDP reader
 * on the board are passed on as 'card-read' for the tap path.
 */
@Injectable()
export class DoorsService
  extends EventEmitter<{ 'card-read': [OsdpCardRead] }>
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private acu: OsdpAcu | null = null;
  private door: DoorSupervisor | null = null;
  private simulator: SimulatedDoorBoard | null = null;
  private inService = true;

  constructor(
    @Inject(kioskConfig.KEY) private readonly config: KioskConfigType,
    private readonly audit: AuditService,
    @InjectPinoLogger(DoorsService.name) private readonly logger: PinoLogger,
  ) {
    super();
  }

  async onApplicationBootstrap(): Promise<void> {
    const { door } = this.config;
    let path = door.serialPort;
    if (path === null) {
      this.simulator = await SimulatedDoorBoard.start({
        address: door.address,
        baudRate: door.baudRate,
      });
      path = this.simulator.acuPath;
      this.logger.warn(
        { path },
        'KIOSK_DOOR_PORT is not set: using the built-in door board simulator',
      );
    }
    const acu = new OsdpAcu(new SerialTransport({ path, baudRate: door.baudRate }), {
      addresses: [door.address],
      logger: this.logger,
    });
    this.acu = acu;
    acu.on('error', (err: Error) => this.logger.error({ err }, 'door bus error'));
    acu.on('pd-online', (address) => {
      this.logger.info({ address, id: acu.info(address)?.id }, 'door board online');
      this.showIdle();
    });
    acu.on('card-read', (read) => this.emit('card-read', read));
    this.door = new DoorSupervisor(
      acu,
      {
        id: door.id,
        address: door.address,
        relayOutput: door.relayOutput,
        contactInput: door.contactInput,
        contactActiveMeansOpen: door.contactActiveMeansOpen,
        rexInput: door.rexInput ?? undefined,
        pulseMs: door.pulseMs,
        heldOpenMs: door.heldOpenMs,
      },
      { logger: this.logger },
    );
    this.door.on('door-event', (event) => this.recordDoorEvent(event));
    this.door.on('error', (err: Error) => this.logger.error({ err }, 'door supervisor error'));
    this.door.start();
    await acu.start();
  }

  async onApplicationShutdown(): Promise<void> {
    this.door?.stop();
    await this.acu?.stop();
    await this.simulator?.stop();
  }

  /** Every reader of this terminal, PC/SC or OSDP, serves its one door. */
  doorForReader(_reader: string): DoorRef {
    return { id: this.config.door.id, lockdown: false };
  }

  isOnline(_doorId: string): boolean {
    return this.door?.state.online ?? false;
  }

  /** The door as an operator sees it: board online, contact, alarms, tamper, power. */
  state(_doorId: string): DoorSupervisorState | null {
    return this.door?.state ?? null;
  }

  /** True when no serial port is configured and the built-in simulator plays the board. */
  isSimulated(): boolean {
    return this.simulator !== null;
  }

  /**
   * Unlocks (osdp_OUT temporary on; the board re-locks by itself). Resolves when the board has
   * taken the pulse, and rejects only if it has not: the welcome, beep and LED are courtesy,
   * sent after, so a board without a display never makes an opened door look unopened.
   */
  async open(_doorId: string, displayName: string): Promise<void> {
    const seconds = Math.max(DENIAL_SECONDS, Math.ceil(this.config.door.pulseMs / 1000));
    await this.supervisor().grant();
    this.feedback((board) =>
      Promise.all([
        board.showText(welcomeText(displayName), { temporarySeconds: seconds }),
        board.beep('short'),
        board.led('green', { seconds }),
      ]),
    );
  }

  async refuse(_doorId: string, reason: DenyReason): Promise<void> {
    await this.board().showText(deniedText(reason), { temporarySeconds: DENIAL_SECONDS });
    this.feedback((board) =>
      Promise.all([board.beep('denied'), board.led('red', { seconds: DENIAL_SECONDS })]),
    );
  }

  /** Text after a grant, buzzer and LED are courtesy: a failure is logged, never fails a decision. */
  private feedback(send: (board: DoorBoard) => Promise<unknown>): void {
    send(this.board()).catch((err: unknown) =>
      this.logger.warn({ err }, 'door board feedback failed'),
    );
  }

  /**
   * The LCD's resting text: "Present card", or "Out of service" while cards cannot be read
   * (the card middleware is gone), so nobody stands tapping at a door that cannot answer.
   */
  setInService(inService: boolean): void {
    this.inService = inService;
    if (this.acu?.isOnline(this.config.door.address)) this.showIdle();
  }

  private showIdle(): void {
    this.board()
      .showText(this.inService ? IDLE_TEXT : OUT_OF_SERVICE_TEXT)
      .catch((err: unknown) => this.logger.warn({ err }, 'could not write the idle text'));
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

  private supervisor(): DoorSupervisor {
    if (!this.door) throw new Error('The door bus is not started');
    return this.door;
  }

  private board(): DoorBoard {
    if (!this.acu) throw new Error('The door bus is not started');
    return this.acu.board(this.config.door.address);
  }
}
