import {
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import { OsdpAcu, SerialTransport } from '@kiosk/door';
import type { DenyReason } from '../access/access-decision';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { IDLE_TEXT, deniedText, welcomeText } from './door-messages';
import { SimulatedDoorBoard } from './simulated-door-board';

export interface DoorRef {
  id: string;
  lockdown: boolean;
}

/** Seconds a welcome or denial stays on the LCD before the board shows its idle text again. */
const DENIAL_SECONDS = 3;

/** The doors of this terminal and their board on the OSDP bus (one door for now). */
@Injectable()
export class DoorsService implements OnApplicationBootstrap, OnApplicationShutdown {
  private acu: OsdpAcu | null = null;
  private simulated: SimulatedDoorBoard | null = null;

  constructor(
    @Inject(kioskConfig.KEY) private readonly config: KioskConfigType,
    @InjectPinoLogger(DoorsService.name) private readonly logger: PinoLogger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const { door } = this.config;
    let path = door.serialPort;
    if (path === null) {
      this.simulated = await SimulatedDoorBoard.start({
        address: door.address,
        baudRate: door.baudRate,
      });
      path = this.simulated.acuPath;
      this.logger.warn(
        { path },
        'KIOSK_DOOR_PORT is not set: using the built-in door board simulator',
      );
    }
    this.acu = new OsdpAcu(new SerialTransport({ path, baudRate: door.baudRate }), {
      addresses: [door.address],
      logger: this.logger,
    });
    this.acu.on('error', (err: Error) => this.logger.error({ err }, 'door bus error'));
    this.acu.on('pd-online', (address: number) => {
      this.logger.info({ address }, 'door board online');
      this.showIdle().catch((err: unknown) =>
        this.logger.warn({ err }, 'could not write the idle text'),
      );
    });
    this.acu.on('pd-offline', (address: number, reason: unknown) =>
      this.logger.warn({ address, reason }, 'door board offline'),
    );
    await this.acu.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.acu?.stop();
    await this.simulated?.stop();
  }

  /** Every reader of this terminal serves its one door. */
  doorForReader(_reader: string): DoorRef {
    return { id: this.config.door.id, lockdown: false };
  }

  isOnline(_doorId: string): boolean {
    return this.acu?.isOnline(this.config.door.address) ?? false;
  }

  /** Relay first (the person is waiting at the door), then the welcome. */
  async open(_doorId: string, displayName: string): Promise<void> {
    const { relayOutput, pulseMs } = this.config.door;
    const board = this.board();
    await Promise.all([
      board.pulseRelay(relayOutput, pulseMs),
      board.showText(welcomeText(displayName), {
        temporarySeconds: Math.max(DENIAL_SECONDS, Math.ceil(pulseMs / 1000)),
      }),
    ]);
  }

  async refuse(_doorId: string, reason: DenyReason): Promise<void> {
    await this.board().showText(deniedText(reason), { temporarySeconds: DENIAL_SECONDS });
  }

  private async showIdle(): Promise<void> {
    await this.board().showText(IDLE_TEXT);
  }

  private board() {
    if (!this.acu) throw new Error('The door bus is not started');
    return this.acu.board(this.config.door.address);
  }
}
