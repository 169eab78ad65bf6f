import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WITNESS_DIR_VARIABLE } from './log-witness';

/** Jest global setup of the e2e project: one directory for what this run's processes write. */
export default function setUpLogWitness(): void {
  process.env[WITNESS_DIR_VARIABLE] = mkdtempSync(join(tmpdir(), 'kiosk-e2e-output-'));
}
