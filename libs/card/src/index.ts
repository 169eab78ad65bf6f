// @kiosk/card: the card layer's public API. The app reaches the lib only through this file.
export { CardModule, type CardModuleOptions, createReaderManager } from './card.module';
export { noopCardLogger, type CardLogger } from './card-logger';
export {
  ReaderManager,
  type ReaderManagerEvents,
  type ReaderManagerOptions,
  type ReaderManagerStatus,
} from './reader/reader-manager';
export type { CardRead, ReaderEvent } from './reader/card-read';
export { compileReaderPattern, type ReaderPatternResult } from './codec/reader-pattern';
export type { CardReadPipelineOptions } from './reader/card-read.pipeline';
export { ReaderDoorMap, type ReaderDoorEntry } from './reader/reader-door-map';
export {
  ReaderFeedback,
  FEEDBACK_GRANTED,
  FEEDBACK_REFUSED,
  type ReaderFeedbackOptions,
} from './reader/reader-feedback';
export {
  CREDENTIAL_METHODS,
  type CardReadRefusal,
  type Credential,
  type CredentialMethod,
  type CredentialReadOutcome,
} from './credential/credential';
export { PanCredential, PAN_MASK_PREFIX, type PanProblem } from './credential/pan-credential';
export { UidReader, GET_DATA_UID } from './credential/uid.reader';
export {
  PurseFileReader,
  PURSE_FILE_DEFAULTS,
  type PurseFileOptions,
} from './credential/purse-file.reader';
export {
  EmvPanReader,
  DEFAULT_FALLBACK_AIDS,
  PSE,
  PPSE,
  type EmvOptions,
} from './credential/emv-pan.reader';
export type { EmvTerminalOptions } from './credential/emv-terminal-data';
export {
  CredentialMethods,
  planMethods,
  type CredentialMethodsOptions,
} from './credential/credential-methods';
export { readNtagVersion, DIRECT_TRANSMIT_GET_VERSION } from './credential/ntag-version.reader';
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
  commandApduCase,
  lengthForm,
  type CommandApdu,
  type ResponseApdu,
  type LengthForm,
} from './codec/apdu.codec';
export {
  describeStatusWord,
  type StatusWord,
  type StatusWordDescription,
} from './codec/status-word';
export {
  parseAtr,
  analyzeAtr,
  classifyAtr,
  type Atr,
  type AtrAnalysis,
  type AtrProblem,
  type CardKind,
} from './codec/atr.parser';
export { describeAtr, formatAtrReport, type AtrReport } from './codec/atr-report';
export { parseHistoricalBytes, type HistoricalBytes } from './codec/atr-historical.parser';
export {
  identifyCard,
  parseNtagVersion,
  type CardIdentity,
  type NtagVersion,
} from './codec/card-identity';
export {
  decodeBerTlv,
  encodeBerTlv,
  findTlv,
  findAllTlv,
  type TlvNode,
  type TlvInput,
  type TlvProblem,
} from './codec/ber-tlv.codec';
export { decodeDol, type DolEntry } from './codec/emv-dol.codec';
export { decodeBcd, encodeBcd } from './codec/bcd.codec';
export { isLuhnValid, luhnCheckDigit } from './codec/luhn';
export { parseUid, isRandomUid, type Uid, type UidProblem } from './codec/uid';
export { toHex, parseHex } from './codec/hex';
