import {
  encodeCommandApdu,
  INS_GET_RESPONSE,
  parseResponseApdu,
  type CommandApdu,
  type ResponseApdu,
} from '../codec/apdu.codec';
import { SW1_BYTES_AVAILABLE, SW1_WRONG_LE } from '../codec/status-word';
import { CardFault, type CardConnection, type CardProtocol } from '../transport/card-transport';

export type TransmitOutcome =
  | { ok: true; response: ResponseApdu; exchanges: number }
  | { ok: false; problem: 'fault'; fault: CardFault; exchanges: number }
  | { ok: false; problem: SessionProblem; detail: string; exchanges: number };

/**
 * - `bad-command`: the command cannot be encoded (nothing was sent).
 * - `malformed-response`: the card answered fewer than two bytes.
 * - `too-many-exchanges`: the card kept answering 61xx past the session's bound.
 */
export type SessionProblem = 'bad-command' | 'malformed-response' | 'too-many-exchanges';

export interface CardSessionOptions {
  /** GET RESPONSE rounds allowed for one command (61xx after 61xx). */
  maxGetResponse?: number;
  /** Resends allowed for one command after 6Cxx. */
  maxWrongLeRetries?: number;
  /** The class byte of GET RESPONSE for a command of class `cla`. */
  getResponseCla?: (cla: number) => number;
}

/**
 * ISO/IEC 7816-4 interindustry class (b8 = 0): GET RESPONSE keeps the logical channel number
 * (b2-b1). After a proprietary class (b8 = 1, for example 80 for EMV), GET RESPONSE is sent in 00.
 */
export const defaultGetResponseCla = (cla: number): number => ((cla & 0x80) === 0 ? cla & 0x03 : 0);

/**
 * One connected card. It applies the T=0 response rules (ISO/IEC 7816-3 T=0 procedure bytes, as
 * surfaced by ISO/IEC 7816-4 status words) above any transport:
 * - `61 xx`: xx more bytes wait; fetch them with GET RESPONSE (00 C0 00 00 xx), and concatenate;
 * - `6C xx`: wrong Le; send the same command again with Ne = xx.
 * Both are bounded, so a card answering 61xx forever cannot hold the reader.
 */
export class CardSession {
  private readonly maxGetResponse: number;
  private readonly maxWrongLeRetries: number;
  private readonly getResponseCla: (cla: number) => number;
  private cancelled?: CardFault;

  constructor(
    private readonly connection: CardConnection,
    options: CardSessionOptions = {},
  ) {
    this.maxGetResponse = options.maxGetResponse ?? 32;
    this.maxWrongLeRetries = options.maxWrongLeRetries ?? 1;
    this.getResponseCla = options.getResponseCla ?? defaultGetResponseCla;
  }

  get reader(): string {
    return this.connection.reader;
  }

  get atr(): Uint8Array {
    return this.connection.atr;
  }

  get protocol(): CardProtocol {
    return this.connection.protocol;
  }

  /**
   * Sends one command and follows 61xx / 6Cxx within the session's bounds. `getResponseCla`
   * overrides the class of GET RESPONSE for this command: a card of a proprietary class such as
   * the seed's BC answers GET RESPONSE only in its own class.
   */
  async transmit(
    command: CommandApdu,
    options: { getResponseCla?: number } = {},
  ): Promise<TransmitOutcome> {
    const chunks: Uint8Array[] = [];
    let current = command;
    let exchanges = 0;
    let wrongLe = 0;
    let getResponses = 0;
    for (;;) {
      const step = await this.exchange(current, exchanges);
      if (!step.ok) return step;
      exchanges += 1;
      const r = step.response;
      if (r.sw1 === SW1_WRONG_LE && getResponses === 0 && wrongLe < this.maxWrongLeRetries) {
        wrongLe += 1;
        current = { ...current, ne: r.sw2 || 256 };
        continue;
      }
      chunks.push(r.data);
      if (r.sw1 !== SW1_BYTES_AVAILABLE) {
        return { ok: true, response: { ...r, data: concat(chunks) }, exchanges };
      }
      if (getResponses >= this.maxGetResponse) {
        const detail = `still 61xx after ${getResponses} GET RESPONSE`;
        return { ok: false, problem: 'too-many-exchanges', detail, exchanges };
      }
      getResponses += 1;
      const cla = options.getResponseCla ?? this.getResponseCla(command.cla);
      current = this.getResponse(cla, r.sw2 || 256);
    }
  }

  /** No command is sent after this: each later transmit ends with a `transport-stopped` fault. */
  cancel(reason: string): void {
    this.cancelled ??= new CardFault('transport-stopped', `session cancelled: ${reason}`);
  }

  /** Releases the card (SCardDisconnect); see CardConnection.disconnect. */
  close(): Promise<void> {
    return this.connection.disconnect();
  }

  private getResponse(cla: number, ne: number): CommandApdu {
    const data = new Uint8Array(0);
    return { cla, ins: INS_GET_RESPONSE, p1: 0, p2: 0, data, ne };
  }

  /** One command, one response; a CardFault becomes an outcome, anything else propagates. */
  private async exchange(
    command: CommandApdu,
    exchanges: number,
  ): Promise<(TransmitOutcome & { ok: false }) | { ok: true; response: ResponseApdu }> {
    const encoded = encodeCommandApdu(command);
    if (!encoded.ok)
      return { ok: false, problem: 'bad-command', detail: encoded.detail, exchanges };
    if (this.cancelled) return { ok: false, problem: 'fault', fault: this.cancelled, exchanges };
    let raw: Uint8Array;
    try {
      raw = await this.connection.transmit(encoded.bytes);
    } catch (error) {
      if (error instanceof CardFault)
        return { ok: false, problem: 'fault', fault: error, exchanges };
      throw error;
    }
    const parsed = parseResponseApdu(raw);
    if (!parsed.ok) {
      const detail = `response of ${raw.length} byte(s), need SW1 SW2`;
      return { ok: false, problem: 'malformed-response', detail, exchanges: exchanges + 1 };
    }
    return { ok: true, response: parsed.value };
  }
}

function concat(chunks: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
