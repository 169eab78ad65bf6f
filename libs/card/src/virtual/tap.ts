import type { CardProfile } from './card-profile';
import { contactlessUidProfile, type ContactlessUidKind } from './profiles/contactless-uid.profile';
import { VirtualCard } from './vpcd-card';

export interface TapOptions {
  /** The UID of a contactless storage card; ignored when `profile` is given. */
  uid?: string;
  /** Any virtual card (see profileByName); default: a storage card with `uid`. */
  profile?: CardProfile;
  port: number;
  host?: string;
  /** How long the card stays in the field. */
  holdMs: number;
  kind?: ContactlessUidKind;
  /** Told about each step (the tap tool prints them). */
  onStep?: (step: TapStep) => void;
}

export type TapStep =
  | { step: 'inserted'; endpoint: string; atr: Uint8Array }
  | { step: 'apdu'; command: Uint8Array; response: Uint8Array }
  | { step: 'removed'; heldMs: number };

export interface TapReport {
  endpoint: string;
  exchanges: { command: Uint8Array; response: Uint8Array }[];
  heldMs: number;
}

/**
 * Presents a virtual card (a profile, or a contactless card with the given UID) to a vpcd reader for `holdMs`, then
 * takes it away. A TEST AND DEMO facility. Rejects with a VirtualCardError when vpcd is not there.
 */
export async function tap(options: TapOptions): Promise<TapReport> {
  const profile =
    options.profile ?? contactlessUidProfile(options.uid ?? '', { kind: options.kind });
  const card = new VirtualCard({ host: options.host, port: options.port, profile });
  const exchanges: TapReport['exchanges'] = [];
  card.on('error', () => undefined); // the socket closes; remove() still resolves
  card.on('apdu', (exchange) => {
    exchanges.push(exchange);
    options.onStep?.({ step: 'apdu', ...exchange });
  });
  await card.insert();
  const began = Date.now();
  options.onStep?.({ step: 'inserted', endpoint: card.endpoint, atr: profile.atr });
  await new Promise((resolve) => setTimeout(resolve, options.holdMs));
  await card.remove();
  const heldMs = Date.now() - began;
  options.onStep?.({ step: 'removed', heldMs });
  return { endpoint: card.endpoint, exchanges, heldMs };
}
