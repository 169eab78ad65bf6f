import { registerAs, type ConfigType } from '@nestjs/config';
import { compileReaderPattern } from '@kiosk/card';

/**
 * The one place that reads process.env. Every KIOSK_* key sits beside its default; a bad value is
 * reported with every other bad value at once, so an installer fixes the file in one pass.
 */
export interface KioskConfig {
  readonly database: { readonly path: string };
  /** The HMAC-SHA-256 key for bank-card numbers: a file outside the database, never in it. */
  readonly panKeyFile: string;
  readonly http: { readonly host: string; readonly port: number };
  readonly log: { readonly level: LogLevel; readonly format: LogFormat };
  readonly reader: { readonly pattern: string | null };
  readonly door: {
    readonly id: string;
    /** null: the built-in door board simulator on an internal pseudo-terminal pair. */
    readonly serialPort: string | null;
    readonly baudRate: number;
    readonly address: number;
    readonly relayOutput: number;
    readonly pulseMs: number;
    readonly contactInput: number;
    /** true: an active contact input means the door is open (a normally-closed contact wired as usual). */
    readonly contactActiveMeansOpen: boolean;
    readonly rexInput: number | null;
    readonly heldOpenMs: number;
  };
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
/** json: one JSON object a line, for journald and tools; pretty: one readable line, for a console. */
export type LogFormat = 'json' | 'pretty';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];
// Baud rates OSDP v2.2 lists for osdp_COMSET; 9600 is the standard's default.
const OSDP_BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 230400];

export class KioskConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid kiosk configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'KioskConfigError';
  }
}

type Env = Readonly<Record<string, string | undefined>>;

export function loadKioskConfig(env: Env): KioskConfig {
  const problems: string[] = [];
  const text = (key: string, fallback: string): string => {
    const value = env[key]?.trim();
    return value === undefined || value === '' ? fallback : value;
  };
  const optionalText = (key: string): string | null => {
    const value = env[key]?.trim();
    return value === undefined || value === '' ? null : value;
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const raw = env[key]?.trim();
    if (raw === undefined || raw === '') return fallback;
    const value = Number(raw);
    if (!/^\d+$/.test(raw) || value < min || value > max) {
      problems.push(`${key}=${raw}: expected a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  };
  const oneOf = <T extends string | number>(key: string, value: T, allowed: readonly T[]): T => {
    if (!allowed.includes(value))
      problems.push(`${key}=${value}: expected one of ${allowed.join(', ')}`);
    return value;
  };

  const config: KioskConfig = {
    database: { path: text('KIOSK_DB', './data/kiosk.db') },
    // Created (32 random bytes, mode 0600) on first start when missing. Back it up apart from the
    // database: with the key, a stolen database reveals nothing; without it, PANs must be re-enrolled.
    panKeyFile: text('KIOSK_PAN_KEY_FILE', './data/pan-hmac.key'),
    // Loopback by default: the admin API is opened to the building network on purpose, not by accident.
    http: {
      host: text('KIOSK_HTTP_HOST', '127.0.0.1'),
      port: int('KIOSK_HTTP_PORT', 8080, 0, 65535),
    },
    log: {
      level: oneOf('KIOSK_LOG_LEVEL', text('KIOSK_LOG_LEVEL', 'info') as LogLevel, LOG_LEVELS),
      format: oneOf('KIOSK_LOG_FORMAT', text('KIOSK_LOG_FORMAT', 'json') as LogFormat, [
        'json',
        'pretty',
      ]),
    },
    reader: { pattern: readerPattern(optionalText('KIOSK_READER'), problems) },
    door: {
      id: text('KIOSK_DOOR_ID', 'main'),
      serialPort: optionalText('KIOSK_DOOR_PORT'),
      baudRate: oneOf(
        'KIOSK_DOOR_BAUD',
        int('KIOSK_DOOR_BAUD', 9600, 1, 10_000_000),
        OSDP_BAUD_RATES,
      ),
      // OSDP v2.2: PD addresses are 0x00-0x7E; 0x7F is the broadcast address.
      address: int('KIOSK_DOOR_ADDRESS', 0, 0, 0x7e),
      relayOutput: int('KIOSK_DOOR_RELAY', 0, 0, 255),
      // osdp_OUT's timer counts 100 ms units in 16 bits; a strike rarely needs more than a few seconds.
      pulseMs: int('KIOSK_DOOR_PULSE_MS', 3000, 100, 6_553_500),
      contactInput: int('KIOSK_DOOR_CONTACT_INPUT', 0, 0, 255),
      contactActiveMeansOpen:
        oneOf('KIOSK_DOOR_CONTACT_OPEN_WHEN', text('KIOSK_DOOR_CONTACT_OPEN_WHEN', 'active'), [
          'active',
          'inactive',
        ]) === 'active',
      rexInput:
        optionalText('KIOSK_DOOR_REX_INPUT') === null
          ? null
          : int('KIOSK_DOOR_REX_INPUT', 0, 0, 255),
      // Long enough for a wheelchair or a delivery; an alarm after that.
      heldOpenMs: int('KIOSK_DOOR_HELD_OPEN_MS', 30_000, 1000, 3_600_000),
    },
  };
  if (problems.length > 0) throw new KioskConfigError(problems);
  return deepFreeze(config);
}

/** A substring of reader names, or /regex/flags: a bad regex is a configuration problem. */
function readerPattern(pattern: string | null, problems: string[]): string | null {
  const compiled = compileReaderPattern(pattern ?? undefined);
  if (!compiled.ok)
    problems.push(`KIOSK_READER=${pattern}: not a regular expression (${compiled.detail})`);
  return pattern;
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}

/** Nest registration: inject with `@Inject(kioskConfig.KEY) config: KioskConfigType`. */
export const kioskConfig = registerAs('kiosk', () => loadKioskConfig(process.env));
export type KioskConfigType = ConfigType<typeof kioskConfig>;
