/**
 * What a virtual card is: its ATR (as the reader would build it) and how it answers commands.
 * Also answers the reader's pseudo-APDUs (class FF), since vpcd passes them to the card.
 */
export interface CardProfile {
  readonly name: string;
  readonly atr: Uint8Array;
  /** One command APDU in, one response APDU out (data + SW1 SW2). Must not throw. */
  respond(command: Uint8Array): Uint8Array;
  /** Power off, power on, reset: a profile with state resets it here. */
  power?(event: 'off' | 'on' | 'reset'): void;
}
