/**
 * How a virtual card answers one command: the response APDU, or (hostile cards) a response
 * after a delay, or vanishing from the reader instead of answering (the socket closes).
 */
export type CardAnswer = Uint8Array | { delayMs: number; response: Uint8Array } | { vanish: true };

/**
 * What a virtual card is: its ATR (as the reader would build it) and how it answers commands.
 * Also answers the reader's pseudo-APDUs (class FF), since vpcd passes them to the card.
 */
export interface CardProfile {
  readonly name: string;
  readonly atr: Uint8Array;
  /** One command APDU in, one answer out. Must not throw (a throw is answered 6F 00). */
  respond(command: Uint8Array): CardAnswer;
  /** Power off, power on, reset: a profile with state resets it here. */
  power?(event: 'off' | 'on' | 'reset'): void;
}

/** A profile that always answers at once with a response APDU. */
export interface PlainCardProfile extends CardProfile {
  respond(command: Uint8Array): Uint8Array;
}
