/**
 * The part of the pcsclite 1.0.1 API this library uses, as structural types, so the transport can
 * be tested with a fake and the addon swapped for another binding later. pcsclite's own typings
 * do not export its reader type.
 */
export interface PcscStatus {
  state: number;
  atr?: Buffer;
}

type Callback<T> = (err: unknown, value: T) => void;

export interface PcscReaderHandle {
  readonly name: string;
  readonly SCARD_SHARE_EXCLUSIVE: number;
  readonly SCARD_PROTOCOL_T0: number;
  readonly SCARD_PROTOCOL_T1: number;
  readonly SCARD_PROTOCOL_RAW: number;
  readonly SCARD_STATE_PRESENT: number;
  readonly SCARD_STATE_UNKNOWN: number;
  readonly SCARD_LEAVE_CARD: number;
  readonly SCARD_RESET_CARD: number;
  readonly SCARD_UNPOWER_CARD: number;
  on(event: 'status', listener: (status: PcscStatus) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  connect(options: { share_mode?: number; protocol?: number }, cb: Callback<number>): void;
  transmit(data: Buffer, resLen: number, protocol: number, cb: Callback<Buffer>): void;
  disconnect(disposition: number, cb: (err: unknown) => void): void;
  close(): void;
}

export interface PcscContextHandle {
  on(event: 'reader', listener: (reader: PcscReaderHandle) => void): unknown;
  on(event: 'error', listener: (error: unknown) => void): unknown;
  close(): void;
}

/** pcsclite's default export: throws when pcscd cannot be reached (SCARD_E_NO_SERVICE). */
export type PcscFactory = () => PcscContextHandle;

/**
 * Loads the native addon on first use, so importing @kiosk/card never needs it (unit tests, the
 * Nest module with a fake transport).
 */
export async function loadPcsclite(): Promise<PcscFactory> {
  const mod = await import('pcsclite');
  return mod.default;
}
