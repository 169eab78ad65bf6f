import { registerAs, type ConfigType } from '@nestjs/config';
import { loadCardReadingConfig, readPattern, type CardReadingConfig } from './card-reading.config';
import { loadDoorBus, loadDoors, type DoorBusSettings, type DoorSettings } from './doors.config';
import { EnvReader, type Env } from './env-reader';
import { DomainError } from '../errors/domain-error';

/**
 * The one place that reads process.env. Every KIOSK_* key sits beside its default; a bad value is
 * reported with every other bad value at once, so an installer fixes the file in one pass.
 */
export interface KioskConfig {
  /** The SQLite file, and the most it may grow to (null: as far as the disk allows). */
  readonly database: { readonly path: string; readonly maxBytes: number | null };
  /** The HMAC-SHA-256 key for bank-card numbers: a file outside the database, never in it. */
  readonly panKeyFile: string;
  /** The Ed25519 key that signs audit exports and heads: a file outside the database. */
  readonly auditKeyFile: string;
  readonly http: { readonly host: string; readonly port: number };
  readonly log: { readonly level: LogLevel; readonly format: LogFormat };
  /** The readers followed (a pattern; null: every reader). */
  readonly reader: { readonly pattern: string | null };
  readonly cards: CardReadingConfig;
  readonly doorBus: DoorBusSettings;
  /** The doors of this terminal, in configuration order; at least one. */
  readonly doors: readonly DoorSettings[];
  /** Audit records older than this many days, and exported, are pruned; null: kept for ever. */
  readonly audit: { readonly retentionDays: number | null };
  /** The site's IANA time zone: time windows are judged in it, not in the process's. */
  readonly site: { readonly timeZone: string };
}

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
/** json: one JSON object a line, for journald and tools; pretty: one readable line, for a console. */
export type LogFormat = 'json' | 'pretty';
const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'];

export class KioskConfigError extends DomainError {
  constructor(readonly problems: readonly string[]) {
    super('config-invalid', `Invalid kiosk configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'KioskConfigError';
  }
}

export function loadKioskConfig(env: Env): KioskConfig {
  const read = new EnvReader(env);
  const config: KioskConfig = {
    database: {
      path: read.text('KIOSK_DB', './data/kiosk.db'),
      // A terminal's card must not fill the disk the system needs: past this size nothing more is
      // written, so no door opens for a card (the "cannot write" path), announced from 80 %.
      maxBytes:
        read.optionalText('KIOSK_DB_MAX_MB') === null
          ? null
          : read.int('KIOSK_DB_MAX_MB', 0, 1, 1_000_000) * 1024 * 1024,
    },
    // Created (32 random bytes, mode 0600) on first start when missing. Back it up apart from the
    // database: with the key, a stolen database reveals nothing; without it, PANs must be re-enrolled.
    panKeyFile: read.text('KIOSK_PAN_KEY_FILE', './data/pan-hmac.key'),
    // Created (Ed25519, PKCS#8 PEM, mode 0600) on first start when missing; its public half is
    // what an auditor verifies exports with (`kiosk audit public-key`).
    auditKeyFile: read.text('KIOSK_AUDIT_KEY_FILE', './data/audit-ed25519.pem'),
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
    doorBus: loadDoorBus(read),
    doors: loadDoors(read),
    site: { timeZone: readTimeZone(read) },
    // Off by default: an auditor decides how long the terminal keeps what was exported.
    audit: {
      retentionDays:
        read.optionalText('KIOSK_AUDIT_RETENTION_DAYS') === null
          ? null
          : read.int('KIOSK_AUDIT_RETENTION_DAYS', 0, 1, 36_500),
    },
  };
  if (read.problems.length > 0) throw new KioskConfigError(read.problems);
  return deepFreeze(config);
}

/**
 * KIOSK_TIME_ZONE, an IANA zone name such as Europe/Berlin, checked against the platform's own
 * zone data (Intl); default: the zone the system is set to.
 */
function readTimeZone(read: EnvReader): string {
  const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zone = read.text('KIOSK_TIME_ZONE', system);
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return read.problem(
      'KIOSK_TIME_ZONE',
      zone,
      'not an IANA time zone (e.g. Europe/Berlin)',
      system,
    );
  }
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
