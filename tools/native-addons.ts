// Whether the native addons in node_modules were built for the Node.js that is running.
//
// An addon built for another Node fails in ways that do not name the cause: pcsclite (a nan addon)
// says "Module did not self-register", better-sqlite3 13 on Node 20 kills the process with SIGSEGV,
// and either happens only when the kiosk first touches the reader or the database. This check
// loads each addon in a child process of the running node (so that a crash is seen, not suffered)
// and turns each failure into one line that says what happened and what to do.
import { spawnSync } from 'node:child_process';

export interface NativeAddon {
  /** The npm package. */
  name: string;
  /** JavaScript that loads the package's compiled addon (some load it only on first use). */
  load: string;
}

export const NATIVE_ADDONS: readonly NativeAddon[] = [
  // The binding is opened by the first Database, not by require().
  { name: 'better-sqlite3', load: `new (require('better-sqlite3'))(':memory:').close()` },
  { name: 'pcsclite', load: `require('pcsclite')` },
  { name: '@serialport/bindings-cpp', load: `require('@serialport/bindings-cpp')` },
];

export interface ProbeResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
}

const REBUILD_HINT =
  'rebuild the addons for this Node: `source scripts/env.sh && npm rebuild` ' +
  '(or run a README command, which reinstalls when the Node changes)';

/** One line for an addon that failed to load, or null if it loaded. */
export function explainProbe(
  addon: NativeAddon,
  result: ProbeResult,
  nodeVersion: string,
  abi: string,
): string | null {
  if (result.status === 0 && result.signal === null) return null;
  const running = `Node.js ${nodeVersion} (ABI ${abi})`;
  const abiMismatch =
    /NODE_MODULE_VERSION (\d+)\. This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/.exec(
      result.stderr.replace(/\s+/g, ' '),
    );
  if (abiMismatch)
    return `${addon.name}: built for Node ABI ${abiMismatch[1]}, running ${running}: ${REBUILD_HINT}`;
  if (/did not self-register/.test(result.stderr))
    return `${addon.name}: "Module did not self-register": built for another Node.js than ${running}: ${REBUILD_HINT}`;
  if (result.signal !== null)
    return `${addon.name}: loading it killed ${running} with ${result.signal}; it was most likely built for another Node: ${REBUILD_HINT}`;
  if (/Cannot find module|Could not locate the bindings file/.test(result.stderr))
    return `${addon.name}: not installed or not compiled: run \`source scripts/env.sh && npm ci\``;
  const firstLine =
    result.stderr.split('\n').find((l) => /Error/.test(l)) ?? `exit code ${String(result.status)}`;
  return `${addon.name}: failed to load on ${running}: ${firstLine.trim()}`;
}

/** Loads each addon in a child of this node, from `cwd`; returns one line per failure. */
export function checkNativeAddons(
  cwd: string,
  addons: readonly NativeAddon[] = NATIVE_ADDONS,
): string[] {
  const problems: string[] = [];
  for (const addon of addons) {
    const child = spawnSync(process.execPath, ['-e', addon.load], {
      cwd,
      encoding: 'utf8',
      timeout: 30_000,
    });
    const result: ProbeResult = {
      status: child.status,
      signal: child.signal,
      stderr: child.stderr ?? '',
    };
    const problem = explainProbe(addon, result, process.version, process.versions.modules);
    if (problem) problems.push(problem);
  }
  return problems;
}
