import { registerAs, type ConfigType } from '@nestjs/config';
import { loadCardReadingConfig, readPattern, type CardReadingConfig } from './card-reading.config';
import { loadDoorBus, loadDoors, type DoorBusSettings, type DoorSettings } from './doors.config';
import { EnvReader, type Env } from './env-reader';
import { parseKioskFile, readKioskFileSource, type KioskFileSource } from './kiosk-file';
import { isTimeZone, LIMITS, LOG_FORMATS, LOG_LEVELS } from './kiosk-file.schema';
import { DomainError } from '../errors/domain-error';
import { CLOCK_POLICIES, type ClockPolicy } from '../clock/clock-trust';

/**
 * The one place that reads process.env. The configuration file's keys and defaults are defined in
 * kiosk-file.schema.ts; each KIOSK_* variable that is set overrides its key. A bad value is
 * reported with every other bad value at once, so an installer fixes the file in one pass.
 */
export interface KioskConfig {
  /**
   * The SQLite file, the most it may grow to (null: as far as the disk allows), and how much of it
   * is read through a memory map (0: none).
   */
  readonly database: {
    readonly path: string;
    readonly maxBytes: number | null;
    readonly mmapBytes: number;
  };
  /** The HMAC-SHA-256 key for bank-card numbers: a file outside the database, never in it. */
  readonly panKeyFile: string;
  /** The Ed25519 key that signs audit exports and heads: a file outside the database. */
  readonly auditKeyFile: string;
  readonly http: {
    readonly host: string;
    readonly port: number;
    readonly rateLimitPerMinute: number;
  };
  readonly log: { readonly level: LogLevel; readonly format: LogFormat };
  /** The readers followed (a pattern; null: every reader). */
  readonly reader: { readonly pattern: string | null };
  /** The file's named readers; a door's `readers` are their patterns. */
  readonly readers: ReadonlyArray<{ readonly name: string; readonly pattern: string }>;
  readonly cards: CardReadingConfig;
  readonly doorBus: DoorBusSettings;
  /** The doors of this terminal, in configuration order; at least one. */
  readonly doors: readonly DoorSettings[];
  /** Audit records older than this many days, and exported, are pruned; null: kept for ever. */
  readonly audit: { readonly retentionDays: number | null };
  /** The site's IANA time zone: time windows are judged in it, not in the process's. */
  readonly site: { readonly timeZone: string };
  /**
   * While the clock cannot be trusted (docs/operations.md, "The clock"): who is denied, and
   * whether only an NTP-synchronised clock is trusted.
   */
  readonly clock: { readonly policy: ClockPolicy; readonly requireSync: boolean };
}

export type LogLevel = (typeof LOG_LEVELS)[number];
/** json: one JSON object a line, for journald and tools; pretty: one readable line, for a console. */
export type LogFormat = (typeof LOG_FORMATS)[number];

export class KioskConfigError extends DomainError {
  constructor(
    readonly problems: readonly string[],
    source?: KioskFileSource,
  ) {
    const from = source?.text != null ? ` (${source.path} and KIOSK_* variables)` : '';
    super('config-invalid', `Invalid kiosk configuration${from}:\n  - ${problems.join('\n  - ')}`);
    this.name = 'KioskConfigError';
  }
}

/** The configuration with where it came from: `kiosk config check` reports both. */
export interface ResolvedKioskConfig {
  readonly config: KioskConfig;
  readonly source: KioskFileSource;
  /** The KIOSK_* variables set, each overriding the file's key (or the default). */
  readonly overrides: readonly string[];
}

/**
 * The file (KIOSK_CONFIG, default ./kiosk.yaml; none at the default path: the defaults), with
 * each KIOSK_* variable that is set over its key. Every problem of both, at once, or the config.
 */
export function loadKioskConfig(env: Env, source = readKioskFileSource(env)): KioskConfig {
  return resolveKioskConfig(env, source).config;
}

export function resolveKioskConfig(env: Env, source: KioskFileSource): ResolvedKioskConfig {
  const parsed = parseKioskFile(source);
  const file = parsed.file;
  const read = new EnvReader(env);
  const maxMb =
    read.optionalText('KIOSK_DB_MAX_MB') === null
      ? (file.database.maxMb ?? null)
      : read.int('KIOSK_DB_MAX_MB', 0, LIMITS.dbMaxMb.min, LIMITS.dbMaxMb.max);
  const retentionDays =
    read.optionalText('KIOSK_AUDIT_RETENTION_DAYS') === null
      ? (file.audit.retentionDays ?? null)
      : read.int(
          'KIOSK_AUDIT_RETENTION_DAYS',
          0,
          LIMITS.retentionDays.min,
          LIMITS.retentionDays.max,
        );
  const panKeyFile = read.text('KIOSK_PAN_KEY_FILE', file.panKeyFile);
  const doorBus = loadDoorBus(read, parsed);
  const config: KioskConfig = {
    database: {
      path: read.text('KIOSK_DB', file.database.path),
      // A terminal's card must not fill the disk the system needs: past this size nothing more is
      // written, so no door opens for a card (the "cannot write" path), announced from 80 %.
      maxBytes: maxMb === null ? null : maxMb * 1024 * 1024,
      // Lookups on a large site read mapped pages instead of copying them (applySqlitePragmas).
      mmapBytes:
        read.int(
          'KIOSK_DB_MMAP_MB',
          file.database.mmapMb,
          LIMITS.dbMmapMb.min,
          LIMITS.dbMmapMb.max,
        ) *
        1024 *
        1024,
    },
    // Created (32 random bytes, mode 0600) on first start when missing. Back it up apart from the
    // database: with the key, a stolen database reveals nothing; without it, PANs must be re-enrolled.
    panKeyFile,
    // Created (Ed25519, PKCS#8 PEM, mode 0600) on first start when missing; its public half is
    // what an auditor verifies exports with (`kiosk audit public-key`).
    auditKeyFile: read.text('KIOSK_AUDIT_KEY_FILE', file.auditKeyFile),
    http: {
      host: read.text('KIOSK_HTTP_HOST', file.http.host),
      port: read.int('KIOSK_HTTP_PORT', file.http.port, LIMITS.httpPort.min, LIMITS.httpPort.max),
      rateLimitPerMinute: read.int(
        'KIOSK_HTTP_RATE_LIMIT',
        file.http.rateLimitPerMinute,
        LIMITS.httpRateLimit.min,
        LIMITS.httpRateLimit.max,
      ),
    },
    log: {
      level: read.oneOf(
        'KIOSK_LOG_LEVEL',
        read.text('KIOSK_LOG_LEVEL', file.log.level) as LogLevel,
        LOG_LEVELS,
      ),
      format: read.oneOf(
        'KIOSK_LOG_FORMAT',
        read.text('KIOSK_LOG_FORMAT', file.log.format) as LogFormat,
        LOG_FORMATS,
      ),
    },
    reader: { pattern: readPattern(read, 'KIOSK_READER') ?? file.cards.followReaders ?? null },
    readers: parsed.readers.map(({ value }) => value),
    cards: loadCardReadingConfig(read, parsed, panKeyFile),
    doorBus,
    doors: loadDoors(read, parsed, doorBus.boards),
    site: { timeZone: readTimeZone(read, file.site.timeZone) },
    // Off by default: an auditor decides how long the terminal keeps what was exported.
    audit: { retentionDays },
    // deny-scheduled: a wrong clock must not open a door outside its hours or for an expired card,
    // but holders who may enter at any time still can.
    clock: {
      policy: read.oneOf(
        'KIOSK_CLOCK_POLICY',
        read.text('KIOSK_CLOCK_POLICY', file.clock.policy) as ClockPolicy,
        CLOCK_POLICIES,
      ),
      requireSync: read.bool('KIOSK_CLOCK_REQUIRE_SYNC', file.clock.requireSync),
    },
  };
  const problems = [...parsed.problems, ...read.problems];
  if (problems.length > 0) throw new KioskConfigError(problems, source);
  return { config: deepFreeze(config), source, overrides: [...read.used].sort() };
}

/**
 * KIOSK_TIME_ZONE (else the file's site.timeZone), an IANA zone name such as Europe/Berlin,
 * checked against the platform's own zone data (Intl); default: the zone the system is set to.
 */
function readTimeZone(read: EnvReader, fromFile: string | undefined): string {
  const system = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const zone = read.text('KIOSK_TIME_ZONE', fromFile ?? system);
  if (!isTimeZone(zone))
    return read.problem(
      'KIOSK_TIME_ZONE',
      zone,
      'not an IANA time zone (e.g. Europe/Berlin)',
      system,
    );
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

function deepFreeze<T extends object>(value: T): T {
  for (const child of Object.values(value)) {
    if (child !== null && typeof child === 'object') deepFreeze(child as object);
  }
  return Object.freeze(value);
}

/** `kiosk config check|show [FILE]`: this process's configuration, FILE over KIOSK_CONFIG. */
export const resolveProcessConfig = (file?: string): ResolvedKioskConfig =>
  resolveKioskConfig(process.env, readKioskFileSource(process.env, file));

/** Nest registration: inject with `@Inject(kioskConfig.KEY) config: KioskConfigType`. */
export const kioskConfig = registerAs('kiosk', () => loadKioskConfig(process.env));
export type KioskConfigType = ConfigType<typeof kioskConfig>;
