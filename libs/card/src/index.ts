// @kiosk/card: the card layer's public API. The app reaches the lib only through this file.
// It exports what a caller outside the lib uses (apps/, test/, tools/) and the README shows;
// the lib's parts (sessions, credential readers, most codecs) stay inside, free to change.

// Reading cards: the Nest module, or a ReaderManager on a PcscTransport outside Nest.
export { CardModule, type CardModuleOptions, createReaderManager } from './card.module';
export { ReaderManager } from './reader/reader-manager';
export { PcscTransport } from './transport/pcsc.transport';
export { probePcscd, PCSCD_SOCKET, type PcscdProbeResult } from './transport/pcscd-probe';
export { noopCardLogger, type CardLogger } from './card-logger';
export type { CardRead, ReaderEvent } from './reader/card-read';

// What a read yields.
export {
  CREDENTIAL_METHODS,
  type CardReadRefusal,
  type Credential,
  type CredentialMethod,
} from './credential/credential';
export { PanCredential } from './credential/pan-credential';

// Configuration: reader-name patterns and the defaults the kiosk's config starts from.
export { compileReaderPattern } from './codec/reader-pattern';
export { PURSE_FILE_DEFAULTS } from './credential/purse-file.reader';
export { DEFAULT_FALLBACK_AIDS } from './credential/emv-pan.reader';

// Codecs the CLI and the credential admin use: ATR reports, UID and hex text.
export { describeAtr, formatAtrReport } from './codec/atr-report';
export { parseUid } from './codec/uid';
export { toHex, parseHex } from './codec/hex';
