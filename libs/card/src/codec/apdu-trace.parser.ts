import type { Decoded } from './decoded';
import { parseHex } from './hex';

/**
 * A card trace (libs/card/test-data/traces/*.apdu), one exchange per pair of lines:
 *   `# text`  a comment;   `> hex`  a command APDU;   `< hex`  its response APDU;
 *   `! name`  instead of a response: the exchange fails with that transport fault
 *             (for example `! card-removed` for a card pulled mid-read).
 * Bytes may be spaced. Blank lines are ignored.
 */
export type ApduTraceStep =
  { command: Uint8Array; response: Uint8Array } | { command: Uint8Array; fault: string };

export type ApduTraceProblem = 'bad-line' | 'not-hex' | 'reply-without-command' | 'missing-reply';

/** `at` is the 1-based line number of the problem. */
export function parseApduTrace(text: string): Decoded<ApduTraceStep[], ApduTraceProblem> {
  const steps: ApduTraceStep[] = [];
  let pending: Uint8Array | undefined;
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    const at = index + 1;
    if (line === '' || line.startsWith('#')) continue;
    const mark = line[0];
    const rest = line.slice(1).trim();
    if (mark !== '>' && mark !== '<' && mark !== '!') return { ok: false, problem: 'bad-line', at };
    if (mark === '>') {
      if (pending) return { ok: false, problem: 'missing-reply', at };
      const bytes = parseHex(rest);
      if (!bytes.ok) return { ok: false, problem: 'not-hex', at };
      pending = bytes.value;
      continue;
    }
    if (!pending) return { ok: false, problem: 'reply-without-command', at };
    if (mark === '!') {
      steps.push({ command: pending, fault: rest });
    } else {
      const bytes = parseHex(rest);
      if (!bytes.ok) return { ok: false, problem: 'not-hex', at };
      steps.push({ command: pending, response: bytes.value });
    }
    pending = undefined;
  }
  if (pending) return { ok: false, problem: 'missing-reply', at: lines.length };
  return { ok: true, value: steps, used: text.length };
}
