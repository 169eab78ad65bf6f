// Imported first by main.ts and cli.ts, before any native addon loads: on an older Node.js,
// better-sqlite3 13 kills the process with SIGSEGV and pcsclite says "Module did not
// self-register", neither of which names the cause. Refuse with a line that does.

/** The Node.js line the kiosk is built and tested on; equal to the major in .nvmrc (a test checks). */
export const SUPPORTED_NODE_MAJOR = 26;

export type NodeVerdict = { ok: true; warning?: string } | { ok: false; error: string };

export function judgeNode(version: string, execPath: string): NodeVerdict {
  const major = Number(version.replace(/^v/, '').split('.')[0]);
  const fix =
    'in a shell, `source scripts/env.sh` first; on a terminal, see docs/operations.md (Node.js)';
  if (major < SUPPORTED_NODE_MAJOR)
    return {
      ok: false,
      error: `kiosk: needs Node.js ${SUPPORTED_NODE_MAJOR}.x; this is ${version} (${execPath}): ${fix}`,
    };
  if (major > SUPPORTED_NODE_MAJOR)
    return {
      ok: true,
      warning: `kiosk: tested on Node.js ${SUPPORTED_NODE_MAJOR}.x, running on ${version}: its native addons must be built for it (npm rebuild)`,
    };
  return { ok: true };
}

const verdict = judgeNode(process.version, process.execPath);
if (!verdict.ok) {
  process.stderr.write(`${verdict.error}\n`);
  process.exit(1);
}
if (verdict.warning) process.stderr.write(`${verdict.warning}\n`);
