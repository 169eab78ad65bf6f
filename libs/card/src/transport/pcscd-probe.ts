import { connect } from 'node:net';

/** pcscd's client socket unless PCSCLITE_CSOCK_NAME moves it (as libpcsclite reads it too). */
export const PCSCD_SOCKET = process.env.PCSCLITE_CSOCK_NAME ?? '/run/pcscd/pcscd.comm';

/** pcsc-lite's IPC (winscard_msg.h): CMD_VERSION, the first message every client sends. */
const CMD_VERSION = 0x11;
/** The protocol this probe speaks; a daemon of another answers all the same (with its own). */
const PROTOCOL = { major: 4, minor: 4 };
/** struct version_struct { int32_t major; int32_t minor; uint32_t rv; } */
const VERSION_STRUCT_BYTES = 12;

export type PcscdProbeResult =
  { answering: true; protocol: string; ms: number } | { answering: false; problem: string };

/**
 * Whether pcscd answers, not only whether its socket exists: a daemon stopped (SIGSTOP) or hung
 * still has its socket, and the kernel even accepts connections for it, but it never replies.
 * Sends CMD_VERSION on a connection of its own (header `{ uint32 size; uint32 command }`, then
 * the version struct, in host byte order as pcsc-lite sends it: little-endian on every machine
 * the kiosk runs on) and waits for the daemon's version
 * struct for at most `timeoutMs`. Plain sockets, no libpcsclite call: nothing here can block a
 * thread when the daemon does not answer.
 */
export function probePcscd(
  timeoutMs: number,
  socketPath: string = PCSCD_SOCKET,
): Promise<PcscdProbeResult> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    let received = Buffer.alloc(0);
    const finish = (result: PcscdProbeResult) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(
      () => finish({ answering: false, problem: `pcscd does not answer within ${timeoutMs} ms` }),
      timeoutMs,
    );
    socket.on('connect', () => {
      const message = Buffer.alloc(8 + VERSION_STRUCT_BYTES);
      message.writeUInt32LE(VERSION_STRUCT_BYTES, 0);
      message.writeUInt32LE(CMD_VERSION, 4);
      message.writeInt32LE(PROTOCOL.major, 8);
      message.writeInt32LE(PROTOCOL.minor, 12);
      message.writeUInt32LE(0, 16);
      socket.write(message);
    });
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length < VERSION_STRUCT_BYTES) return;
      finish({
        answering: true,
        protocol: `${received.readInt32LE(0)}.${received.readInt32LE(4)}`,
        ms: Math.round(performance.now() - started),
      });
    });
    socket.on('error', (err: NodeJS.ErrnoException) =>
      finish({
        answering: false,
        problem:
          err.code === 'ENOENT' || err.code === 'ECONNREFUSED'
            ? `pcscd is not running (no one at ${socketPath})`
            : `pcscd cannot be reached at ${socketPath}: ${err.code ?? err.message}`,
      }),
    );
    socket.on('close', () =>
      finish({ answering: false, problem: 'pcscd closed the connection without answering' }),
    );
  });
}
