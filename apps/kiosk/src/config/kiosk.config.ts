import { registerAs, type ConfigType } from '@nestjs/config';
import { loadCardReadingConfig, readPattern, type CardReadingConfig } from './card-reading.config';
import { EnvReader, type Env } from './env-reader';
import { DomainError } from '../errors/domain-error';

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
  /** The readers followed (a pattern; null: every reader). */
  readonly reader: { readonly pattern: string | null };
  readonly cards: CardReadingConfig;
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

export class KioskConfigError extends DomainError {
  constructor(readonly problems: readonly string[]) {
    super('config-invalid', `Invalid kiosk configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'KioskConfigError';
  }
}

export function loadKioskConfig(env: Env): KioskConfig {
  const read = new EnvReader(env);
  const config: KioskConfig = {
    database: { path: read.text('KIOSK_DB', './data/kiosk.db') },
    // Created (32 random bytes, mode 0600) on first start when missing. Back it up apart from the
    // database: with the key, a stolen database reveals nothing; without it, PANs must be re-enrolled.
    panKeyFile: read.text('KIOSK_PAN_KEY_FILE', './data/pan-hmac.key'),
    // Loopback by default: the admin API is opened to the building network on purpose, not by accident.
    http: {
      host: read.text('KIOSK_HTTP_HOST', '127.0.0.1'),
      port: read.int('KIOSK_HTTP_PORT', 8080, 0, 65535),
    },
    log: {
      level: read.oneOf(
        'KIOSK_LOG_LEVEL',
        read.text('KIOSK_LOG_LEVEL', 'info') as LogLevel,
        LOG_LEVELS,
      ),
      format: read.oneOf('KIOSK_LOG_FORMAT', read.text('KIOSK_LOG_FORMAT', 'json') as LogFormat, [
        'json',
        'pretty',
      ]),
    },
    reader: { pattern: readPattern(read, 'KIOSK_READER') },
    cards: loadCardReadingConfig(read),
    door: {
      id: read.text('KIOSK_DOOR_ID', 'main'),
      serialPort: read.optionalText('KIOSK_DOOR_PORT'),
      baudRate: read.oneOf(
        'KIOSK_DOOR_BAUD',
        read.int('KIOSK_DOOR_BAUD', 9600, 1, 10_000_000),
        OSDP_BAUD_RATES,
      ),
      // OSDP v2.2: PD addresses are 0x00-0x7E; 0x7F is the broadcast address.
      address: read.int('KIOSK_DOOR_ADDRESS', 0, 0, 0x7e),
      relayOutput: read.int('KIOSK_DOOR_RELAY', 0, 0, 255),
      // osdp_OUT's timer counts 100 ms units in 16 bits; a strike rarely needs more than a few seconds.
      pulseMs: read.int('KIOSK_DOOR_PULSE_MS', 3000, 100, 6_553_500),
      contactInput: read.int('KIOSK_DOOR_CONTACT_INPUT', 0, 0, 255),
      contactActiveMeansOpen:
        read.oneOf(
          'KIOSK_DOOR_CONTACT_OPEN_WHEN',
          read.text('KIOSK_DOOR_CONTACT_OPEN_WHEN', 'active'),
          ['active', 'inactive'],
        ) === 'active',
      rexInput:
        read.optionalText('KIOSK_DOOR_REX_INPUT') === null
          ? null
          : read.int('KIOSK_DOOR_REX_INPUT', 0, 0, 255),
      // Long enough for a wheelchair or a delivery; an alarm after that.
      heldOpenMs: read.int('KIOSK_DOOR_HELD_OPEN_MS', 30_000, 1000, 3_600_000),
    },
  };
  if (read.problems.length > 0) throw new KioskConfigError(read.problems);
  return deepFreeze(config);
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
