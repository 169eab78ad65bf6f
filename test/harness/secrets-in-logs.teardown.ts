import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { readWitnessedSecrets, WITNESS_DIR_VARIABLE, WITNESS_SECRETS_FILE } from './log-witness';
import { pansIn, readText, scanText, sourceFiles, type Finding, type Secret } from './secret-scan';

const ROOT = join(__dirname, '..', '..');
/** Where the tests' card numbers are written: the specs, the card traces, the virtual cards. */
const PAN_SOURCES = ['test', 'tools', 'apps', 'libs/card/test-data', 'libs/card/src'].map((d) =>
  join(ROOT, d),
);

/**
 * Jest global teardown of the e2e project: no line any kiosk or command line wrote during the run
 * holds a PAN, token or key the tests used (issue 18). Fails the run, naming the file and line
 * with the secret masked, and keeps the directory for a look; removes it when all is clean.
 */
export default function checkSecretsInLogs(): void {
  const dir = process.env[WITNESS_DIR_VARIABLE];
  if (!dir) return;
  const pans = new Set<string>();
  for (const file of sourceFiles(PAN_SOURCES, ['.ts', '.apdu', '.json', '.yaml']))
    for (const pan of pansIn(readText(file))) pans.add(pan);
  const unique = new Map<string, Secret>();
  for (const value of pans) unique.set(value, { kind: 'pan', value });
  for (const secret of readWitnessedSecrets(dir)) unique.set(secret.value, secret);
  const secrets = [...unique.values()];
  const outputs = readdirSync(dir).filter((f) => f !== WITNESS_SECRETS_FILE);
  const findings: Finding[] = outputs.flatMap((f) => scanText(f, readText(join(dir, f)), secrets));
  if (findings.length === 0) {
    rmSync(dir, { recursive: true, force: true });
    return;
  }
  const list = findings
    .slice(0, 20)
    .map((f) => `  ${f.source}:${f.line}: a ${f.kind} (${f.shown})`)
    .join('\n');
  throw new Error(
    `${findings.length} line(s) written during the e2e run hold a secret the tests used ` +
      `(outputs kept in ${dir}):\n${list}`,
  );
}
