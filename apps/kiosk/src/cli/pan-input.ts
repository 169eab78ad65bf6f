import { PanCredential } from '@kiosk/card';
import { CliFailure } from './cli-output';

/**
 * Bank-card numbers typed or piped on standard input, one per line: never on a command line,
 * where they would land in shell history and the process list. Spaces and dashes are allowed.
 * An error names the line, never the digits.
 */
export async function readPansFromStdin(
  stream: NodeJS.ReadableStream = process.stdin,
): Promise<PanCredential[]> {
  let text = '';
  for await (const chunk of stream) text += String(chunk);
  const pans: PanCredential[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    const digits = line.replace(/[\s-]/g, '');
    if (digits === '') return;
    const parsed = PanCredential.fromDigits(digits);
    if (!parsed.ok) {
      throw new CliFailure(
        `line ${index + 1} of standard input is not a card number (${parsed.problem})`,
        1,
      );
    }
    pans.push(parsed.pan);
  });
  if (pans.length === 0) throw new CliFailure('--pan-stdin: no card number on standard input', 1);
  return pans;
}
