import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { witnessCli, witnessFile, witnessKeyFiles, witnessOutput } from './log-witness';
import { waitFor } from './wait';

const MAIN = 'dist/apps/kiosk/src/main.js';
const CLI = 'dist/apps/kiosk/src/cli.js';

export interface KioskLogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** The built kiosk as a child process, as an installer would run it, with its JSON log kept. */
export class KioskProcess {
  private child: ChildProcess | null = null;
  readonly lines: KioskLogLine[] = [];
  readonly rawOutput: string[] = [];

  private constructor(
    readonly env: Record<string, string>,
    readonly httpPort: number,
    /** Started as `kiosk <command…>` through the built CLI instead of main.js. */
    private readonly command: string[] | null = null,
  ) {}

  /**
   * `until`: healthy (health answers 200, the default), or answering (health answers at all: a
   * kiosk that starts while its audit log cannot be written is up but not healthy).
   */
  static async start(
    env: Record<string, string>,
    {
      until = 'healthy',
      command = null,
    }: { until?: 'healthy' | 'answering'; command?: string[] | null } = {},
  ): Promise<KioskProcess> {
    const httpPort = await freePort();
    const kiosk = new KioskProcess(
      {
        ...withTestFiles(env),
        KIOSK_HTTP_PORT: String(httpPort),
        // Loopback unless a spec opens it to the network (it is still reached on 127.0.0.1).
        KIOSK_HTTP_HOST: env.KIOSK_HTTP_HOST ?? '127.0.0.1',
      },
      httpPort,
      command,
    );
    kiosk.spawn();
    await waitFor(
      `the kiosk to report ${until} on /api/v1/health`,
      () => kiosk.healthy(until === 'answering'),
      20_000,
      100,
    ).catch((err: Error) => {
      throw new Error(
        `${err.message}\n--- kiosk output ---\n${kiosk.rawOutput.slice(-30).join('\n')}`,
      );
    });
    return kiosk;
  }

  get url(): string {
    return `http://127.0.0.1:${this.httpPort}`;
  }

  private spawn(): void {
    const entry = this.command ? [CLI, ...this.command] : [MAIN];
    const child = spawn(process.execPath, entry, {
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const witness = witnessFile('kiosk');
    child.once('exit', () => witnessKeyFiles(keyFiles(this.env)));
    let partial = '';
    const take = (chunk: Buffer) => {
      witnessOutput(witness, chunk.toString('utf8'));
      const text = partial + chunk.toString('utf8');
      const parts = text.split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts.filter(Boolean)) {
        this.rawOutput.push(line);
        try {
          this.lines.push(JSON.parse(line) as KioskLogLine);
        } catch {
          // Not a log line (the simulator's console view, for one); kept in rawOutput.
        }
      }
    };
    child.stdout?.on('data', take);
    child.stderr?.on('data', (chunk: Buffer) => {
      witnessOutput(witness, chunk.toString('utf8'));
      this.rawOutput.push(chunk.toString('utf8'));
    });
  }

  private async healthy(anyStatus = false): Promise<true | undefined> {
    if (this.child?.exitCode != null)
      throw new Error(`the kiosk exited with ${this.child.exitCode}`);
    const response = await fetch(`${this.url}/api/v1/health`).catch(() => null);
    if (!response) return undefined;
    return response.status === 200 || anyStatus ? true : undefined;
  }

  /** The first log line, at or after `from`, that matches. */
  waitForLog(
    what: string,
    match: (line: KioskLogLine) => boolean,
    from = 0,
    timeoutMs = 10_000,
  ): Promise<KioskLogLine> {
    return waitFor(`kiosk log: ${what}`, () => this.lines.slice(from).find(match), timeoutMs);
  }

  /** Rethrows `err` with the kiosk's last output, so a failed wait explains itself. */
  explain(err: unknown): never {
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(
      `${message}\n--- last kiosk output ---\n${this.rawOutput.slice(-80).join('\n')}`,
    );
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Sends `signal` (SIGKILL after 10 s) and resolves with how the process ended. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<ProcessEnd> {
    const child = this.child;
    this.child = null;
    if (!child) return { code: null, signal: null };
    if (child.exitCode !== null || child.signalCode !== null) {
      return { code: child.exitCode, signal: child.signalCode };
    }
    const exited = new Promise<ProcessEnd>((resolve) =>
      child.once('exit', (code, sig) => resolve({ code, signal: sig })),
    );
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    const end = await exited;
    clearTimeout(timer);
    return end;
  }
}

export interface ProcessEnd {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs the built `kiosk` command line against the same environment. */
export function runKioskCli(
  args: string[],
  env: Record<string, string>,
  input?: string,
): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...withTestFiles(env) },
    input,
    encoding: 'utf8',
  });
  witnessCli(args, result.stdout, result.stderr);
  witnessKeyFiles(keyFiles(withTestFiles(env)));
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Keeps every file a test kiosk writes beside its database, in the test's temp directory. */
function withTestFiles(env: Record<string, string>): Record<string, string> {
  const db = env.KIOSK_DB;
  if (!db) throw new Error('A test kiosk needs KIOSK_DB in a temp directory');
  return {
    KIOSK_PAN_KEY_FILE: join(dirname(db), 'pan-hmac.key'),
    KIOSK_AUDIT_KEY_FILE: join(dirname(db), 'audit-ed25519.pem'),
    ...env,
  };
}

function keyFiles(env: Record<string, string>): (string | undefined)[] {
  return [env.KIOSK_PAN_KEY_FILE, env.KIOSK_AUDIT_KEY_FILE];
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The same, without blocking this process: a spec whose door board simulator runs in this process
 * must use this while the kiosk runs, or the board stops answering polls and goes offline.
 */
export function runKioskCliAsync(
  args: string[],
  env: Record<string, string>,
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { ...process.env, ...withTestFiles(env) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (status) => {
      witnessCli(args, stdout, stderr);
      witnessKeyFiles(keyFiles(withTestFiles(env)));
      resolve({ status, stdout, stderr });
    });
  });
}

/** Runs the built service expecting it to stop by itself (a start that must fail); 20 s at most. */
export function runKioskServiceToExit(env: Record<string, string>): {
  status: number | null;
  stderr: string;
} {
  const result = spawnSync(process.execPath, [MAIN], {
    env: { ...process.env, ...withTestFiles(env), KIOSK_HTTP_PORT: '0' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  witnessOutput(witnessFile('kiosk start'), `${result.stdout}${result.stderr}`);
  witnessKeyFiles(keyFiles(withTestFiles(env)));
  return { status: result.status, stderr: result.stderr };
}
