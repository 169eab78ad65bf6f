import type { OsdpPdSimulator } from './osdp-pd.simulator';

/** A keyboard: process.stdin, or a test's stand-in. */
export interface KeyboardInput {
  readonly isTTY?: boolean;
  setRawMode?(raw: boolean): unknown;
  resume(): unknown;
  pause(): unknown;
  on(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
  off(event: 'data', listener: (chunk: Buffer | string) => void): unknown;
}

export interface PdKeyboardOptions {
  /** Default process.stdin. */
  input?: KeyboardInput;
  /** The card 'c' presents, sent as osdp_RAW. Default: the 4-byte UID 04 a2 2b 19. */
  card?: { data: Uint8Array; bitCount?: number; format?: 'raw' | 'wiegand' };
  /** Only if the input is a terminal (default true): a pipe or a service's stdin is left alone. */
  requireTty?: boolean;
  /** Called for Ctrl-C, which raw mode no longer turns into SIGINT. Default: SIGINT to ourselves. */
  onInterrupt?: () => void;
}

const DEFAULT_CARD = Uint8Array.of(0x04, 0xa2, 0x2b, 0x19);
const CTRL_C = '\u0003';

/** The keys and what they do, for the demo's help line and the docs. */
export const PD_KEYBOARD_HELP =
  'door board keys: d door open/closed, r request to exit, t tamper, p power failure, c present card';

/**
 * Lets a person at the console play the door: `d` toggles the door contact, `r` presses REX, `t`
 * toggles tamper, `p` toggles power failure, `c` presents the configured card. Off unless called;
 * does nothing (and returns a no-op) when the input is not a terminal. Returns a detach function.
 */
export function attachPdKeyboard(
  sim: OsdpPdSimulator,
  options: PdKeyboardOptions = {},
): () => void {
  const input = options.input ?? process.stdin;
  if ((options.requireTty ?? true) && !input.isTTY) return () => undefined;
  const card = options.card ?? { data: DEFAULT_CARD };
  const interrupt = options.onInterrupt ?? ((): void => void process.kill(process.pid, 'SIGINT'));
  const onData = (chunk: Buffer | string): void => {
    for (const key of chunk.toString()) pdKey(sim, key, card, interrupt);
  };
  input.setRawMode?.(true);
  input.on('data', onData);
  input.resume();
  return () => {
    input.off('data', onData);
    input.setRawMode?.(false);
    input.pause();
  };
}

function pdKey(
  sim: OsdpPdSimulator,
  key: string,
  card: NonNullable<PdKeyboardOptions['card']>,
  interrupt: () => void,
): void {
  switch (key.toLowerCase()) {
    case 'd':
      return sim.setDoorOpen(!sim.doorOpen());
    case 'r':
      return sim.pressRex();
    case 't':
      return sim.setTamper(!sim.tampered());
    case 'p':
      return sim.setPowerFailure(!sim.powerFailed());
    case 'c':
      return sim.presentCard(
        card.data,
        card.bitCount ?? card.data.length * 8,
        card.format ?? 'raw',
      );
    case CTRL_C:
      return interrupt();
  }
}
