import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import {
  HOSTILE_BEHAVIOURS,
  PROFILE_NAMES,
  type HostileBehaviour,
  type ProfileName,
} from '@kiosk/card/virtual';

/** The virtual card profiles and hostile behaviours, as the card library defines them. */
const PROFILES = PROFILE_NAMES;
const HOSTILE = HOSTILE_BEHAVIOURS;

export interface TapArgs {
  /** Absent with --profile (the profile has a default UID). */
  uid?: string;
  profile?: ProfileName;
  /** A public test PAN for purse-card, emv-contact, emv-contactless. */
  pan?: string;
  hostile?: HostileBehaviour;
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

const panArgument = (value: string): string => {
  if (!/^\d{12,19}$/.test(value)) throw new InvalidArgumentError('a PAN is 12 to 19 digits.');
  return value;
};

function tapCommand(): Command {
  return new Command('tap')
    .description(`Tap a virtual contactless card on a vpcd reader.\n${TEST_TOOL_NOTICE}`)
    .argument(
      '[uid]',
      'card UID in hex (4, 7 or 10 bytes); required without --profile',
      uidArgument,
    )
    .addOption(new Option('--profile <name>', 'a virtual card profile').choices(PROFILES))
    .option('--pan <digits>', 'PAN of a bank-card profile (public test numbers only)', panArgument)
    .addOption(
      new Option('--hostile <behaviour>', 'what the hostile profile does').choices(HOSTILE),
    )
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
      'least time the card stays on the reader (it stays until the reader is done with it)',
      integer('--hold', 0, 600_000),
      800,
    )
    .addOption(new Option('--kind <kind>', 'card type').choices(['ntag216', 'mifare-classic-1k']))
    .addHelpText(
      'after',
      '\nExamples: npm run tap -- 04A224E2C35E80 --slot 1 --hold 1500\n' +
        '          npm run tap -- --profile emv-contactless --pan 5413330089600010\n' +
        '          npm run tap -- --profile hostile --hostile endless-61xx',
    )
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
    profile?: TapArgs['profile'];
    pan?: string;
    hostile?: TapArgs['hostile'];
  }>();
  const uid = command.processedArgs[0] as string | undefined;
  if (uid === undefined && opts.profile === undefined) {
    return {
      ok: false,
      exitCode: 1,
      output: 'error: missing required argument: a UID, or --profile\n',
    };
  }
  const args: TapArgs = {
    uid,
    ...(opts.profile ? { profile: opts.profile } : {}),
    ...(opts.pan ? { pan: opts.pan } : {}),
    ...(opts.hostile ? { hostile: opts.hostile } : {}),
    slot: opts.slot,
    port: opts.port,
    host: opts.host,
    holdMs: opts.hold,
    kind: opts.kind,
  };
  return { ok: true, args, effectivePort: opts.port + opts.slot };
}
