import { CardFault, type CardFaultCode } from './card-transport';

// PC/SC return codes (pcsc-lite pcsclite.h, the same values as winscard.h), as pcsclite reports
// them at the end of its messages: "SCardTransmit error: Card was removed.(0x80100069)".
export const SCARD_E_CANCELLED = 0x80100002;
export const SCARD_E_INVALID_PARAMETER = 0x80100004;
export const SCARD_E_INSUFFICIENT_BUFFER = 0x80100008;
export const SCARD_E_UNKNOWN_READER = 0x80100009;
export const SCARD_E_SHARING_VIOLATION = 0x8010000b;
export const SCARD_E_NO_SMARTCARD = 0x8010000c;
export const SCARD_E_PROTO_MISMATCH = 0x8010000f;
export const SCARD_F_COMM_ERROR = 0x80100013;
export const SCARD_E_NOT_TRANSACTED = 0x80100016;
export const SCARD_E_READER_UNAVAILABLE = 0x80100017;
export const SCARD_E_NO_SERVICE = 0x8010001d;
export const SCARD_E_SERVICE_STOPPED = 0x8010001e;
export const SCARD_W_UNSUPPORTED_CARD = 0x80100065;
export const SCARD_W_UNRESPONSIVE_CARD = 0x80100066;
export const SCARD_W_UNPOWERED_CARD = 0x80100067;
export const SCARD_W_RESET_CARD = 0x80100068;
export const SCARD_W_REMOVED_CARD = 0x80100069;

const FAULTS: ReadonlyMap<number, CardFaultCode> = new Map<number, CardFaultCode>([
  [SCARD_E_CANCELLED, 'transport-stopped'],
  [SCARD_E_INVALID_PARAMETER, 'protocol-error'],
  [SCARD_E_INSUFFICIENT_BUFFER, 'protocol-error'],
  [SCARD_E_UNKNOWN_READER, 'reader-removed'],
  [SCARD_E_SHARING_VIOLATION, 'reader-busy'],
  [SCARD_E_NO_SMARTCARD, 'card-removed'],
  [SCARD_E_PROTO_MISMATCH, 'protocol-error'],
  [SCARD_F_COMM_ERROR, 'middleware-unavailable'],
  [SCARD_E_NOT_TRANSACTED, 'protocol-error'],
  [SCARD_E_READER_UNAVAILABLE, 'reader-removed'],
  [SCARD_E_NO_SERVICE, 'middleware-unavailable'],
  [SCARD_E_SERVICE_STOPPED, 'middleware-unavailable'],
  [SCARD_W_UNSUPPORTED_CARD, 'card-unresponsive'],
  [SCARD_W_UNRESPONSIVE_CARD, 'card-unresponsive'],
  [SCARD_W_UNPOWERED_CARD, 'card-unresponsive'],
  [SCARD_W_RESET_CARD, 'card-reset'],
  [SCARD_W_REMOVED_CARD, 'card-removed'],
]);

/** The PC/SC return code inside a pcsclite error message, if there is one. */
export function pcscReturnCode(error: unknown): number | undefined {
  const message = error instanceof Error ? error.message : String(error);
  const match = /\(0x([0-9a-fA-F]{8})\)\s*$/.exec(message);
  return match?.[1] === undefined ? undefined : parseInt(match[1], 16);
}

/** Turns whatever pcsclite handed back into a CardFault with a code. */
export function toCardFault(error: unknown, doing: string): CardFault {
  if (error instanceof CardFault) return error;
  const rc = pcscReturnCode(error);
  const code = (rc === undefined ? undefined : FAULTS.get(rc)) ?? 'unknown';
  const text = error instanceof Error ? error.message : String(error);
  return new CardFault(code, `${doing}: ${text}`, { cause: error });
}
