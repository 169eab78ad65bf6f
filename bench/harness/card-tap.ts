import type { CardRead } from '@kiosk/card';

/** A card read as the reader manager hands it over: a contactless card's UID, read whole. */
export function uidRead(uid: string): CardRead {
  return {
    reader: 'Virtual PCD 00 00',
    atr: '3B8F8001804F0CA000000306030001000000006A',
    cardKind: 'contactless-storage',
    cardName: 'bench',
    methodsTried: ['uid'],
    startedAt: new Date(),
    durationMs: 1,
    presentAtAttach: false,
    outcome: { ok: true, method: 'uid', credential: { kind: 'uid', uid } },
  };
}
