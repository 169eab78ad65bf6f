import type { Decoded, Encoded } from './decoded';
import { toHex } from './hex';

/**
 * A BER-TLV data object as EMV uses it (EMV 4.3 Book 3 Annex B, after ISO/IEC 8825-1): a tag of
 * one or more bytes, a length, and a value that, for a constructed tag, is itself TLV objects.
 */
export interface TlvNode {
  /** The tag bytes as one number, 0x9F38 for tag 9F 38. */
  tag: number;
  /** Upper-case hex of the tag bytes, `9F38`. */
  tagHex: string;
  /** Bit b6 of the first tag byte: the value is a sequence of TLV objects. */
  constructed: boolean;
  value: Uint8Array;
  /** The decoded value of a constructed object. */
  children: TlvNode[];
}

export type TlvProblem =
  | 'truncated-tag'
  | 'tag-too-long'
  | 'truncated-length'
  | 'bad-length'
  | 'truncated-value'
  | 'too-deep';

/** Tags of up to four bytes (EMV uses up to three); lengths of up to four bytes (81-84). */
export const MAX_TAG_BYTES = 4;
const MAX_LENGTH_BYTES = 4;
/** Nesting deeper than this is refused: a hostile card must not exhaust the stack. */
export const MAX_TLV_DEPTH = 16;

/**
 * Decodes a sequence of TLV objects. EMV 4.3 Book 3 Annex B: 00 and FF bytes before, between or
 * after objects are padding and are skipped. Never throws; every loop advances.
 */
export function decodeBerTlv(bytes: Uint8Array, depth = 0): Decoded<TlvNode[], TlvProblem> {
  if (depth > MAX_TLV_DEPTH) return { ok: false, problem: 'too-deep', at: 0 };
  const nodes: TlvNode[] = [];
  let at = 0;
  while (at < bytes.length) {
    const first = bytes[at] ?? 0;
    if (first === 0x00 || first === 0xff) {
      at += 1;
      continue;
    }
    const node = decodeOne(bytes, at, depth);
    if (!node.ok) return node;
    nodes.push(node.value);
    at = node.used;
  }
  return { ok: true, value: nodes, used: bytes.length };
}

/** One object at `start`; `used` is the offset just after it. */
function decodeOne(bytes: Uint8Array, start: number, depth: number): Decoded<TlvNode, TlvProblem> {
  const tag = readTag(bytes, start);
  if (!tag.ok) return tag;
  const length = readLength(bytes, tag.used);
  if (!length.ok) return length;
  const end = length.used + length.value;
  if (end > bytes.length) return { ok: false, problem: 'truncated-value', at: length.used };
  const value = bytes.slice(length.used, end);
  const constructed = ((bytes[start] ?? 0) & 0x20) !== 0;
  let children: TlvNode[] = [];
  if (constructed) {
    const inner = decodeBerTlv(value, depth + 1);
    if (!inner.ok) return { ok: false, problem: inner.problem, at: length.used + inner.at };
    children = inner.value;
  }
  const tagHex = toHex(bytes.subarray(start, tag.used));
  return { ok: true, value: { tag: tag.value, tagHex, constructed, value, children }, used: end };
}

/**
 * EMV 4.3 Book 3 Annex B: a first tag byte with b5-b1 = 11111 means more tag bytes follow; each
 * subsequent byte with b8 = 1 means another follows.
 */
function readTag(bytes: Uint8Array, start: number): Decoded<number, TlvProblem> {
  const first = bytes[start];
  if (first === undefined) return { ok: false, problem: 'truncated-tag', at: start };
  let tag = first;
  let at = start + 1;
  if ((first & 0x1f) !== 0x1f) return { ok: true, value: tag, used: at };
  for (;;) {
    const b = bytes[at];
    if (b === undefined) return { ok: false, problem: 'truncated-tag', at };
    if (at - start + 1 > MAX_TAG_BYTES) return { ok: false, problem: 'tag-too-long', at };
    tag = tag * 256 + b;
    at += 1;
    if ((b & 0x80) === 0) return { ok: true, value: tag, used: at };
  }
}

/**
 * EMV 4.3 Book 3 Annex B: lengths 0-127 take one byte; a first byte 81-84 says how many length
 * bytes follow. 80 (indefinite length) is not allowed in EMV.
 */
function readLength(bytes: Uint8Array, start: number): Decoded<number, TlvProblem> {
  const first = bytes[start];
  if (first === undefined) return { ok: false, problem: 'truncated-length', at: start };
  if (first < 0x80) return { ok: true, value: first, used: start + 1 };
  const count = first & 0x7f;
  if (count === 0 || count > MAX_LENGTH_BYTES)
    return { ok: false, problem: 'bad-length', at: start };
  let length = 0;
  for (let i = 1; i <= count; i += 1) {
    const b = bytes[start + i];
    if (b === undefined) return { ok: false, problem: 'truncated-length', at: start + i };
    length = length * 256 + b;
  }
  return { ok: true, value: length, used: start + 1 + count };
}

/** What to encode: a tag and either a primitive value or children. */
export interface TlvInput {
  tag: number;
  value?: Uint8Array;
  children?: TlvInput[];
}

/** Encodes objects with the shortest length form; a bad tag or a too-deep tree is refused. */
export function encodeBerTlv(objects: TlvInput[], depth = 0): Encoded<'bad-tag' | 'too-deep'> {
  if (depth > MAX_TLV_DEPTH) return { ok: false, problem: 'too-deep', detail: 'nesting' };
  const parts: number[] = [];
  for (const object of objects) {
    const tag = tagBytes(object.tag);
    if (!tag)
      return { ok: false, problem: 'bad-tag', detail: `tag ${object.tag} is not a BER tag` };
    let value = object.value ?? new Uint8Array(0);
    if (object.children) {
      const inner = encodeBerTlv(object.children, depth + 1);
      if (!inner.ok) return inner;
      value = inner.bytes;
    }
    parts.push(...tag, ...lengthBytes(value.length), ...value);
  }
  return { ok: true, bytes: Uint8Array.from(parts) };
}

/** The bytes of a tag number, if they form a well-made tag (continuation bits consistent). */
export function tagBytes(tag: number): number[] | undefined {
  if (!Number.isInteger(tag) || tag < 0 || tag >= 2 ** (8 * MAX_TAG_BYTES)) return undefined;
  const bytes: number[] = [];
  for (let t = tag; bytes.length === 0 || t > 0; t = Math.floor(t / 256)) bytes.unshift(t % 256);
  const [first, ...rest] = bytes;
  if (first === undefined) return undefined;
  const multi = (first & 0x1f) === 0x1f;
  if (!multi) return rest.length === 0 ? bytes : undefined;
  if (rest.length === 0) return undefined;
  const wellMade = rest.every((b, i) => (i === rest.length - 1 ? b < 0x80 : b >= 0x80));
  return wellMade ? bytes : undefined;
}

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const bytes: number[] = [];
  for (let x = n; x > 0; x = Math.floor(x / 256)) bytes.unshift(x % 256);
  return [0x80 | bytes.length, ...bytes];
}

/** Depth-first search for the first object with `tag`, in the given objects and their children. */
export function findTlv(nodes: readonly TlvNode[], tag: number): TlvNode | undefined {
  for (const node of nodes) {
    if (node.tag === tag) return node;
    const inner = findTlv(node.children, tag);
    if (inner) return inner;
  }
  return undefined;
}

/** Every object with `tag`, depth-first, in document order. */
export function findAllTlv(nodes: readonly TlvNode[], tag: number): TlvNode[] {
  const found: TlvNode[] = [];
  for (const node of nodes) {
    if (node.tag === tag) found.push(node);
    found.push(...findAllTlv(node.children, tag));
  }
  return found;
}
