/**
 * The card transport contract. A transport moves bytes between this process and cards on
 * readers, and reports that medium's events. It knows its middleware (PC/SC) and nothing of APDUs.
 *
 * Events
 * - Delivered in order, one listener (the one given to `start`), never re-entrantly.
 * - `reader-attached` comes once the reader's state is known, before any card event of that
 *   reader; `reader-removed` comes after
 *   a `card-removed` for a card that was present.
 * - `card-inserted` comes once per presentation: a card left on the reader yields no second
 *   event, whatever else changes (our own connect and disconnect, power state). A card swapped
 *   between two polls yields `card-removed` then `card-inserted`.
 * - `presentAtAttach` is true when the card was already there when the reader was first seen
 *   (at start, or after the middleware came back): the caller decides whether that is a tap.
 * - `service-lost` / `service-restored`: the middleware (pcscd) is unreachable / reachable again.
 *   While lost, the transport retries by itself; `start` does not fail for that reason.
 *
 * Calls
 * - `connect` opens one exclusive connection to the card on a reader; while it is open no other
 *   process can talk to that card. Release it with `disconnect` as soon as the read is done.
 * - Calls on one connection may overlap; they are run one at a time in call order.
 *   Connections on different readers are independent.
 * - Failures reject with a `CardFault` whose `code` says what happened (see CardFaultCode).
 * - `stop` releases every connection and the middleware; later calls reject with
 *   `transport-stopped`. `start` after `stop` is allowed.
 */
export interface CardTransport {
  start(listener: (event: CardTransportEvent) => void): Promise<void>;
  stop(): Promise<void>;
  connect(reader: string): Promise<CardConnection>;
}

export interface CardConnection {
  readonly reader: string;
  /** The ATR of the card as the reader reported it. */
  readonly atr: Uint8Array;
  readonly protocol: CardProtocol;
  /** Sends one command APDU and resolves with the raw response APDU (data + SW1 SW2). */
  transmit(command: Uint8Array): Promise<Uint8Array>;
  /** Releases the card; resolves even when the card or the reader has already gone. */
  disconnect(): Promise<void>;
}

export type CardProtocol = 'T=0' | 'T=1' | 'raw' | 'unknown';

export type CardTransportEvent =
  | { type: 'reader-attached'; reader: string }
  | { type: 'reader-removed'; reader: string }
  | { type: 'card-inserted'; reader: string; atr: Uint8Array; presentAtAttach: boolean }
  | { type: 'card-removed'; reader: string }
  | { type: 'service-lost'; detail: string }
  | { type: 'service-restored' };

/**
 * What a failed call means:
 * - `card-removed`: the card left the field (or was swapped) before or during the call.
 * - `card-reset`: another party reset the card; the session state on it is gone.
 * - `card-unresponsive`: the card is present but does not answer (mute, unpowered).
 * - `reader-removed`: the reader is gone (unplugged, or unknown to the middleware).
 * - `reader-busy`: another connection (ours or another process's) holds the card.
 * - `middleware-unavailable`: pcscd is not running or stopped answering; the transport retries.
 * - `protocol-error`: the middleware refused the exchange (protocol mismatch, bad length).
 * - `transport-stopped`: `stop` was called.
 * - `unknown`: anything else; `cause` holds the original error.
 */
export type CardFaultCode =
  | 'card-removed'
  | 'card-reset'
  | 'card-unresponsive'
  | 'reader-removed'
  | 'reader-busy'
  | 'middleware-unavailable'
  | 'protocol-error'
  | 'transport-stopped'
  | 'unknown';

/** A device or middleware fault. Never swallowed: sessions turn it into an outcome. */
export class CardFault extends Error {
  override readonly name = 'CardFault';
  constructor(
    readonly code: CardFaultCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
