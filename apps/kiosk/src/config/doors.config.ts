import { doorsTogetherProblems, type NamedDoor } from './doors.check';
import type { EnvReader } from './env-reader';
import type { ParsedKioskFile } from './kiosk-file';
import { LIMITS, OSDP_BAUD_RATES } from './kiosk-file.schema';
import { readerPatternProblem } from './reader-pattern.check';

/** One door of this terminal: its board on the OSDP bus, its wiring, its readers. */
export interface DoorSettings {
  readonly id: string;
  /** OSDP address of the board the door is wired to (0-126); several doors may share a board. */
  readonly address: number;
  readonly relayOutput: number;
  readonly pulseMs: number;
  readonly contactInput: number;
  /** true: an active contact input means the door is open (a normally-closed contact wired as usual). */
  readonly contactActiveMeansOpen: boolean;
  readonly rexInput: number | null;
  readonly heldOpenMs: number;
  /**
   * PC/SC readers of this door: substrings (case-insensitive) or /regex/ of reader names. Empty,
   * on a terminal's only door: every reader.
   */
  readonly readers: readonly string[];
  /** Reader numbers on this door's board whose osdp_RAW/FMT reads open it. Empty, on a board's only door: all. */
  readonly osdpReaders: readonly number[];
}

export interface DoorBusSettings {
  /** null: the built-in door board simulator on an internal pseudo-terminal pair. */
  readonly serialPort: string | null;
  readonly baudRate: number;
  /** The boards the file declares on the bus (doors must be on one of them); null: none declared. */
  readonly boards: ReadonlyArray<{ readonly address: number; readonly name: string | null }> | null;
}

const MAX_ADDRESS = LIMITS.address.max;
export const PULSE_MS = LIMITS.pulseMs;
export const HELD_OPEN_MS = LIMITS.heldOpenMs;

/** KIOSK_DOOR_PORT and KIOSK_DOOR_BAUD over the file's doorBus. */
export function loadDoorBus(read: EnvReader, parsed: ParsedKioskFile): DoorBusSettings {
  const bus = parsed.file.doorBus;
  return {
    serialPort: read.optionalText('KIOSK_DOOR_PORT') ?? bus.serialPort ?? null,
    baudRate: read.oneOf(
      'KIOSK_DOOR_BAUD',
      read.int('KIOSK_DOOR_BAUD', bus.baudRate, 1, 10_000_000),
      OSDP_BAUD_RATES,
    ),
    boards:
      parsed.boards?.map(({ value }) => ({ address: value.address, name: value.name ?? null })) ??
      null,
  };
}

/**
 * The terminal's doors: KIOSK_DOORS (a JSON array, one object per door), else the file's doors,
 * else one door from the KIOSK_DOOR_* variables. Every problem is named with its path.
 */
export function loadDoors(
  read: EnvReader,
  parsed: ParsedKioskFile,
  boards: DoorBusSettings['boards'],
): DoorSettings[] {
  const json = read.optionalText('KIOSK_DOORS');
  const named =
    json !== null
      ? doorsFromJson(read, json).map((door, i) => ({ door, key: jsonKey(i) }))
      : parsed.doors !== null
        ? fileDoors(read, parsed)
        : [{ door: oneDoorFromEnv(read), key: oneDoorKey(read) }];
  const valid = named.filter((d) => d.door.id !== '');
  const addresses = boards?.map((b) => b.address) ?? null;
  read.problems.push(...doorsTogetherProblems(valid, addresses));
  return named.map((d) => d.door);
}

const RELAY_KEY = { file: 'relayOutput', json: 'relay' } as const;
const jsonKey = (i: number) => (key: string) =>
  `KIOSK_DOORS[${i}].${key === 'relay' ? RELAY_KEY.json : key}`;
const fileKey = (i: number) => (key: string) =>
  `doors[${i}].${key === 'relay' ? RELAY_KEY.file : key}`;
const oneDoorKey = (read: EnvReader) => (key: string) =>
  key === 'address' && read.optionalText('KIOSK_DOOR_ADDRESS') !== null
    ? `KIOSK_DOOR_ADDRESS=${read.optionalText('KIOSK_DOOR_ADDRESS')}`
    : `KIOSK_DOOR_${key.toUpperCase()}`;

/** The file's doors, each reader named resolved to its pattern (an unknown name is a problem). */
function fileDoors(read: EnvReader, parsed: ParsedKioskFile): NamedDoor[] {
  const patterns = new Map(parsed.readers.map(({ value }) => [value.name, value.pattern]));
  const known = [...parsed.readerNames].join(', ') || 'none';
  return (parsed.doors ?? []).map(({ at, value: door }) => ({
    key: fileKey(at),
    readersNamed: door.readers.length,
    door: {
      id: door.id,
      address: door.address,
      relayOutput: door.relayOutput,
      pulseMs: door.pulseMs,
      contactInput: door.contactInput,
      contactActiveMeansOpen: door.contactOpenWhen === 'active',
      rexInput: door.rexInput ?? null,
      heldOpenMs: door.heldOpenMs,
      readers: door.readers.flatMap((name, j) => {
        const pattern = patterns.get(name);
        if (pattern === undefined && !parsed.readerNames.has(name))
          read.problems.push(
            `doors[${at}].readers[${j}]: no reader named "${name}" (readers: ${known})`,
          );
        return pattern === undefined ? [] : [pattern];
      }),
      osdpReaders: door.osdpReaders,
    },
  }));
}

function oneDoorFromEnv(read: EnvReader): DoorSettings {
  return {
    id: read.text('KIOSK_DOOR_ID', 'main'),
    address: read.int('KIOSK_DOOR_ADDRESS', 0, 0, MAX_ADDRESS),
    relayOutput: read.int('KIOSK_DOOR_RELAY', 0, 0, 255),
    pulseMs: read.int('KIOSK_DOOR_PULSE_MS', PULSE_MS.fallback, PULSE_MS.min, PULSE_MS.max),
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
    heldOpenMs: read.int(
      'KIOSK_DOOR_HELD_OPEN_MS',
      HELD_OPEN_MS.fallback,
      HELD_OPEN_MS.min,
      HELD_OPEN_MS.max,
    ),
    readers: [],
    osdpReaders: [],
  };
}

const DOOR_KEYS = [
  'id',
  'address',
  'relay',
  'pulseMs',
  'contactInput',
  'contactOpenWhen',
  'rexInput',
  'heldOpenMs',
  'readers',
  'osdpReaders',
];

function doorsFromJson(read: EnvReader, json: string): DoorSettings[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch (err) {
    read.problems.push(`KIOSK_DOORS: not JSON (${(err as Error).message})`);
    return [];
  }
  if (!Array.isArray(parsed) || parsed.length === 0) {
    read.problems.push('KIOSK_DOORS: expected a JSON array of one or more doors');
    return [];
  }
  return parsed.map((entry, i) => doorFromJson(read, entry, `KIOSK_DOORS[${i}]`));
}

function doorFromJson(read: EnvReader, entry: unknown, path: string): DoorSettings {
  const o = (entry !== null && typeof entry === 'object' ? entry : {}) as Record<string, unknown>;
  if (o !== entry) read.problems.push(`${path}: expected an object`);
  for (const key of Object.keys(o).filter((k) => !DOOR_KEYS.includes(k)))
    read.problems.push(`${path}.${key}: unknown key (known: ${DOOR_KEYS.join(', ')})`);
  const int = (key: string, fallback: number | null, min: number, max: number) => {
    const value = o[key];
    if (value === undefined) {
      if (fallback === null) read.problems.push(`${path}.${key}: required`);
      return fallback ?? min;
    }
    if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
      read.problems.push(
        `${path}.${key}=${JSON.stringify(value)}: expected a whole number from ${min} to ${max}`,
      );
      return min;
    }
    return value as number;
  };
  const id = typeof o.id === 'string' && /^[A-Za-z0-9._-]{1,64}$/.test(o.id) ? o.id : '';
  if (!id) read.problems.push(`${path}.id: required, 1-64 letters, digits, '.', '_' or '-'`);
  const openWhen = o.contactOpenWhen ?? 'active';
  if (openWhen !== 'active' && openWhen !== 'inactive')
    read.problems.push(
      `${path}.contactOpenWhen=${JSON.stringify(openWhen)}: expected active or inactive`,
    );
  return {
    id,
    address: int('address', 0, 0, MAX_ADDRESS),
    relayOutput: int('relay', null, 0, 255),
    pulseMs: int('pulseMs', PULSE_MS.fallback, PULSE_MS.min, PULSE_MS.max),
    contactInput: int('contactInput', null, 0, 255),
    contactActiveMeansOpen: openWhen !== 'inactive',
    rexInput:
      o.rexInput === undefined || o.rexInput === null ? null : int('rexInput', null, 0, 255),
    heldOpenMs: int('heldOpenMs', HELD_OPEN_MS.fallback, HELD_OPEN_MS.min, HELD_OPEN_MS.max),
    readers: readerPatterns(read, o.readers, `${path}.readers`),
    osdpReaders: osdpReaders(read, o.osdpReaders, `${path}.osdpReaders`),
  };
}

function readerPatterns(read: EnvReader, value: unknown, path: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string' && v.trim() !== '')) {
    read.problems.push(`${path}: expected an array of reader name patterns`);
    return [];
  }
  return (value as string[]).filter((pattern, i) => {
    const problem = readerPatternProblem(pattern);
    if (problem) read.problems.push(`${path}[${i}]: ${problem}`);
    return problem === null;
  });
}

function osdpReaders(read: EnvReader, value: unknown, path: string): number[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => Number.isInteger(v) && v >= 0 && v <= 255)) {
    read.problems.push(`${path}: expected an array of reader numbers from 0 to 255`);
    return [];
  }
  return value as number[];
}
