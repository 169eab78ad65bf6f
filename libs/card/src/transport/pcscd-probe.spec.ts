import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { probePcscd } from './pcscd-probe';

/** A stand-in for pcscd on a Unix socket: `answer` decides what it does with a client. */
async function fakeDaemon(path: string, answer: (client: Socket, request: Buffer) => void) {
  const server: Server = createServer((client) => {
    client.on('data', (request) => answer(client, request));
  });
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return server;
}

describe('probePcscd', () => {
  let dir: string;
  let socket: string;
  let server: Server | null = null;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pcscd-probe-'));
    socket = join(dir, 'pcscd.comm');
  });
  afterEach(async () => {
    if (server) await new Promise((resolve) => server!.close(resolve));
    server = null;
    rmSync(dir, { recursive: true, force: true });
  });

  it('sends CMD_VERSION (header, then major 4, minor 4, rv 0) and reads the version answered', async () => {
    const requests: string[] = [];
    server = await fakeDaemon(socket, (client, request) => {
      requests.push(request.toString('hex'));
      const reply = Buffer.alloc(12);
      reply.writeInt32LE(4, 0);
      reply.writeInt32LE(5, 4);
      client.write(reply.subarray(0, 5)); // in two pieces, as a stream may deliver it
      setTimeout(() => client.write(reply.subarray(5)), 5);
    });
    const result = await probePcscd(1000, socket);
    expect(result).toMatchObject({ answering: true, protocol: '4.5' });
    expect(requests).toEqual(['0c000000' + '11000000' + '04000000' + '04000000' + '00000000']);
  });

  it('says a daemon that takes the connection but never answers does not answer, in time', async () => {
    server = await fakeDaemon(socket, () => undefined); // stopped: SIGSTOP
    const began = performance.now();
    expect(await probePcscd(150, socket)).toEqual({
      answering: false,
      problem: 'pcscd does not answer within 150 ms',
    });
    expect(performance.now() - began).toBeLessThan(1000);
  });

  it('says pcscd is not running when no one is at its socket', async () => {
    expect(await probePcscd(500, socket)).toEqual({
      answering: false,
      problem: `pcscd is not running (no one at ${socket})`,
    });
  });

  it('says so when the daemon hangs up without answering', async () => {
    server = await fakeDaemon(socket, (client) => client.end());
    expect(await probePcscd(500, socket)).toEqual({
      answering: false,
      problem: 'pcscd closed the connection without answering',
    });
  });
});
