// npm run tap -- <UID hex> | --profile P [--pan digits] [--hostile B] [--slot 0|1] [--port N] [--host H] [--hold ms]
// A TEST AND DEMO TOOL: presents a virtual contactless card to pcscd's vpcd virtual reader.
import { profileByName, tap, VirtualCardError, type TapStep } from '@kiosk/card/virtual';
import { parseTapArgs, TEST_TOOL_NOTICE } from './tap-args';

/** Spaced upper-case hex; the tool needs only @kiosk/card/virtual (no Nest, no pcsclite). */
const toHex = (bytes: Uint8Array): string =>
  Buffer.from(bytes)
    .toString('hex')
    .toUpperCase()
    .replace(/(..)(?!$)/g, '$1 ');

function describe(step: TapStep): string {
  switch (step.step) {
    case 'inserted':
      return `card in the field at ${step.endpoint} (ATR ${toHex(step.atr)})`;
    case 'apdu':
      return `  reader > ${toHex(step.command)}\n  card   < ${toHex(step.response)}`;
    case 'removed':
      return step.why === 'no-reader'
        ? `card removed after ${step.heldMs} ms: no reader asked it anything (is the kiosk running?)`
        : `card removed after ${step.heldMs} ms (${step.why === 'reader-done' ? 'the reader was done with it' : 'time limit'})`;
  }
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseTapArgs(argv);
  if (!parsed.ok) {
    (parsed.exitCode === 0 ? process.stdout : process.stderr).write(parsed.output);
    return parsed.exitCode;
  }
  const { uid, host, holdMs, kind, slot, profile: name, pan, hostile } = parsed.args;
  console.log(TEST_TOOL_NOTICE);
  try {
    const profile = name ? profileByName({ name, uid, pan, hostile }) : undefined;
    const what = profile ? `profile ${profile.name}` : `UID ${uid}`;
    console.log(
      `tapping ${what} on vpcd slot ${slot} (${host}:${parsed.effectivePort}): held at least ${holdMs} ms, until the reader is done`,
    );
    const report = await tap({
      uid,
      profile,
      host,
      port: parsed.effectivePort,
      holdMs,
      kind,
      onStep: (s) => console.log(describe(s)),
    });
    // pcscd sees a vpcd card leave only on its next presence poll; a card tapped again before
    // that takes the old one's place unseen (no removal, no new card, so no read). Waiting here
    // lets two taps in a row, from a script or a quick hand, both count.
    await new Promise((resolve) => setTimeout(resolve, PCSCD_NOTICES_REMOVAL_MS));
    console.log(`done: ${report.exchanges.length} APDU exchange(s)`);
    return 0;
  } catch (error) {
    const known = error instanceof VirtualCardError || error instanceof RangeError;
    console.error(known ? `tap: ${error.message}` : error);
    return 1;
  }
}

/** Longer than pcscd's presence poll of a vpcd reader (measured: a new tap 0.3 s after one was missed). */
const PCSCD_NOTICES_REMOVAL_MS = 800;

void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
