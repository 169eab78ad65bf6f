// Imported first by main.ts and cli.ts, before any native addon loads: on an older Node.js,
// better-sqlite3 13 kills the process with SIGSEGV and pcsclite says "Module did not
// self-register", neither of which names the cause. Refuse with a line that does.
// A newer line is refused too unless KIOSK_UNTESTED_NODE=1: Node.js 26.4 stopped running promise
// continuations after native callbacks that do not use MakeCallback (nodejs/node#62969), and
// serialport's poller is one (serialport/bindings-cpp#239), so OSDP replies arrive a poll cycle
// late and commands time out. A new line is tried on purpose, never by accident.

/** The Node.js line the kiosk is built and tested on; equal to the major in .nvmrc (a test checks). */
export const SUPPORTED_NODE_MAJOR = 24;

export type NodeVerdict = { ok: true; warning?: string } | { ok: false; error: string };

export function judgeNode(version: string, execPath: string, allowUntested = false): NodeVerdict {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  const fix =
    'in a shell, `source scripts/env.sh` first; on a terminal, see docs/operations.md (Node.js)';
  if (major < SUPPORTED_NODE_MAJOR)
    return {
      ok: false,
      error: `kiosk: needs Node.js ${SUPPORTED_NODE_MAJOR}.x; this is ${version} (${execPath}): ${fix}`,
    };
  if (major > SUPPORTED_NODE_MAJOR && !allowUntested)
    return {
      ok: false,
      error: `kiosk: tested on Node.js ${SUPPORTED_NODE_MAJOR}.x only; this is ${version} (${execPath}), on which the door link and card reader addons are not known to work (docs/operations.md, Node.js); KIOSK_UNTESTED_NODE=1 runs it anyway`,
    };
  if (major > SUPPORTED_NODE_MAJOR)
    return {
      ok: true,
      warning: `kiosk: running on untested Node.js ${version} (KIOSK_UNTESTED_NODE=1); its native addons must be built for it (npm rebuild)`,
    };
  return { ok: true };
}

const verdict = judgeNode(
  process.version,
  process.execPath,
  process.env.KIOSK_UNTESTED_NODE === '1',
);
if (!verdict.ok) {
  process.stderr.write(`${verdict.error}\n`);
  process.exit(1);
}
if (verdict.warning) process.stderr.write(`${verdict.warning}\n`);
