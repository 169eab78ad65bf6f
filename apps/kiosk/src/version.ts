import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

let cached: string | undefined;

/**
 * The kiosk's version, from its package.json: found by walking up from this file, so it is the
 * same whether the service runs from dist/ under systemd or from the sources under a test.
 */
export function kioskVersion(): string {
  if (cached !== undefined) return cached;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'door-kiosk' && pkg.version) return (cached = pkg.version);
    }
    if (dirname(dir) === dir) return (cached = 'unknown');
  }
}
