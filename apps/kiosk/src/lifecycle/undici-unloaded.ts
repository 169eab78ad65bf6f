// Imported by serve.ts before Nest, for its effect: it keeps Node's `fetch` library (undici: 770 KB
// of source, and what it builds as it loads) out of a service that never fetches.
//
// `node:http` has three exports that load undici when read: WebSocket, CloseEvent and
// MessageEvent (lazy getters). Requiring the module reads none of them, but Nest's core and its
// Express adapter are ES modules that import `http`, and Node builds a built-in's ES module
// facade by reading every export once: the first `import` of `node:http` loads undici, although
// nothing calls it (bench/README.md, "Start-up and idle memory": about 1.5 MiB of the idle RSS).
// So, for as long as Nest's modules load, those three getters answer undefined without loading
// anything; `restoreHttpUndiciExports` (serve.ts, once its imports are done) puts Node's own back,
// and `require('node:http').WebSocket` is Node's WebSocket again. What stays: in the facade built
// meanwhile, those three named ES exports are undefined; nothing in the kiosk or its packages
// imports them (a WebSocket is the global one, or `require('node:http').WebSocket`).

/** The exports of `node:http` that load undici when read. */
export const UNDICI_EXPORTS_OF_HTTP = ['WebSocket', 'CloseEvent', 'MessageEvent'] as const;

const http = process.getBuiltinModule('node:http');
const held = new Map<string, PropertyDescriptor>();

for (const name of UNDICI_EXPORTS_OF_HTTP) {
  const own = Object.getOwnPropertyDescriptor(http, name);
  // Only Node's lazy getter, and only if it may be put back: otherwise leave it as it is.
  if (own?.get === undefined || own.configurable !== true) continue;
  held.set(name, own);
  Object.defineProperty(http, name, { ...own, get: () => undefined });
}

/** Gives `node:http` its own WebSocket, CloseEvent and MessageEvent getters back. */
export function restoreHttpUndiciExports(): void {
  for (const [name, own] of held) Object.defineProperty(http, name, own);
  held.clear();
}
