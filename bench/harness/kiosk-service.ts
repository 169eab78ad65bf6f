import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './repo-root';
import { now, msSince } from './stats';

/** The built service, as systemd starts it. */
const MAIN = join(repoRoot(), 'dist', 'apps', 'kiosk', 'src', 'main.js');
/** The service's ready line, with the port it bound (it is asked for 0: any free one). */
const READY = /Kiosk ready for the first tap; listening on http:\/\/[^\s/]+:(\d+)\//;

/** The environment the service and its command line run with, on the database in `dir`. */
export function kioskEnv(dir: string): Record<string, string> {
  return {
    KIOSK_DB: join(dir, 'kiosk.db'),
    KIOSK_PAN_KEY_FILE: join(dir, 'pan-hmac.key'),
    KIOSK_AUDIT_KEY_FILE: join(dir, 'audit-ed25519.pem'),
    // No pcscd of its own, and never another's: the machine's pcscd may be an e2e spec's.
    PCSCLITE_CSOCK_NAME: join(dir, 'no-pcscd.comm'),
  };
}

/** A new API token with `role`, made with the built `kiosk token create`. */
export function createToken(dir: string, role: string): string {
  const out = spawnSync(
    process.execPath,
    [
      join(repoRoot(), 'dist', 'apps', 'kiosk', 'src', 'cli.js'),
      'token',
      'create',
      '--name',
      `bench-${role}`,
      '--role',
      role,
      '--json',
    ],
    { env: { ...process.env, ...kioskEnv(dir) }, encoding: 'utf8' },
  );
  if (out.status !== 0) throw new Error(`kiosk token create: ${out.stderr}`);
  return (JSON.parse(out.stdout) as { token: string }).token;
}

export interface StartedKiosk {
  /** The HTTP port it listens on (asked for port 0: one the system had free). */
  port: number;
  /** From spawn until the service logged that it is ready for the first tap. */
  startMs: number;
  /** Resident set size, in MiB, read from /proc. */
  rssMiB(): number;
  /** Its own memory: the RSS without mapped files (RssAnon), such as the mapped database. */
  anonymousRssMiB(): number;
  /** The highest resident set size since it started, or since `resetPeakRss` (VmHWM), in MiB. */
  peakRssMiB(): number;
  /** Starts the high-water mark of `peakRssMiB` again from the RSS now (Linux: clear_refs 5). */
  resetPeakRss(): void;
  stop(): Promise<void>;
}

/**
 * Node's own options for the service, from `BENCH_KIOSK_NODE_ARGS` (space-separated), to profile
 * it in any benchmark: `--cpu-prof --cpu-prof-dir=/tmp/prof`, say (Node refuses `--cpu-prof` in
 * NODE_OPTIONS, which would also reach the bench itself).
 */
function kioskNodeArgs(): string[] {
  return (process.env.BENCH_KIOSK_NODE_ARGS ?? '').split(' ').filter((arg) => arg !== '');
}

/**
 * Starts the built kiosk on the database in `dir` (its keys beside it, the built-in door board
 * simulator, no card reader: it is ready for a tap before any reader appears), its HTTP API on a
 * port the system has free (two benchmarks, or a benchmark and its smoke run, never collide),
 * and resolves when it is ready for the first tap. `env` goes over that: a door board on a pty (KIOSK_DOOR_PORT), the machine's pcscd, a raised
 * API rate limit (the admin API benchmark).
 */
export function startKiosk(
  dir: string,
  timeoutMs = 60_000,
  env: Record<string, string> = {},
): Promise<StartedKiosk> {
  const start = now();
  const child = spawn(process.execPath, [...kioskNodeArgs(), MAIN], {
    env: {
      ...process.env,
      ...kioskEnv(dir),
      KIOSK_HTTP_PORT: '0',
      KIOSK_HTTP_HOST: '127.0.0.1',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  return new Promise((resolvePromise, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`the kiosk was not ready in ${timeoutMs} ms:\n${output.slice(-2000)}`));
    }, timeoutMs);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString('utf8');
      // The whole line: a chunk may end inside it, before the port.
      const ready = READY.exec(output);
      if (!ready) return;
      clearTimeout(timer);
      const startMs = msSince(start);
      const port = Number(ready[1]);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolvePromise({
        port,
        startMs,
        rssMiB: () => statusMiB(child.pid!, 'VmRSS'),
        anonymousRssMiB: () => statusMiB(child.pid!, 'RssAnon'),
        peakRssMiB: () => statusMiB(child.pid!, 'VmHWM'),
        resetPeakRss: () => writeFileSync(`/proc/${child.pid!}/clear_refs`, '5'),
        stop,
      });
    });
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(
        new Error(`the kiosk exited with ${code} before it was ready:\n${output.slice(-2000)}`),
      );
    });
  });
}

function statusMiB(pid: number, field: 'VmRSS' | 'VmHWM' | 'RssAnon'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? NaN);
  return kb / 1024;
}

/** The floor of any Node.js start: `node -e 0`, in ms. */
export function nodeStartMs(): number {
  const start = now();
  spawnSync(process.execPath, ['-e', '0']);
  return msSince(start);
}
