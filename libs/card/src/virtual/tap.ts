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
  /** The least time the card stays in the field. */
  holdMs: number;
  /**
   * After holdMs, the card stays while a reader is still talking to it: it leaves once no APDU
   * has come for quietMs (default 500), or, if none ever came, once untilMs has passed since it
   * was inserted. A slow read (a purse file, a phone's payment applet) is thus never cut short.
   */
  quietMs?: number;
  /** The longest the card stays in the field (default 10 000 ms, and never less than holdMs). */
  untilMs?: number;
  kind?: ContactlessUidKind;
  /** Told about each step (the tap tool prints them). */
  onStep?: (step: TapStep) => void;
}

export type TapStep =
  | { step: 'inserted'; endpoint: string; atr: Uint8Array }
  | { step: 'apdu'; command: Uint8Array; response: Uint8Array }
  | { step: 'removed'; heldMs: number; why: 'reader-done' | 'no-reader' | 'time-limit' };

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
  let lastApduAt: number | null = null;
  card.on('error', () => undefined); // the socket closes; remove() still resolves
  card.on('apdu', (exchange) => {
    lastApduAt = Date.now();
    exchanges.push(exchange);
    options.onStep?.({ step: 'apdu', ...exchange });
  });
  await card.insert();
  const began = Date.now();
  options.onStep?.({ step: 'inserted', endpoint: card.endpoint, atr: profile.atr });
  const why = await holdWhileRead(began, options, () => lastApduAt);
  await card.remove();
  const heldMs = Date.now() - began;
  options.onStep?.({ step: 'removed', heldMs, why });
  return { endpoint: card.endpoint, exchanges, heldMs };
}

const POLL_MS = 20;

async function holdWhileRead(
  began: number,
  options: TapOptions,
  lastApduAt: () => number | null,
): Promise<'reader-done' | 'no-reader' | 'time-limit'> {
  const quietMs = options.quietMs ?? 500;
  const untilMs = Math.max(options.untilMs ?? 10_000, options.holdMs);
  for (;;) {
    const now = Date.now();
    const last = lastApduAt();
    if (now - began >= options.holdMs) {
      if (last !== null && now - last >= quietMs) return 'reader-done';
      if (now - began >= untilMs) return last === null ? 'no-reader' : 'time-limit';
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
