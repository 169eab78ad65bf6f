// @kiosk/card: the card layer's public API. The app reaches the lib only through this file.
export { CardModule, type CardModuleOptions, createReaderManager } from './card.module';
export { noopCardLogger, type CardLogger } from './card-logger';
export {
  ReaderManager,
  type ReaderManagerEvents,
  type ReaderManagerOptions,
} from './reader/reader-manager';
export type { CardRead, ReaderEvent } from './reader/card-read';
export type {
  CardReadRefusal,
  Credential,
  CredentialMethod,
  CredentialReadOutcome,
} from './credential/credential';
export { UidReader, GET_DATA_UID } from './credential/uid.reader';
export { CardSession, type CardSessionOptions, type TransmitOutcome } from './session/card.session';
export {
  CardFault,
  type CardConnection,
  type CardFaultCode,
  type CardProtocol,
  type CardTransport,
  type CardTransportEvent,
} from './transport/card-transport';
export { PcscTransport, type PcscTransportOptions } from './transport/pcsc.transport';
export { ScriptedCardTransport } from './transport/scripted.transport';
export type { Decoded, Encoded } from './codec/decoded';
export {
  encodeCommandApdu,
  decodeCommandApdu,
  parseResponseApdu,
  encodeResponseApdu,
  type CommandApdu,
  type ResponseApdu,
} from './codec/apdu.codec';
export {
  describeStatusWord,
  type StatusWord,
  type StatusWordDescription,
} from './codec/status-word';
export { parseAtr, classifyAtr, type Atr, type CardKind } from './codec/atr.parser';
export { parseUid, isRandomUid, type Uid, type UidProblem } from './codec/uid';
export { toHex, parseHex } from './codec/hex';
