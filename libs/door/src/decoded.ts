/**
 * The one result type shared by every codec in this library. A codec never throws: a problem comes
 * back as a value with a kebab-case name and the byte offset where it was found.
 */
export type Decoded<T, P> =
  { ok: true; value: T; used: number } | { ok: false; problem: P; at: number };

export function decodedOk<T>(value: T, used: number): { ok: true; value: T; used: number } {
  return { ok: true, value, used };
}

export function decodedProblem<P>(problem: P, at: number): { ok: false; problem: P; at: number } {
  return { ok: false, problem, at };
}
