import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';

// Node's module facade is built once per process, and Jest's sandbox has its own loader: each
// case runs in a fresh `node`, with the module transpiled as the build would.
const shim = transpileModule(readFileSync(join(__dirname, 'undici-unloaded.ts'), 'utf8'), {
  compilerOptions: { module: ModuleKind.CommonJS, target: ScriptTarget.ES2022 },
}).outputText;

/** What `node` reports after `steps` run (an async function body; `shim` is the module's exports). */
function inFreshNode(withShim: boolean, steps: string): Record<string, unknown> {
  const script = `
    const shim = { exports: {} };
    ${withShim ? `(function (exports, module) { ${shim} })(shim.exports, shim);` : ''}
    const undiciLoaded = () => process.moduleLoadList.some((m) => m.includes('undici'));
    (async () => { ${steps} })().then((r) => process.stdout.write(JSON.stringify(r)));`;
  const out = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as Record<string, unknown>;
}

describe('undici unloaded', () => {
  it("is needed: importing node:http as an ES module loads undici (Node's facade reads every export)", () => {
    expect(
      inFreshNode(false, `await import('node:http'); return { loaded: undiciLoaded() };`),
    ).toEqual({ loaded: true });
  });

  it('keeps undici unloaded while the facade is built, and gives node:http its getters back', () => {
    const seen = inFreshNode(
      true,
      `await import('node:http');
       const whileHeld = undiciLoaded();
       shim.exports.restoreHttpUndiciExports();
       const afterRestore = undiciLoaded();
       const http = require('node:http');
       return {
         whileHeld,
         afterRestore,
         webSocket: http.WebSocket === globalThis.WebSocket,
         events: [http.CloseEvent === globalThis.CloseEvent, http.MessageEvent === globalThis.MessageEvent],
         loadedOnRead: undiciLoaded(),
       };`,
    );
    expect(seen).toEqual({
      whileHeld: false,
      afterRestore: false,
      webSocket: true,
      events: [true, true],
      loadedOnRead: true,
    });
  });

  it('is imported by serve.ts before Nest, and undone once its imports are done', () => {
    const serve = readFileSync(join(__dirname, '..', 'serve.ts'), 'utf8');
    const imports = [...serve.matchAll(/^import .* from '([^']+)';$/gm)].map((m) => m[1]);
    expect(imports[0]).toBe('./lifecycle/undici-unloaded');
    const lastImport = Math.max(...[...serve.matchAll(/^import .*;$/gm)].map((m) => m.index));
    expect(serve.indexOf('\nrestoreHttpUndiciExports();')).toBeGreaterThan(lastImport);
  });
});
