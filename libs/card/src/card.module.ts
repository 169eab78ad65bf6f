import { ConfigurableModuleBuilder, Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import { ReaderManager, type ReaderManagerOptions } from './reader/reader-manager';
import type { CardTransport } from './transport/card-transport';
import { PcscTransport, type PcscTransportOptions } from './transport/pcsc.transport';

/** Every ReaderManagerOption (reader pattern, methods per reader, purse file, EMV, …), plus: */
export interface CardModuleOptions extends ReaderManagerOptions {
  /** Options of the default PcscTransport (ignored when `transport` is given). */
  pcsc?: Omit<PcscTransportOptions, 'logger'>;
  /** Another transport (tests: ScriptedCardTransport). Default: a PcscTransport. */
  transport?: CardTransport;
}

export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN: CARD_MODULE_OPTIONS } =
  new ConfigurableModuleBuilder<CardModuleOptions>().setClassMethodName('register').build();

export function createReaderManager(options: CardModuleOptions): ReaderManager {
  const transport =
    options.transport ?? new PcscTransport({ ...options.pcsc, logger: options.logger });
  const { transport: _transport, pcsc: _pcsc, ...managerOptions } = options;
  return new ReaderManager(transport, managerOptions);
}

/**
 * Provides ReaderManager. The app calls `start()` when it is ready for card reads (so no read
 * arrives before its listeners); the module stops it on shutdown.
 */
@Module({
  providers: [
    { provide: ReaderManager, inject: [CARD_MODULE_OPTIONS], useFactory: createReaderManager },
  ],
  exports: [ReaderManager],
})
export class CardModule extends ConfigurableModuleClass implements OnModuleDestroy {
  constructor(@Inject(ReaderManager) private readonly readers: ReaderManager) {
    super();
  }

  async onModuleDestroy(): Promise<void> {
    await this.readers.stop();
  }
}
