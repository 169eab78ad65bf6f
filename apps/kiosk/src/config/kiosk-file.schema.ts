import { CREDENTIAL_METHODS, DEFAULT_FALLBACK_AIDS, PURSE_FILE_DEFAULTS } from '@kiosk/card';
import { z } from 'zod';
import { CLOCK_POLICIES } from '../clock/clock-trust';
import { readerPatternProblem, READER_PATTERN_MAX } from './reader-pattern.check';

/**
 * The configuration file (kiosk.yaml): the one definition of its keys, types, ranges and defaults.
 * kiosk.schema.json is generated from it (`npm run config:schema`), and kiosk.example.yaml shows
 * every key. The KIOSK_* variables override it (kiosk.config.ts) and use the same limits.
 */

export const LIMITS = {
  dbMaxMb: { min: 1, max: 1_000_000 },
  // SQLite's own ceiling in this build (SQLITE_MAX_MMAP_SIZE 0x7fff0000): a larger value is cut to it.
  dbMmapMb: { min: 0, max: 2047 },
  httpPort: { min: 0, max: 65535 },
  httpRateLimit: { min: 10, max: 1_000_000 },
  retentionDays: { min: 1, max: 36_500 },
  readTimeoutMs: { min: 500, max: 60_000 },
  purseOffset: { min: 0, max: 255 },
  // A PAN has at most 19 digits (10 BCD bytes); one short READ BINARY reads at most 256 bytes.
  purseLength: { min: 1, max: 10 },
  // OSDP v2.2: PD addresses are 0x00-0x7E; 0x7F is the broadcast address.
  address: { min: 0, max: 0x7e },
  output: { min: 0, max: 255 },
  // osdp_OUT's timer counts 100 ms units in 16 bits; a strike rarely needs more than a few seconds.
  pulseMs: { min: 100, max: 6_553_500, fallback: 3000 },
  // Long enough for a wheelchair or a delivery; an alarm after that.
  heldOpenMs: { min: 1000, max: 3_600_000, fallback: 30_000 },
} as const;

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export const LOG_FORMATS = ['json', 'pretty'] as const;
// Baud rates OSDP v2.2 lists for osdp_COMSET; 9600 is the standard's default.
export const OSDP_BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 230400] as const;
export const NAME = /^[A-Za-z0-9._-]{1,64}$/;
const NAME_RULE = "1-64 letters, digits, '.', '_' or '-'";

const int = (range: { min: number; max: number }) => {
  const error = `expected a whole number from ${range.min} to ${range.max}`;
  return z.int({ error }).min(range.min, { error }).max(range.max, { error });
};
const oneOf = <T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `expected one of ${values.join(', ')}` });
const text = () => z.string().min(1, { error: 'expected text, not empty' });
const name = () => z.string().regex(NAME, { error: `expected ${NAME_RULE}` });
/** Hex digits as a quoted string: unquoted, YAML reads 2901 as a number and 00 as 0. */
const hex = (bytes: number) =>
  z
    .string({ error: `expected ${bytes} byte(s) in hex, quoted ("…")` })
    .regex(new RegExp(`^[0-9A-Fa-f]{${bytes * 2}}$`), {
      error: `expected ${bytes} byte(s) in hex`,
    });

/** A reader name pattern: a substring (any case) or /regex/flags, bounded and safe to match. */
export const readerPattern = () =>
  z
    .string()
    .min(1, { error: 'expected a reader name pattern, not empty' })
    .max(READER_PATTERN_MAX, {
      error: `expected a pattern of at most ${READER_PATTERN_MAX} characters`,
      abort: true,
    })
    .superRefine((pattern, ctx) => {
      const problem = readerPatternProblem(pattern);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('A substring of reader names (any case), or /regex/flags');

const timeZone = z
  .string()
  .refine(isTimeZone, { error: 'not an IANA time zone (e.g. Europe/Berlin)' })
  .describe("The site's IANA time zone; default: the system's");

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

const MethodRuleSchema = z.strictObject({
  reader: readerPattern(),
  order: z
    .array(oneOf(CREDENTIAL_METHODS as unknown as readonly ['uid', 'emv', 'purse-file']))
    .min(1, { error: 'expected one or more methods' })
    .refine((order) => new Set(order).size === order.length, {
      error: 'expected each method once',
    }),
});

const CardsSchema = z
  .strictObject({
    followReaders: readerPattern()
      .optional()
      .describe('The readers followed (a pattern); omitted: every reader'),
    methods: z
      .array(MethodRuleSchema)
      .default([])
      .describe('Per reader, the methods tried in order; the first matching rule wins'),
    uidFallbackForProcessorCards: z.boolean({ error: 'expected true or false' }).default(false),
    // Long enough for a slow contact card's EMV read; short enough that a stuck card frees the door.
    readTimeoutMs: int(LIMITS.readTimeoutMs).default(5000),
    purseFile: z
      .strictObject({
        cla: hex(1).default(PURSE_FILE_DEFAULTS.cla.toString(16).toUpperCase()),
        masterFile: hex(2).default(PURSE_FILE_DEFAULTS.masterFile),
        purseFile: hex(2).default(PURSE_FILE_DEFAULTS.purseFile),
        offset: int(LIMITS.purseOffset).default(PURSE_FILE_DEFAULTS.offset),
        length: int(LIMITS.purseLength).default(PURSE_FILE_DEFAULTS.length),
      })
      .refine((p) => p.offset + p.length <= 256, {
        error: 'offset and length reach past byte 256',
        path: ['offset'],
      })
      .prefault({}),
    emvFallbackAids: z
      .array(
        z
          .string()
          .regex(/^([0-9A-Fa-f]{2}){5,16}$/, { error: 'expected an AID: 5 to 16 bytes in hex' }),
      )
      .default([...DEFAULT_FALLBACK_AIDS]),
    feedbackReaders: readerPattern()
      .optional()
      .describe('Readers given ACR122U LED/buzzer feedback'),
    ntagGetVersionReaders: readerPattern()
      .optional()
      .describe('Readers on which NTAG cards are asked GET VERSION'),
  })
  .prefault({});

const ReaderSchema = z.strictObject({ name: name(), pattern: readerPattern() });

const BoardSchema = z.strictObject({
  address: int(LIMITS.address),
  name: text().optional(),
});

const DoorBusSchema = z
  .strictObject({
    serialPort: text().optional().describe('Serial device of the OSDP bus; omitted: the simulator'),
    baudRate: z
      .literal(OSDP_BAUD_RATES, { error: `expected one of ${OSDP_BAUD_RATES.join(', ')}` })
      .default(9600),
    boards: z
      .array(BoardSchema)
      .min(1, { error: 'expected one or more boards' })
      .optional()
      .describe("The boards on the bus; omitted: the doors' addresses"),
  })
  .prefault({});

const DoorSchema = z.strictObject({
  id: name(),
  address: int(LIMITS.address).default(0),
  relayOutput: int(LIMITS.output),
  pulseMs: int(LIMITS.pulseMs).default(LIMITS.pulseMs.fallback),
  contactInput: int(LIMITS.output),
  contactOpenWhen: oneOf(['active', 'inactive']).default('active'),
  rexInput: int(LIMITS.output).optional(),
  heldOpenMs: int(LIMITS.heldOpenMs).default(LIMITS.heldOpenMs.fallback),
  readers: z
    .array(name())
    .default([])
    .describe('Names of readers (top-level readers) of this door'),
  osdpReaders: z
    .array(int(LIMITS.output))
    .default([])
    .describe("Reader numbers on this door's board"),
});

export const KioskFileSchema = z.strictObject({
  database: z
    .strictObject({
      path: text().default('./data/kiosk.db'),
      maxMb: int(LIMITS.dbMaxMb).optional().describe('The most the database may grow to'),
      mmapMb: int(LIMITS.dbMmapMb)
        .default(1024)
        .describe('How much of the database file is read through a memory map, in MB (0: none)'),
    })
    .prefault({}),
  panKeyFile: text().default('./data/pan-hmac.key'),
  auditKeyFile: text().default('./data/audit-ed25519.pem'),
  http: z
    .strictObject({
      // Loopback by default: the admin API is opened to the building network on purpose.
      host: text().default('127.0.0.1'),
      port: int(LIMITS.httpPort).default(8080),
      // Far above what a console needs, far below what hammering takes; a benchmark raises it.
      rateLimitPerMinute: int(LIMITS.httpRateLimit)
        .default(300)
        .describe('Requests a minute one client may make before it is answered 429'),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: oneOf(LOG_LEVELS).default('info'),
      format: oneOf(LOG_FORMATS).default('json'),
    })
    .prefault({}),
  site: z.strictObject({ timeZone: timeZone.optional() }).prefault({}),
  audit: z.strictObject({ retentionDays: int(LIMITS.retentionDays).optional() }).prefault({}),
  clock: z
    .strictObject({
      policy: oneOf(CLOCK_POLICIES)
        .default('deny-scheduled')
        .describe('What the doors do while the clock cannot be trusted'),
      requireSync: z
        .boolean({ error: 'expected true or false' })
        .default(false)
        .describe('Trust the clock only while NTP has synchronised it'),
    })
    .prefault({}),
  cards: CardsSchema,
  readers: z.array(ReaderSchema).default([]).describe('The PC/SC readers, by name'),
  doorBus: DoorBusSchema,
  doors: z
    .array(DoorSchema)
    .min(1, { error: 'expected one or more doors' })
    .optional()
    .describe('The doors; omitted: one door from the KIOSK_DOOR_* variables'),
});

export type KioskFile = z.output<typeof KioskFileSchema>;
export type DoorFile = z.output<typeof DoorSchema>;
export type ReaderFile = z.output<typeof ReaderSchema>;
export type BoardFile = z.output<typeof BoardSchema>;
export type MethodRuleFile = z.output<typeof MethodRuleSchema>;
export const FILE_PARTS = {
  door: DoorSchema,
  reader: ReaderSchema,
  board: BoardSchema,
  methodRule: MethodRuleSchema,
};

/** kiosk.schema.json: the file's JSON Schema, for editors and for checking a file elsewhere. */
export function kioskFileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(KioskFileSchema, { io: 'input', target: 'draft-2020-12' }),
    title: 'Door kiosk configuration (kiosk.yaml)',
  };
}

/** The committed kiosk.schema.json, byte for byte (a spec fails when it is out of date). */
export const kioskFileJsonSchemaText = (): string =>
  `${JSON.stringify(kioskFileJsonSchema(), null, 2)}\n`;
