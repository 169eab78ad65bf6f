import { hexBytes } from '../codec/hex';
import { compileReaderPattern } from '../codec/reader-pattern';
import type { CardSession } from '../session/card.session';

/**
 * ACR122U "Bi-Color LED and Buzzer Control" pseudo-APDU (ACR122U API, class FF, answered by the
 * reader): FF 00 40 <LED state> 04 <T1> <T2> <repetitions> <buzzer>, T1/T2 in 100 ms units.
 * Off by default; on only for the readers matching `readerPattern`.
 */
export interface ReaderFeedbackOptions {
  readerPattern: string;
  /** Longest wait for the reader's answer; the read is never held longer. Default 300 ms. */
  timeoutMs?: number;
}

/** Green LED blinks once with a short beep. */
export const FEEDBACK_GRANTED = hexBytes('FF 00 40 A8 04 01 01 01 01');
/** Red LED blinks twice with two beeps. */
export const FEEDBACK_REFUSED = hexBytes('FF 00 40 54 04 02 01 02 01');

/** What became of the feedback, for the caller's log. */
export interface FeedbackResult {
  /** `SW 9000`, a session problem (`fault`, …), `failed`, or `no answer within … ms`. */
  result: string;
  /** The fault or error behind `fault` or `failed`, whole (stack and cause) for the log. */
  err?: unknown;
}

/** Sends the feedback for a read; a failure or a slow reader is ignored (logged by the caller). */
export class ReaderFeedback {
  private readonly matches: (reader: string) => boolean;
  private readonly timeoutMs: number;

  constructor(options: ReaderFeedbackOptions) {
    const pattern = compileReaderPattern(options.readerPattern);
    if (!pattern.ok) throw new Error(`feedback readerPattern: ${pattern.detail}`);
    this.matches = pattern.matches;
    this.timeoutMs = options.timeoutMs ?? 300;
  }

  appliesTo(reader: string): boolean {
    return this.matches(reader);
  }

  /** Resolves with what happened, never rejects. */
  async signal(session: CardSession, ok: boolean): Promise<FeedbackResult> {
    const bytes = ok ? FEEDBACK_GRANTED : FEEDBACK_REFUSED;
    const command = { cla: 0xff, ins: 0x00, p1: 0x40, p2: bytes[3] ?? 0, data: bytes.subarray(5) };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<FeedbackResult>((resolve) => {
      const result = `no answer within ${this.timeoutMs} ms`;
      timer = setTimeout(() => resolve({ result }), this.timeoutMs);
    });
    const sent = session.transmit(command).then(
      (o): FeedbackResult => {
        if (o.ok) return { result: `SW ${o.response.sw.toString(16)}` };
        return o.problem === 'fault' ? { result: o.problem, err: o.fault } : { result: o.problem };
      },
      (error: unknown): FeedbackResult => ({ result: 'failed', err: error }),
    );
    try {
      return await Promise.race([sent, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
