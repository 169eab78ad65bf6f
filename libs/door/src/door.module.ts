import {
  ConfigurableModuleBuilder,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import type { ByteTransport } from './link/byte-transport';
import type { DoorLogger } from './link/door-logger';
import { OsdpAcu } from './link/osdp-acu';
import type { OsdpAcuOptions } from './link/osdp-acu.options';
import { SerialTransport } from './link/serial.transport';

export interface DoorModuleOptions extends Omit<OsdpAcuOptions, 'logger'> {
  /** Serial device of the RS-485 line, e.g. /dev/ttyUSB0. Required unless `transport` is given. */
  path?: string;
  /** Line speed; OSDP v2.2 PDs default to 9600. */
  baud?: number;
  /** Use this transport instead of opening `path` (the simulated board, tests). */
  transport?: ByteTransport;
  logger?: DoorLogger;
  /** Start the ACU when the app boots (default true); it always stops when the module is destroyed. */
  autoStart?: boolean;
}

const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN } =
  new ConfigurableModuleBuilder<DoorModuleOptions>().build();

function createOsdpAcu(options: DoorModuleOptions): OsdpAcu {
  const { path, baud, transport, autoStart: _autoStart, ...acuOptions } = options;
  if (transport) return new OsdpAcu(transport, acuOptions);
  if (!path) throw new Error('DoorModule: set `path` (the serial device) or `transport`');
  return new OsdpAcu(new SerialTransport({ path, baudRate: baud ?? 9600 }), acuOptions);
}

@Injectable()
class DoorLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    @Inject(OsdpAcu) private readonly acu: OsdpAcu,
    @Inject(MODULE_OPTIONS_TOKEN) private readonly options: DoorModuleOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.autoStart !== false) await this.acu.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.acu.stop();
  }
}

/**
 * Provides the OsdpAcu (inject it by its class) for one serial line:
 * `DoorModule.registerAsync({ inject: [...], useFactory: (cfg) => ({ path, baud, addresses }) })`.
 */
@Module({
  providers: [
    { provide: OsdpAcu, inject: [MODULE_OPTIONS_TOKEN], useFactory: createOsdpAcu },
    DoorLifecycle,
  ],
  exports: [OsdpAcu],
})
export class DoorModule extends ConfigurableModuleClass {}
