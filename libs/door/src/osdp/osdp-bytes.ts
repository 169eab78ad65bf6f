// Little-endian helpers shared by the OSDP codecs (OSDP v2.2 sends multi-byte fields LSB first).

/** The empty byte array, shared: a length of 0 leaves nothing to write into. */
export const NO_BYTES: Uint8Array = new Uint8Array(0);

/**
 * A plain Uint8Array copy of part of `bytes`. Buffer.prototype.slice returns a view that shares
 * memory with its input, so a decoded value never holds one.
 */
export function copyBytes(
  bytes: Uint8Array,
  start: number,
  end: number = bytes.length,
): Uint8Array {
  return new Uint8Array(bytes.subarray(start, end));
}

export function readU16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

export function readU24(bytes: Uint8Array, at: number): number {
  return readU16(bytes, at) + (bytes[at + 2] ?? 0) * 0x10000;
}

export function readU32(bytes: Uint8Array, at: number): number {
  return (readU16(bytes, at) + readU16(bytes, at + 2) * 0x10000) >>> 0;
}

export function u16(value: number): [number, number] {
  return [value & 0xff, (value >> 8) & 0xff];
}

export function u24(value: number): [number, number, number] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff];
}

export function u32(value: number): [number, number, number, number] {
  const v = value >>> 0;
  return [v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff];
}

/** Bytes to a string, one char per byte (OSDP text is 8-bit). */
export function latin1(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return s;
}

/** A string to bytes, one byte per char; chars above 0xFF become '?'. */
export function latin1Bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    out[i] = c <= 0xff ? c : 0x3f;
  }
  return out;
}
