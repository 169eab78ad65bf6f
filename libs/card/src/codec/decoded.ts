/**
 * One result type shared by every codec in libs/card: a codec never throws; a problem comes back
 * as a value with a name and the offset where it was found.
 */
export type Decoded<T, P extends string> =
  { ok: true; value: T; used: number } | { ok: false; problem: P; at: number };

/** The encoding direction: a value that cannot be put on the wire is refused by name. */
export type Encoded<P extends string> =
  { ok: true; bytes: Uint8Array } | { ok: false; problem: P; detail: string };
