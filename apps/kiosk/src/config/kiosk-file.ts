import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import type { z } from 'zod';
import type { Env } from './env-reader';
import { describeIssue } from './file-problems';
import {
  FILE_PARTS,
  KioskFileSchema,
  type BoardFile,
  type DoorFile,
  type KioskFile,
  type MethodRuleFile,
  type ReaderFile,
} from './kiosk-file.schema';

export const DEFAULT_CONFIG_PATH = './kiosk.yaml';
// A configuration file is a few kilobytes; a bigger one is the wrong file.
const MAX_FILE_BYTES = 1024 * 1024;

/** Where the file comes from: KIOSK_CONFIG, a command's argument, or the default path. */
export interface KioskFileSource {
  readonly path: string;
  readonly namedBy: 'KIOSK_CONFIG' | 'argument' | 'default';
  /** The file's text; null: there is none (at the default path, so defaults and KIOSK_* apply). */
  readonly text: string | null;
  /** Why it could not be read, as a problem line. */
  readonly problem: string | null;
}

export function readKioskFileSource(env: Env, argument?: string): KioskFileSource {
  const fromEnv = env.KIOSK_CONFIG?.trim() || undefined;
  const path = argument ?? fromEnv ?? DEFAULT_CONFIG_PATH;
  const namedBy = argument !== undefined ? 'argument' : fromEnv ? 'KIOSK_CONFIG' : 'default';
  const named = namedBy === 'KIOSK_CONFIG' ? `KIOSK_CONFIG=${path}` : path;
  try {
    const bytes = readFileSync(path);
    if (bytes.length > MAX_FILE_BYTES)
      return { path, namedBy, text: null, problem: `${named}: larger than 1 MB` };
    return { path, namedBy, text: bytes.toString('utf8'), problem: null };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && namedBy === 'default')
      return { path, namedBy, text: null, problem: null };
    const why = code === 'ENOENT' ? 'no such file' : (err as Error).message;
    return { path, namedBy, text: null, problem: `${named}: ${why}` };
  }
}

/** One element of a file's list, with its index there (problems name it by that index). */
export interface Indexed<T> {
  readonly at: number;
  readonly value: T;
}

/**
 * The file read as far as it is valid: every section that parses, and every list element that
 * does, so problems across keys (doors, readers, boards) are found even beside a bad value.
 * Anything invalid is also in `problems`, so this is never used to run the kiosk.
 */
export interface ParsedKioskFile {
  /** The sections, each as in the file or (invalid or missing) its defaults; lists apart. */
  readonly file: Omit<KioskFile, 'readers' | 'doors'>;
  readonly doors: ReadonlyArray<Indexed<DoorFile>> | null;
  readonly readers: ReadonlyArray<Indexed<ReaderFile>>;
  /** Every reader name the file declares, valid reader or not (a door naming one is no problem). */
  readonly readerNames: ReadonlySet<string>;
  readonly boards: ReadonlyArray<Indexed<BoardFile>> | null;
  readonly methods: ReadonlyArray<Indexed<MethodRuleFile>>;
  readonly problems: readonly string[];
}

export function parseKioskFile(source: KioskFileSource): ParsedKioskFile {
  if (source.problem) return salvage({}, [source.problem]);
  if (source.text === null) return salvage({}, []);
  const lines = new LineCounter();
  const doc = parseDocument(source.text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    return salvage(
      {},
      doc.errors.map((error) => {
        const at = lines.linePos(error.pos[0]);
        const first = error.message.split('\n')[0] ?? '';
        return `${source.path}: not YAML at line ${at.line}, column ${at.col}: ${first}`;
      }),
    );
  }
  const raw: unknown = doc.toJS({ maxAliasCount: 100 }) ?? {};
  const parsed = KioskFileSchema.safeParse(raw, { reportInput: true });
  const problems = parsed.success ? [] : parsed.error.issues.flatMap(describeIssue);
  return salvage(raw, problems);
}

function salvage(raw: unknown, problems: string[]): ParsedKioskFile {
  const o = isObject(raw) ? raw : {};
  const shape = KioskFileSchema.shape;
  const section = <K extends keyof typeof shape>(key: K): KioskFile[K] => {
    const result = (shape[key] as z.ZodType).safeParse(o[key]);
    return (result.success ? result.data : shape[key].parse(undefined)) as KioskFile[K];
  };
  const file: ParsedKioskFile['file'] = {
    database: section('database'),
    panKeyFile: section('panKeyFile'),
    auditKeyFile: section('auditKeyFile'),
    http: section('http'),
    log: section('log'),
    site: section('site'),
    audit: section('audit'),
    clock: section('clock'),
    cards: section('cards'),
    doorBus: section('doorBus'),
  };
  const cards = isObject(o.cards) ? o.cards : {};
  const doorBus = isObject(o.doorBus) ? o.doorBus : {};
  return {
    file,
    doors: Array.isArray(o.doors) ? elements(FILE_PARTS.door, o.doors) : null,
    readers: elements(FILE_PARTS.reader, o.readers),
    readerNames: new Set(
      (Array.isArray(o.readers) ? o.readers : []).flatMap((r) =>
        isObject(r) && typeof r.name === 'string' ? [r.name] : [],
      ),
    ),
    boards: Array.isArray(doorBus.boards) ? elements(FILE_PARTS.board, doorBus.boards) : null,
    methods: elements(FILE_PARTS.methodRule, cards.methods),
    problems,
  };
}

function elements<T>(schema: z.ZodType<T>, list: unknown): Array<Indexed<T>> {
  if (!Array.isArray(list)) return [];
  return list.flatMap((item, at) => {
    const result = schema.safeParse(item);
    return result.success ? [{ at, value: result.data }] : [];
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
