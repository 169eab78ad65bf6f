import type { CommandApdu, ResponseApdu } from '../codec/apdu.codec';
import { describeStatusWord, type StatusWord } from '../codec/status-word';
import type { CardSession } from '../session/card.session';
import type { CardFault } from '../transport/card-transport';
import type { CredentialRefusal } from './credential';

/** One command of a credential method, with its name for details ("SELECT PPSE"). */
export type CommandResult = { ok: true; response: ResponseApdu } | CredentialRefusal;

/**
 * Sends a command and turns every failure into a refusal: a transport fault by its meaning
 * (card-removed, …), a malformed or endless answer as unreadable-card. The status word is left
 * to the caller.
 */
export async function sendCommand(
  session: CardSession,
  what: string,
  command: CommandApdu,
  options: { getResponseCla?: number } = {},
): Promise<CommandResult> {
  const outcome = await session.transmit(command, options);
  if (outcome.ok) return { ok: true, response: outcome.response };
  if (outcome.problem === 'fault') return refusalForFault(outcome.fault);
  return {
    ok: false,
    reason: 'unreadable-card',
    detail: `${what}: ${outcome.problem}: ${outcome.detail}`,
  };
}

/** `SELECT 3F00: 6A82 file or application not found`. */
export function statusDetail(what: string, sw: StatusWord): string {
  const d = describeStatusWord(sw);
  return `${what}: ${d.hex} ${d.meaning}`;
}

/** ISO/IEC 7816-4: 9000, or a 62xx/63xx warning that still returns data. */
export const isProcessed = (sw: StatusWord): boolean =>
  sw === 0x9000 || sw >> 8 === 0x62 || sw >> 8 === 0x63;

export function refusalForFault(fault: CardFault): CredentialRefusal {
  const detail = `${fault.code}: ${fault.message}`;
  switch (fault.code) {
    case 'card-removed':
    case 'reader-removed':
      return { ok: false, reason: 'card-removed', detail };
    case 'card-reset':
    case 'card-unresponsive':
    case 'reader-busy':
    case 'middleware-unavailable':
    case 'protocol-error':
    case 'transport-stopped':
    case 'unknown':
      return { ok: false, reason: 'unreadable-card', detail };
  }
}
