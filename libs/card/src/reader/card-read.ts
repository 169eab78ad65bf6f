import type { CardKind } from '../codec/atr.parser';
import type {
  CardReadRefusal,
  Credential,
  CredentialMethod,
  ReadDiagnosis,
} from '../credential/credential';

/** One presentation of one card on one reader, and what came of reading it. */
export interface CardRead {
  reader: string;
  /** Upper-case hex, no spaces. */
  atr: string;
  cardKind: CardKind;
  /** What the card is, from its ATR and, for NTAG/Ultralight, GET VERSION ("NTAG216"). */
  cardName: string | null;
  /** The credential methods tried, in order (the last one gave the outcome). */
  methodsTried: CredentialMethod[];
  /** When the card was seen (before connecting). */
  startedAt: Date;
  /** From the card being seen to the credential read and the card released. */
  durationMs: number;
  /** The card was already on the reader when the reader was first seen (see ReaderManager). */
  presentAtAttach: boolean;
  /**
   * The credential, or why there is none. A PAN credential serialises masked: JSON.stringify of
   * a CardRead never holds card digits.
   */
  outcome:
    | { ok: true; method: CredentialMethod; credential: Credential }
    | { ok: false; reason: CardReadRefusal; detail?: string; diagnosis?: ReadDiagnosis };
}

export type ReaderEvent =
  | { type: 'reader-attached' | 'reader-removed'; reader: string }
  | { type: 'service-lost' | 'service-restored'; detail?: string };
