import { Logger, type Provider } from '@nestjs/common';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { loadOrCreatePanKey } from './pan-key';

/** Injection token of the PAN HMAC key (a Buffer), loaded once at start. */
export const PAN_HMAC_KEY = Symbol('PAN_HMAC_KEY');

export const panKeyProvider: Provider = {
  provide: PAN_HMAC_KEY,
  inject: [kioskConfig.KEY],
  useFactory: (config: KioskConfigType): Buffer => {
    const { key, created } = loadOrCreatePanKey(config.panKeyFile);
    if (created) {
      new Logger('PanKey').warn(
        `Created a new PAN HMAC key at ${config.panKeyFile}: back it up apart from the database`,
      );
    }
    return key;
  },
};
