import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';

export interface TapArgs {
  uid: string;
  slot: number;
  /** vpcd's port for slot 0; the card connects to port + slot. */
  port: number;
  host: string;
  holdMs: number;
  kind?: 'ntag216' | 'mifare-classic-1k';
}

export type TapArgsResult =
  | { ok: true; args: TapArgs; effectivePort: number }
  | { ok: false; exitCode: number; output: string };

export const TEST_TOOL_NOTICE =
  'TEST/DEMO TOOL: this presents a virtual card to a vpcd virtual reader; it never touches a real reader or card.';

const VPCD_DEFAULT_PORT = 0x8c7b;

const integer =
  (name: string, min: number, max: number) =>
  (value: string): number => {
    const n = Number(value);
    if (!/^\d+$/.test(value) || n < min || n > max) {
      throw new InvalidArgumentError(`${name} must be an integer from ${min} to ${max}.`);
    }
    return n;
  };

const uidArgument = (value: string): string => {
  const hex = value.replace(/[\s:-]/g, '').toUpperCase();
  if (!/^[0-9A-F]*$/.test(hex) || ![8, 14, 20].includes(hex.length)) {
    throw new InvalidArgumentError('a UID is 4, 7 or 10 bytes of hex, for example 04A224E2C35E80.');
  }
  return hex;
};

function tapCommand(): Command {
  return new Command('tap')
    .description(`Tap a virtual contactless card on a vpcd reader.\n${TEST_TOOL_NOTICE}`)
    .argument('<uid>', 'card UID in hex (4, 7 or 10 bytes)', uidArgument)
    .option(
      '--slot <n>',
      'vpcd reader slot: 0 = "Virtual PCD 00 00", 1 = "… 00 01"',
      integer('--slot', 0, 1),
      0,
    )
    .option(
      '--port <n>',
      'vpcd port of slot 0 (its CHANNELID)',
      integer('--port', 1, 65534),
      VPCD_DEFAULT_PORT,
    )
    .option('--host <host>', 'vpcd host', '127.0.0.1')
    .option(
      '--hold <ms>',
      'how long the card stays on the reader',
      integer('--hold', 0, 600_000),
      800,
    )
    .addOption(new Option('--kind <kind>', 'card type').choices(['ntag216', 'mifare-classic-1k']))
    .addHelpText('after', '\nExample: npm run tap -- 04A224E2C35E80 --slot 1 --hold 1500')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)');
}

/** Pure: argv (without node and script) in, options or the text to print and exit code out. */
export function parseTapArgs(argv: string[]): TapArgsResult {
  let output = '';
  const command = tapCommand().configureOutput({
    writeOut: (text) => (output += text),
    writeErr: (text) => (output += text),
  });
  try {
    command.parse(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return { ok: false, exitCode: error.exitCode, output };
    throw error;
  }
  const opts = command.opts<{
    slot: number;
    port: number;
    host: string;
    hold: number;
    kind?: TapArgs['kind'];
  }>();
  const uid = command.processedArgs[0] as string;
  const args: TapArgs = {
    uid,
    slot: opts.slot,
    port: opts.port,
    host: opts.host,
    holdMs: opts.hold,
    kind: opts.kind,
  };
  return { ok: true, args, effectivePort: opts.port + opts.slot };
}
