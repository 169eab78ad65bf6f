import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { keySpellings, type Secret } from './secret-scan';

/**
 * Keeps what every kiosk process and command line started by an end-to-end spec wrote (its log
 * lines, its error output), and the secrets the tests were shown, in one directory per run. The
 * run's global teardown (secrets-in-logs.teardown.ts) fails the run when any of it holds a PAN,
 * token or key the tests used. The directory comes from the global setup; a spec run some other
 * way keeps nothing.
 */
export const WITNESS_DIR_VARIABLE = 'KIOSK_TEST_WITNESS_DIR';
const SECRETS_FILE = 'secrets.ndjson';

let counter = 0;

function witnessDir(): string | undefined {
  const dir = process.env[WITNESS_DIR_VARIABLE];
  if (dir) mkdirSync(dir, { recursive: true });
  return dir;
}

/** A file for one process's output; `label` says what it was (kiosk, cli token list, ...). */
export function witnessFile(label: string): string | undefined {
  const dir = witnessDir();
  if (!dir) return undefined;
  counter += 1;
  const safe = label.replace(/[^A-Za-z0-9_-]+/g, '-').slice(0, 60);
  return join(dir, `${process.pid}-${counter}-${safe}.log`);
}

export function witnessOutput(file: string | undefined, text: string): void {
  if (file && text) appendFileSync(file, text);
}

/** The output of a command line; `token create` shows its token once by design: that is kept as a secret. */
export function witnessCli(args: string[], stdout: string, stderr: string): void {
  const label = `cli ${args.slice(0, 2).join(' ')}`;
  const showsTokenOnce = args[0] === 'token' && (args[1] === 'create' || args[1] === 'rotate');
  if (showsTokenOnce) {
    for (const [, secret] of stdout.matchAll(/kiosk\.[0-9A-Za-z-]+\.([0-9A-Za-z_-]{16,})/g))
      if (secret) witnessSecret({ kind: 'token', value: secret });
  } else {
    witnessOutput(witnessFile(`${label} stdout`), stdout);
  }
  witnessOutput(witnessFile(`${label} stderr`), stderr);
}

export function witnessSecret(secret: Secret): void {
  const dir = witnessDir();
  if (dir) appendFileSync(join(dir, SECRETS_FILE), `${JSON.stringify(secret)}\n`);
}

/** The keys a test kiosk made (read while the test's directory still exists). */
export function witnessKeyFiles(paths: (string | undefined)[]): void {
  for (const path of paths) {
    if (!path || !existsSync(path)) continue;
    for (const value of keySpellings(readFileSync(path))) witnessSecret({ kind: 'key', value });
  }
}

export function readWitnessedSecrets(dir: string): Secret[] {
  const file = join(dir, SECRETS_FILE);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Secret);
}

export const WITNESS_SECRETS_FILE = SECRETS_FILE;
