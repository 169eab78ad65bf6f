// The Node.js line the project runs on: pinned in .nvmrc (read by scripts/env.sh too).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PinnedNode {
  /** The exact version installed when no node of the line is on PATH, e.g. "24.22.3". */
  version: string;
  /** The supported line, e.g. 24. */
  major: number;
}

export function readPinnedNode(root: string): PinnedNode {
  const version = readFileSync(join(root, '.nvmrc'), 'utf8').trim().replace(/^v/, '');
  const major = Number(version.split('.')[0]);
  if (!/^\d+\.\d+\.\d+$/.test(version) || !Number.isInteger(major))
    throw new Error(`.nvmrc must hold one Node.js version such as 24.22.3, not "${version}"`);
  return { version, major };
}

/** True when `nodeVersion` (e.g. process.version) is on the pinned line. */
export function isOnPinnedLine(nodeVersion: string, pinned: PinnedNode): boolean {
  return Number(nodeVersion.replace(/^v/, '').split('.')[0]) === pinned.major;
}
