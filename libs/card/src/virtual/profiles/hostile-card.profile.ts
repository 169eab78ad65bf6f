import type { CardProfile } from '../card-profile';
import { CONTACT_T0_ATR, decodeOr6700, sw } from './profile-kit';

/**
 * What a hostile or broken card does (TEST AND DEMO ONLY):
 * - `garbage-atr`: an ATR that is no ATR (bad TS, wrong length);
 * - `wrong-lengths`: answers of one byte, shorter than SW1 SW2;
 * - `class-not-supported`: 6E 00 to every class;
 * - `endless-61xx`: 61 10 to every command, GET RESPONSE included;
 * - `slow`: answers 6A 82 only after `slowMs` (default 3000 ms);
 * - `vanish`: closes the vpcd socket on its first command, as a card pulled mid-APDU.
 */
export type HostileBehaviour =
  'garbage-atr' | 'wrong-lengths' | 'class-not-supported' | 'endless-61xx' | 'slow' | 'vanish';

export const HOSTILE_BEHAVIOURS: readonly HostileBehaviour[] = [
  'garbage-atr',
  'wrong-lengths',
  'class-not-supported',
  'endless-61xx',
  'slow',
  'vanish',
];

/** Bad TS (3A), T0 announcing bytes that are not there. */
export const GARBAGE_ATR = Uint8Array.of(0x3a, 0xff, 0x12);

export function hostileCardProfile(
  behaviour: HostileBehaviour,
  options: { slowMs?: number } = {},
): CardProfile {
  return {
    name: `hostile ${behaviour}`,
    atr: behaviour === 'garbage-atr' ? GARBAGE_ATR : CONTACT_T0_ATR,
    respond: (bytes) => {
      const c = decodeOr6700(bytes);
      switch (behaviour) {
        case 'garbage-atr':
        case 'class-not-supported':
          return c instanceof Uint8Array ? c : sw(0x6e00);
        case 'wrong-lengths':
          return Uint8Array.of(0x90);
        case 'endless-61xx':
          return sw(0x6110);
        case 'slow':
          return { delayMs: options.slowMs ?? 3000, response: sw(0x6a82) };
        case 'vanish':
          return { vanish: true };
      }
    },
  };
}
