import { analyzeAtr, type CardKind } from '../codec/atr.parser';
import { identifyCard, ULTRALIGHT_FAMILY } from '../codec/card-identity';
import { contactlessStorageInfo } from '../codec/atr.parser';
import { compileReaderPattern } from '../codec/reader-pattern';
import type { CardLogger } from '../card-logger';
import { refusalForFault } from '../credential/card-command';
import type { CredentialMethod, CredentialReadOutcome } from '../credential/credential';
import { CredentialMethods, type CredentialMethodsOptions } from '../credential/credential-methods';
import { readNtagVersion } from '../credential/ntag-version.reader';
import { CardSession, type CardSessionOptions } from '../session/card.session';
import { CardFault, type CardConnection, type CardTransport } from '../transport/card-transport';
import { ReaderFeedback, type ReaderFeedbackOptions } from './reader-feedback';

export interface CardReadPipelineOptions extends CredentialMethodsOptions {
  session?: CardSessionOptions;
  /**
   * Longest a read may take, from connect to credential (default 5000 ms). A card that answers
   * slower is refused as unreadable-card; its connection is released once it does answer.
   */
  readTimeoutMs?: number;
  /** ACR122U LED/buzzer after each read; off by default. */
  feedback?: ReaderFeedbackOptions;
  /**
   * Readers on which an NTAG/Ultralight card is asked GET VERSION (ACR122U direct transmit)
   * to name the chip; off by default (a pseudo-APDU another reader may not know).
   */
  ntagGetVersion?: { readerPattern: string };
}

export interface PipelineResult {
  outcome: CredentialReadOutcome;
  cardName: string | null;
  methodsTried: CredentialMethod[];
}

/** One presented card: connect exclusively, identify, read the credential, signal, release. */
export class CardReadPipeline {
  private readonly methods: CredentialMethods;
  private readonly feedback?: ReaderFeedback;
  private readonly getVersionOn: (reader: string) => boolean;
  private readonly readTimeoutMs: number;

  constructor(
    private readonly transport: CardTransport,
    private readonly options: CardReadPipelineOptions,
    private readonly logger: CardLogger,
    /** Called with the release of a read that timed out, so that stop() can wait for it. */
    private readonly track: (pending: Promise<void>) => void,
  ) {
    this.methods = new CredentialMethods(options);
    this.feedback = options.feedback ? new ReaderFeedback(options.feedback) : undefined;
    const pattern = options.ntagGetVersion
      ? compileReaderPattern(options.ntagGetVersion.readerPattern)
      : undefined;
    if (pattern && !pattern.ok) throw new Error(`ntagGetVersion readerPattern: ${pattern.detail}`);
    this.getVersionOn = pattern?.ok ? pattern.matches : () => false;
    this.readTimeoutMs = options.readTimeoutMs ?? 5000;
  }

  async read(reader: string, atrBytes: Uint8Array): Promise<PipelineResult> {
    const analysis = analyzeAtr(atrBytes);
    const atr = analysis.problems.length === 0 ? analysis.atr : undefined;
    const identity = atr ? identifyCard(atr) : undefined;
    const kind: CardKind = identity?.kind ?? 'unknown';
    const base = { cardName: identity?.name ?? null, methodsTried: [] as CredentialMethod[] };
    const began = performance.now();
    // SCardConnect counts against the read's time too: pcscd can stall it (a card powering up
    // slowly, a busy daemon), and a stalled connect must not hold the reader for ever.
    const connecting = this.transport.connect(reader);
    let connected: Within<CardConnection>;
    try {
      connected = await within(connecting, this.readTimeoutMs);
    } catch (error) {
      if (error instanceof CardFault) return { ...base, outcome: refusalForFault(error) };
      throw error;
    }
    if (!connected.done) {
      // The connection that arrives late is released; a connect that fails late needs nothing.
      this.track(
        connecting.then(
          (connection) => connection.disconnect(),
          () => undefined,
        ),
      );
      return { ...base, outcome: this.timedOut('no connection') };
    }
    const session = new CardSession(connected.value, this.options.session);
    const work = this.identifyAndRead(
      session,
      kind,
      base.cardName,
      atr && contactlessStorageInfo(atr)?.cardName,
    );
    let result: { value: PipelineResult; timedOut: boolean };
    try {
      const left = Math.max(0, this.readTimeoutMs - (performance.now() - began));
      const answered = await within(work, left);
      result = answered.done
        ? { value: answered.value, timedOut: false }
        : { value: { ...base, outcome: this.timedOut('no answer') }, timedOut: true };
    } catch (error) {
      await session.close().catch(() => undefined);
      throw error;
    }
    // A read past its time sends nothing more: the card is released once its answer comes.
    if (result.timedOut) session.cancel('the read timed out');
    const release = (
      result.timedOut
        ? work.then(
            () => undefined,
            () => undefined,
          )
        : Promise.resolve()
    )
      .then(() => this.signal(session, result.value.outcome.ok))
      .then(() => session.close())
      .catch((error: unknown) => this.logger.warn({ reader, err: error }, 'card release failed'));
    if (result.timedOut) this.track(release);
    else await release;
    return result.value;
  }

  private timedOut(what: string): CredentialReadOutcome {
    return {
      ok: false,
      reason: 'unreadable-card',
      detail: `${what} within ${this.readTimeoutMs} ms`,
    };
  }

  private async identifyAndRead(
    session: CardSession,
    kind: CardKind,
    cardName: string | null,
    storageName: number | undefined,
  ): Promise<PipelineResult> {
    let name = cardName;
    if (
      storageName !== undefined &&
      ULTRALIGHT_FAMILY.has(storageName) &&
      this.getVersionOn(session.reader)
    ) {
      const version = await readNtagVersion(session);
      if (version?.chip) name = version.chip;
    }
    const { outcome, tried } = await this.methods.read(session, kind);
    return { outcome, cardName: name, methodsTried: tried };
  }

  private async signal(session: CardSession, ok: boolean): Promise<void> {
    if (!this.feedback?.appliesTo(session.reader)) return;
    const { result, err } = await this.feedback.signal(session, ok);
    this.logger.debug({ reader: session.reader, result, err }, 'reader feedback');
  }
}

type Within<T> = { done: true; value: T } | { done: false };

/** Settles like `promise` when it settles within `ms`; otherwise resolves `{ done: false }`. */
async function within<T>(promise: Promise<T>, ms: number): Promise<Within<T>> {
  let timer: NodeJS.Timeout | undefined;
  const expiry = new Promise<{ done: false }>((resolve) => {
    timer = setTimeout(() => resolve({ done: false }), ms);
  });
  try {
    return await Promise.race([promise.then((value) => ({ done: true as const, value })), expiry]);
  } finally {
    clearTimeout(timer);
  }
}
