import { ConfigurableModuleBuilder, Inject, Module, type OnModuleDestroy } from '@nestjs/common';
import type { CardLogger } from './card-logger';
import { ReaderManager } from './reader/reader-manager';
import type { CardSessionOptions } from './session/card.session';
import type { CardTransport } from './transport/card-transport';
import { PcscTransport, type PcscTransportOptions } from './transport/pcsc.transport';

export interface CardModuleOptions {
  /** Substring (case-insensitive) or `/regex/flags` of the reader names to follow; default all. */
  readerPattern?: string;
  logger?: CardLogger;
  /** See ReaderManagerOptions.readPresentAtAttach (default false). */
  readPresentAtAttach?: boolean;
  session?: CardSessionOptions;
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
  return new ReaderManager(transport, {
    readerPattern: options.readerPattern,
    logger: options.logger,
    readPresentAtAttach: options.readPresentAtAttach,
    session: options.session,
  });
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
