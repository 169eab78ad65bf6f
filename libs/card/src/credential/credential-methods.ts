import type { CardKind } from '../codec/atr.parser';
import { compileReaderPattern } from '../codec/reader-pattern';
import type { CardSession } from '../session/card.session';
import type { CredentialMethod, CredentialReadOutcome, CredentialRefusal } from './credential';
import { EmvPanReader, type EmvOptions } from './emv-pan.reader';
import { PurseFileReader, type PurseFileOptions } from './purse-file.reader';
import { UidReader } from './uid.reader';

export interface CredentialMethodsOptions {
  /**
   * Which methods a reader tries, in order: the first entry whose pattern matches the reader
   * name wins (pattern syntax as ReaderManager's readerPattern). Readers matching none let the
   * card decide (see planMethods).
   */
  methods?: ReadonlyArray<{
    readonly readerPattern: string;
    readonly order: readonly CredentialMethod[];
  }>;
  purseFile?: PurseFileOptions;
  emv?: EmvOptions;
  /**
   * A contactless processor card (a bank card, a phone) with no EMV or purse-file credential
   * falls back to its UID only when this is true. Default false: bank-card UIDs are often random.
   */
  uidFallbackForProcessorCards?: boolean;
}

/**
 * Without configuration the card decides: a contactless storage card (MIFARE, NTAG) gives its UID;
 * a processor card (contact, or contactless ISO/IEC 14443-4) is tried with EMV, then the purse
 * file, then, if allowed, its UID.
 */
export function planMethods(kind: CardKind, uidFallback = false): CredentialMethod[] {
  switch (kind) {
    case 'contactless-storage':
      return ['uid'];
    case 'contactless-processor':
      return uidFallback ? ['emv', 'purse-file', 'uid'] : ['emv', 'purse-file'];
    case 'contact':
    case 'unknown':
      return ['emv', 'purse-file'];
  }
}

export interface MethodsResult {
  outcome: CredentialReadOutcome;
  tried: CredentialMethod[];
}

/** Runs the methods a reader and a card call for, until one yields a credential. */
export class CredentialMethods {
  private readonly uid = new UidReader();
  private readonly emv: EmvPanReader;
  private readonly purseFile: PurseFileReader;
  private readonly rules: Array<{
    matches: (reader: string) => boolean;
    order: readonly CredentialMethod[];
  }>;

  /** Throws on a bad reader pattern (configuration, checked at construction). */
  constructor(private readonly options: CredentialMethodsOptions = {}) {
    this.emv = new EmvPanReader(options.emv);
    this.purseFile = new PurseFileReader(options.purseFile);
    this.rules = (options.methods ?? []).map(({ readerPattern, order }) => {
      const pattern = compileReaderPattern(readerPattern);
      if (!pattern.ok)
        throw new Error(`methods readerPattern "${readerPattern}": ${pattern.detail}`);
      return { matches: pattern.matches, order };
    });
  }

  order(reader: string, kind: CardKind): readonly CredentialMethod[] {
    const rule = this.rules.find((r) => r.matches(reader));
    return rule ? rule.order : planMethods(kind, this.options.uidFallbackForProcessorCards);
  }

  async read(session: CardSession, kind: CardKind): Promise<MethodsResult> {
    const order = this.order(session.reader, kind);
    const tried: CredentialMethod[] = [];
    const refusals: Array<[CredentialMethod, CredentialRefusal]> = [];
    for (const method of order) {
      tried.push(method);
      const outcome = await this.readWith(method, session, kind);
      if (outcome.ok || outcome.reason === 'card-removed') return { outcome, tried };
      refusals.push([method, outcome]);
    }
    const outcome = await this.refusalFor(session, kind, order, refusals);
    return { outcome, tried };
  }

  private readWith(
    method: CredentialMethod,
    session: CardSession,
    kind: CardKind,
  ): Promise<CredentialReadOutcome> {
    switch (method) {
      case 'uid':
        return this.uid.read(session);
      case 'emv':
        return this.emv.read(session, { contactless: kind.startsWith('contactless') });
      case 'purse-file':
        return this.purseFile.read(session);
    }
  }

  /**
   * Every method refused. A contactless processor card whose UID is random is a phone or a
   * privacy card: say so (`random-uid`) rather than a bare no-credential. Otherwise a card of a
   * scheme with no PAN (`no-pan-card`) outranks an unreadable answer, which outranks "no
   * credential"; every method's detail is kept, and the EMV method's diagnosis.
   */
  private async refusalFor(
    session: CardSession,
    kind: CardKind,
    order: readonly CredentialMethod[],
    refusals: Array<[CredentialMethod, CredentialRefusal]>,
  ): Promise<CredentialRefusal> {
    const detail = refusals
      .map(([m, r]) => `${m}: ${r.reason}${r.detail ? ` (${r.detail})` : ''}`)
      .join('; ');
    if (refusals.some(([, r]) => r.reason === 'random-uid'))
      return { ok: false, reason: 'random-uid', detail };
    if (kind === 'contactless-processor' && !order.includes('uid')) {
      const probe = await this.uid.read(session);
      if (!probe.ok && (probe.reason === 'random-uid' || probe.reason === 'card-removed'))
        return probe;
    }
    if (refusals.length === 0)
      return { ok: false, reason: 'no-credential', detail: 'no credential method configured' };
    const diagnosis = refusals.find(([, r]) => r.diagnosis)?.[1].diagnosis;
    const withDiagnosis = diagnosis ? { diagnosis } : {};
    // A card EMV read to the end and found of a scheme with no PAN is that, whatever the others.
    if (refusals.some(([, r]) => r.reason === 'no-pan-card'))
      return { ok: false, reason: 'no-pan-card', detail, ...withDiagnosis };
    const unreadable = refusals.some(([, r]) => r.reason === 'unreadable-card');
    return {
      ok: false,
      reason: unreadable ? 'unreadable-card' : 'no-credential',
      detail,
      ...withDiagnosis,
    };
  }
}
