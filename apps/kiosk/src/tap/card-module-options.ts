import type { CardLogger, CardModuleOptions } from '@kiosk/card';
import type { KioskConfig } from '../config/kiosk.config';

/** The card library's options from the kiosk's configuration (see card-reading.config.ts). */
export function cardModuleOptions(config: KioskConfig, logger: CardLogger): CardModuleOptions {
  const { cards } = config;
  return {
    readerPattern: config.reader.pattern ?? undefined,
    logger,
    methods: cards.methods,
    uidFallbackForProcessorCards: cards.uidFallbackForProcessorCards,
    readTimeoutMs: cards.readTimeoutMs,
    purseFile: cards.purseFile,
    emv: { fallbackAids: cards.emvFallbackAids },
    feedback: cards.feedbackReaders ? { readerPattern: cards.feedbackReaders } : undefined,
    ntagGetVersion: cards.ntagGetVersionReaders
      ? { readerPattern: cards.ntagGetVersionReaders }
      : undefined,
  };
}
