// Run by `npm run build`: writes dist/build-info.json, the date of the commit built, which the
// kiosk takes as the earliest time its clock can say and be right (apps/kiosk/src/clock).
// The commit's date, not the build's, so that one commit always builds the same file.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

function commitDate(): string {
  try {
    const out = execFileSync('git', ['log', '-1', '--format=%cI'], { encoding: 'utf8' }).trim();
    if (out && !Number.isNaN(Date.parse(out))) return new Date(out).toISOString();
  } catch {
    // not a git checkout (a source tarball): the build's own time
  }
  return new Date().toISOString();
}

const target = join(__dirname, '..', 'build-info.json');
writeFileSync(target, `${JSON.stringify({ builtAt: commitDate() })}\n`);
