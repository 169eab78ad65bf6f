import { createReaderManager, DEFAULT_FALLBACK_AIDS, noopCardLogger } from '@kiosk/card';
import { loadKioskConfig } from '../config/kiosk.config';
import { cardModuleOptions } from './card-module-options';

describe('cardModuleOptions', () => {
  it('lets the card decide, with the seed purse file and the default AIDs, when nothing is set', () => {
    const options = cardModuleOptions(loadKioskConfig({}), noopCardLogger);
    expect(options).toMatchObject({
      readerPattern: undefined,
      methods: [],
      uidFallbackForProcessorCards: false,
      readTimeoutMs: 5000,
      purseFile: { cla: 0xbc, masterFile: '3F00', purseFile: '2901', offset: 104, length: 8 },
      emv: { fallbackAids: [...DEFAULT_FALLBACK_AIDS] },
      feedback: undefined,
      ntagGetVersion: undefined,
    });
  });

  it('passes every card-reading key through, and the library accepts the result', () => {
    const config = loadKioskConfig({
      KIOSK_READER: 'ACR122',
      KIOSK_READ_METHODS: 'ACR122U PICC=uid; /SCM|Identiv/i = purse-file,emv',
      KIOSK_UID_FALLBACK: 'true',
      KIOSK_READ_TIMEOUT_MS: '8000',
      KIOSK_PURSE_CLA: '00',
      KIOSK_PURSE_MASTER_FILE: '3f 00',
      KIOSK_PURSE_FILE: 'DF01',
      KIOSK_PURSE_OFFSET: '16',
      KIOSK_PURSE_LENGTH: '10',
      KIOSK_EMV_AIDS: 'A0000000041010, a0 00 00 00 03 10 10',
      KIOSK_READER_FEEDBACK: 'ACR122',
      KIOSK_NTAG_GET_VERSION: '/ACR12[23]/',
    });
    const options = cardModuleOptions(config, noopCardLogger);
    expect(options).toEqual({
      readerPattern: 'ACR122',
      logger: noopCardLogger,
      methods: [
        { readerPattern: 'ACR122U PICC', order: ['uid'] },
        { readerPattern: '/SCM|Identiv/i', order: ['purse-file', 'emv'] },
      ],
      uidFallbackForProcessorCards: true,
      readTimeoutMs: 8000,
      purseFile: { cla: 0x00, masterFile: '3F00', purseFile: 'DF01', offset: 16, length: 10 },
      emv: { fallbackAids: ['A0000000041010', 'A0000000031010'] },
      feedback: { readerPattern: 'ACR122' },
      ntagGetVersion: { readerPattern: '/ACR12[23]/' },
    });
    expect(() => createReaderManager(options)).not.toThrow();
  });
});
