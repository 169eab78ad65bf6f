import { spawn, spawnSync } from 'node:child_process';
import { contactlessUidProfile, profileByName } from '@kiosk/card/virtual';
import { witnessCli } from './harness/log-witness';
import { PcscdProcess } from './harness/pcscd.process';
import { requireSystemTools } from './harness/system-tools';
import { waitFor } from './harness/wait';

/** The installer's `kiosk card …` commands on the real middleware, as built. */
const VPCD_PORT = 0x9cc0;
const CLI = 'dist/apps/kiosk/src/cli.js';

describe('kiosk card (installer tools)', () => {
  let pcscd: PcscdProcess;

  beforeAll(async () => {
    requireSystemTools();
    pcscd = new PcscdProcess(VPCD_PORT);
    await pcscd.start();
  });
  afterAll(() => pcscd?.dispose());

  it('card readers --json lists both virtual readers with no card', () => {
    const result = spawnSync(process.execPath, [CLI, 'card', 'readers', '--json'], {
      encoding: 'utf8',
    });
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([
      { reader: PcscdProcess.readerName(0), cardPresent: false },
      { reader: PcscdProcess.readerName(1), cardPresent: false },
    ]);
  });

  it('card read --json reads a bank card and prints it masked', async () => {
    // The card lies on the reader for the whole command: it reads a card already there too.
    let stdout = '';
    let stderr = '';
    const code = await pcscd.present(
      profileByName({ name: 'emv-contactless', pan: '5413330089600010' }),
      () => {
        const child = spawn(
          process.execPath,
          [CLI, 'card', 'read', '--reader', '00 00', '--json', '--timeout', '20'],
          { stdio: ['ignore', 'pipe', 'pipe'] },
        );
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        return new Promise<number | null>((resolve) => child.once('close', resolve));
      },
    );
    witnessCli(['card', 'read'], stdout, stderr);
    expect(code).toBe(0);
    expect(stdout).not.toContain('5413330089600010');
    expect(JSON.parse(stdout)).toMatchObject({
      reader: PcscdProcess.readerName(0),
      cardKind: 'contactless-processor',
      outcome: { ok: true, method: 'emv', credential: { kind: 'pan', pan: '**** **** **** 0010' } },
    });
  });

  it('card read waits for a card presented after it started', async () => {
    const child = spawn(process.execPath, [CLI, 'card', 'read', '--reader', '00 00', '--json'], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await waitFor('"waiting for a card" and the reader attached', () =>
      stderr.includes('waiting for a card') && stderr.includes('reader-attached: Virtual PCD 00 00')
        ? true
        : undefined,
    );
    const code = await pcscd.present(contactlessUidProfile('04A224E2C35E80'), () => exited);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      presentAtAttach: false,
      outcome: { ok: true, method: 'uid', credential: { kind: 'uid', uid: '04A224E2C35E80' } },
    });
  });

  it('card read: no matching reader before the timeout is an expected end, one line, exit 1', () => {
    const result = spawnSync(
      process.execPath,
      [CLI, 'card', 'read', '--reader', 'No Such Reader', '--timeout', '1'],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('kiosk: no card within 1 s\n');
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace for an expected end
  });

  it('card read: a PC/SC library that fails to load is an internal fault, exit 70', () => {
    // The addon is made to fail in this one process: the failure the CLI used to swallow.
    const breakPcsclite = `
      const Module = require('node:module');
      const load = Module._load;
      Module._load = function (request, ...rest) {
        if (request === 'pcsclite') throw new Error('simulated: libpcsclite.so.1 missing');
        return load.call(this, request, ...rest);
      };
      process.argv.splice(1, 0, ${JSON.stringify(CLI)});
      require(require('node:path').resolve(${JSON.stringify(CLI)}));`;
    const result = spawnSync(
      process.execPath,
      ['-e', breakPcsclite, '--', 'card', 'read', '--timeout', '5'],
      { encoding: 'utf8' },
    );
    expect(result.status).toBe(70);
    expect(result.stdout).toBe('');
    // The whole error once, with its stack and cause, then one line with its message.
    expect(result.stderr).toContain('CardFault: the pcsclite addon cannot be loaded\n    at ');
    expect(result.stderr).toContain('[cause]: Error: simulated: libpcsclite.so.1 missing');
    expect(result.stderr).toMatch(
      /kiosk: PC\/SC could not be started: the pcsclite addon cannot be loaded .*report it.*\n$/,
    );
  });

  it('card atr - explains one ATR per line as JSON lines, bad ones included', () => {
    const good = '3B8F8001804F0CA0000003060300030000000068';
    const badTck = '3B8F8001804F0CA0000003060300030000000069';
    const input = `${good}\n${badTck}\n3B\n\n${good}\n`.repeat(500);
    const result = spawnSync(process.execPath, [CLI, 'card', 'atr', '-'], {
      input,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024, // 2000 reports are more than the 1 MiB default
    });
    expect(result.status).toBe(0);
    const lines = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toHaveLength(2000);
    expect(lines[0]).toMatchObject({
      atr: good,
      valid: true,
      tck: 'correct',
      protocols: [0, 1],
      convention: 'direct',
    });
    expect(lines[1]).toMatchObject({ atr: badTck, valid: false, tck: 'wrong' });
    expect(lines[2]).toMatchObject({ atr: '3B', valid: false });
    expect((lines[2]!.problems as string[]).length).toBeGreaterThan(0);
  });
});
