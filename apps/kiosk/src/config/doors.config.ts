import { compileReaderPattern } from '@kiosk/card';
import type { EnvReader } from './env-reader';

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
}

// Baud rates OSDP v2.2 lists for osdp_COMSET; 9600 is the standard's default.
const OSDP_BAUD_RATES = [9600, 19200, 38400, 57600, 115200, 230400];
// OSDP v2.2: PD addresses are 0x00-0x7E; 0x7F is the broadcast address.
const MAX_ADDRESS = 0x7e;
// osdp_OUT's timer counts 100 ms units in 16 bits; a strike rarely needs more than a few seconds.
export const PULSE_MS = { fallback: 3000, min: 100, max: 6_553_500 };
// Long enough for a wheelchair or a delivery; an alarm after that.
export const HELD_OPEN_MS = { fallback: 30_000, min: 1000, max: 3_600_000 };

export function loadDoorBus(read: EnvReader): DoorBusSettings {
  return {
    serialPort: read.optionalText('KIOSK_DOOR_PORT'),
    baudRate: read.oneOf(
      'KIOSK_DOOR_BAUD',
      read.int('KIOSK_DOOR_BAUD', 9600, 1, 10_000_000),
      OSDP_BAUD_RATES,
    ),
  };
}

/**
 * The terminal's doors: KIOSK_DOORS (a JSON array, one object per door, for several doors), or
 * else one door from the KIOSK_DOOR_* variables. Every problem is named with its path.
 */
export function loadDoors(read: EnvReader): DoorSettings[] {
  const json = read.optionalText('KIOSK_DOORS');
  const doors = json === null ? [oneDoorFromEnv(read)] : doorsFromJson(read, json);
  checkTogether(read, doors);
  return doors;
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
  return (value as string[]).filter((pattern) => {
    const compiled = compileReaderPattern(pattern);
    if (!compiled.ok)
      read.problems.push(`${path}: "${pattern}": not a regular expression (${compiled.detail})`);
    return compiled.ok;
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

/** Problems only visible across doors: the same id twice, two doors on one relay or one reader. */
function checkTogether(read: EnvReader, doors: readonly DoorSettings[]): void {
  const seen = new Map<string, string>();
  const once = (key: string, door: DoorSettings, what: string) => {
    const first = seen.get(key);
    if (first !== undefined)
      read.problems.push(`KIOSK_DOORS: doors "${first}" and "${door.id}" ${what}`);
    else seen.set(key, door.id);
  };
  for (const door of doors) {
    if (!door.id) continue;
    once(`id ${door.id}`, door, 'have the same id');
    once(
      `relay ${door.address}/${door.relayOutput}`,
      door,
      `share relay ${door.relayOutput} of the board at address ${door.address}`,
    );
    for (const reader of door.osdpReaders)
      once(
        `osdp ${door.address}/${reader}`,
        door,
        `share OSDP reader ${reader} of the board at address ${door.address}`,
      );
  }
  const silent = doors.filter((d) => d.id && d.readers.length === 0 && d.osdpReaders.length === 0);
  for (const door of silent) {
    const alone = doors.length === 1;
    const boardToItself = doors.filter((d) => d.address === door.address).length === 1;
    if (!alone && !boardToItself)
      read.problems.push(
        `KIOSK_DOORS: door "${door.id}" names no reader (readers or osdpReaders), and shares its board: no card could open it`,
      );
  }
}
