// node dist/tools/check-native-addons.js [project root]
// Exits 1, naming each addon, when a native addon was not built for the running Node.js.
// Run by the README commands (scripts/lib.sh) before anything starts.
import { resolve } from 'node:path';
import { checkNativeAddons } from './native-addons';
import { isOnPinnedLine, readPinnedNode } from './node-runtime';

const root = resolve(process.argv[2] ?? resolve(__dirname, '../..'));
const pinned = readPinnedNode(root);
const problems = checkNativeAddons(root);
if (!isOnPinnedLine(process.version, pinned))
  problems.unshift(
    `this is Node.js ${process.version}; the kiosk runs on Node.js ${pinned.major}.x (.nvmrc): ` +
      '`source scripts/env.sh` puts it first on PATH',
  );
if (problems.length > 0) {
  process.stderr.write(
    `\nNATIVE ADDONS DO NOT MATCH THIS NODE.JS (${process.version}, ${process.execPath}):\n` +
      problems.map((p) => `  - ${p}\n`).join('') +
      '\n',
  );
  process.exit(1);
}
process.stdout.write(
  `native addons load on Node.js ${process.version} (ABI ${process.versions.modules})\n`,
);
