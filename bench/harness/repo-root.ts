import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The project's root, found by walking up to its package.json: the benchmarks run compiled from
 * dist/bench and, in the smoke spec, from their sources, and both need the built service.
 */
export function repoRoot(from = __dirname): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'bench'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no project root above ${from}`);
  }
}
