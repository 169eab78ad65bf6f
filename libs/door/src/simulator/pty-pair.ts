import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const READY_TIMEOUT_MS = 5000;
const EXIT_TIMEOUT_MS = 2000;

/**
 * `sh -c` script: runs socat ("$1", its arguments after) in the background and prints its pid;
 * a background reader of this shell's stdin (a pipe from the Node.js process, never written)
 * kills socat when the pipe closes; the shell exits with socat's status. The reader gets the pipe
 * through fd 3: an asynchronous list's stdin is /dev/null otherwise (POSIX, job control off).
 */
const SOCAT_TIED_TO_PARENT = [
  'exec 3<&0',
  'bin=$1; shift',
  '"$bin" "$@" <&- & pid=$!',
  'echo "$pid"',
  '( read -r _ <&3; kill "$pid" 2>/dev/null ) &',
  'exec 3<&-',
  'wait "$pid"',
].join('\n');

/**
 * Two connected pseudo-terminals made by socat: a serial line on one machine, for tests and the
 * demo. `a` and `b` are symlinks to the two ptys; open one with SerialTransport on each side.
 */
export class PtyPair {
  private constructor(
    readonly a: string,
    readonly b: string,
    /** The shell that ties socat to this process; it exits when socat does. */
    private readonly child: ChildProcess,
    /** socat's own process id. */
    readonly socatPid: number,
  ) {}

  /**
   * Starts `socat -d -d pty,raw,echo=0,link=<dir>/a pty,raw,echo=0,link=<dir>/b` and waits for
   * both links. socat runs under a small `sh` that holds this process's end of a pipe: when this
   * process ends, however it ends (SIGKILL included), the pipe closes and the shell stops socat.
   * Node.js has no PR_SET_PDEATHSIG; without this, a killed kiosk left its socat behind.
   */
  static async open(dir: string, options: { socat?: string } = {}): Promise<PtyPair> {
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    rmSync(a, { force: true }); // a stale link would look ready before socat is
    rmSync(b, { force: true });
    const child = spawn(
      'sh',
      [
        '-c',
        SOCAT_TIED_TO_PARENT,
        'sh',
        options.socat ?? 'socat',
        '-d',
        '-d',
        `pty,raw,echo=0,link=${a}`,
        `pty,raw,echo=0,link=${b}`,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    let stderr = '';
    let stdout = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    // socat gone (closed, killed, failed to start): the watcher may go too.
    child.once('exit', () => child.stdin?.destroy());
    await new Promise<void>((resolve, reject) => {
      const fail = (err: Error): void => (clearInterval(poll), clearTimeout(limit), reject(err));
      child.once('error', fail);
      child.once('exit', (code) =>
        fail(
          code === 127
            ? new Error('socat not found: apt-get install socat')
            : new Error(`socat exited (${code}) before the ptys were ready: ${stderr.trim()}`),
        ),
      );
      const poll = setInterval(() => {
        if (!existsSync(a) || !existsSync(b) || !stdout.includes('\n')) return;
        clearInterval(poll);
        clearTimeout(limit);
        child.removeAllListeners('exit');
        child.once('exit', () => child.stdin?.destroy());
        resolve();
      }, 20);
      const limit = setTimeout(() => {
        child.stdin?.destroy();
        child.kill('SIGKILL');
        fail(new Error(`socat made no ptys within ${READY_TIMEOUT_MS} ms: ${stderr.trim()}`));
      }, READY_TIMEOUT_MS);
    });
    return new PtyPair(a, b, child, Number(stdout.trim().split('\n')[0]));
  }

  /**
   * Stops socat and waits for it to exit; both ptys disappear. 'SIGKILL' kills it as a crash
   * would: the links are left dangling, and a later open() in the same directory replaces them.
   */
  async close(signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM'): Promise<void> {
    const child = this.child;
    if (child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => {
        child.stdin?.destroy(); // the watcher kills socat
        child.kill('SIGKILL');
      }, EXIT_TIMEOUT_MS);
      child.once('exit', () => (clearTimeout(force), resolve()));
      try {
        process.kill(this.socatPid, signal);
      } catch {
        child.stdin?.destroy(); // already gone: let the shell finish
      }
    });
  }
}
