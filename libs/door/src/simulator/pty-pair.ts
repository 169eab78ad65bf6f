import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const READY_TIMEOUT_MS = 5000;
const EXIT_TIMEOUT_MS = 2000;

/**
 * Two connected pseudo-terminals made by socat: a serial line on one machine, for tests and the
 * demo. `a` and `b` are symlinks to the two ptys; open one with SerialTransport on each side.
 */
export class PtyPair {
  private constructor(
    readonly a: string,
    readonly b: string,
    private readonly child: ChildProcess,
  ) {}

  /** Starts `socat -d -d pty,raw,echo=0,link=<dir>/a pty,raw,echo=0,link=<dir>/b` and waits for both links. */
  static async open(dir: string, options: { socat?: string } = {}): Promise<PtyPair> {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    rmSync(a, { force: true }); // a stale link would look ready before socat is
    rmSync(b, { force: true });
    const child = spawn(
      options.socat ?? 'socat',
      ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`],
      { stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error): void => (clearInterval(poll), clearTimeout(limit), reject(err));
      child.once('error', (err: NodeJS.ErrnoException) =>
        fail(err.code === 'ENOENT' ? new Error('socat not found: apt-get install socat') : err),
      );
      child.once('exit', (code) =>
        fail(new Error(`socat exited (${code}) before the ptys were ready: ${stderr.trim()}`)),
      );
      const poll = setInterval(() => {
        if (!existsSync(a) || !existsSync(b)) return;
        clearInterval(poll);
        clearTimeout(limit);
        child.removeAllListeners('exit');
        resolve();
      }, 20);
      const limit = setTimeout(() => {
        child.kill('SIGKILL');
        fail(new Error(`socat made no ptys within ${READY_TIMEOUT_MS} ms: ${stderr.trim()}`));
      }, READY_TIMEOUT_MS);
    });
    return new PtyPair(a, b, child);
  }

  /**
   * Stops socat and waits for it to exit; both ptys disappear. 'SIGKILL' kills it as a crash
   * would: the links are left dangling, and a later open() in the same directory replaces them.
   */
  async close(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
      child.once('exit', () => (clearTimeout(force), resolve()));
      child.kill(signal);
    });
  }
}
