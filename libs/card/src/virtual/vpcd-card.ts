import { EventEmitter } from 'node:events';
import { connect, type Socket } from 'node:net';
import type { CardAnswer, CardProfile } from './card-profile';
import {
  encodeVpcdFrame,
  VPCD_CTRL_ATR,
  VPCD_CTRL_OFF,
  VPCD_CTRL_ON,
  VPCD_CTRL_RESET,
  VpcdFrameReader,
} from './vpcd-frame.codec';

export interface VirtualCardOptions {
  host?: string;
  /** vpcd's port for the reader slot: CHANNELID for slot 0, CHANNELID + 1 for slot 1. */
  port: number;
  profile: CardProfile;
  connectTimeoutMs?: number;
}

export type VpcdControl = 'power-off' | 'power-on' | 'reset' | 'atr';

export interface VirtualCardEvents {
  apdu: [exchange: { command: Uint8Array; response: Uint8Array }];
  control: [control: VpcdControl];
  /** vpcd closed the socket (pcscd stopped): the card is no longer in a reader. */
  removed: [];
  error: [error: Error];
}

/** Why `insert` failed, with the socket error's code when there was one (ECONNREFUSED). */
export class VirtualCardError extends Error {
  override readonly name = 'VirtualCardError';
  constructor(
    message: string,
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const CONTROLS: Record<number, VpcdControl | undefined> = {
  [VPCD_CTRL_OFF]: 'power-off',
  [VPCD_CTRL_ON]: 'power-on',
  [VPCD_CTRL_RESET]: 'reset',
  [VPCD_CTRL_ATR]: 'atr',
};

/**
 * A card in a vpcd virtual reader: a TEST AND DEMO facility, never production. `insert()`
 * connects to vpcd (the card enters the field), `remove()` closes the socket (it leaves).
 * 'error' is emitted only when someone listens to it; socket errors otherwise end the card.
 */
export class VirtualCard extends EventEmitter<VirtualCardEvents> {
  private socket?: Socket;
  private readonly frames = new VpcdFrameReader();

  constructor(private readonly options: VirtualCardOptions) {
    super();
  }

  get inserted(): boolean {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  get endpoint(): string {
    return `${this.options.host ?? '127.0.0.1'}:${this.options.port}`;
  }

  insert(): Promise<void> {
    if (this.socket)
      return Promise.reject(new VirtualCardError('card already inserted', undefined));
    const { host = '127.0.0.1', port, connectTimeoutMs = 5000 } = this.options;
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port, noDelay: true });
      this.socket = socket;
      const fail = (error: Error & { code?: string }): void => {
        socket.destroy();
        this.socket = undefined;
        reject(insertError(this.endpoint, error));
      };
      socket.setTimeout(connectTimeoutMs, () =>
        fail(Object.assign(new Error('timeout'), { code: 'ETIMEDOUT' })),
      );
      socket.once('error', fail);
      socket.once('connect', () => {
        socket.setTimeout(0);
        socket.off('error', fail);
        this.attach(socket);
        resolve();
      });
    });
  }

  /** Takes the card away; resolves once the socket is closed. */
  remove(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket || socket.closed) return Promise.resolve();
    return new Promise((resolve) => {
      socket.once('close', () => resolve());
      socket.destroy();
    });
  }

  private attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      for (const payload of this.frames.push(chunk)) this.onPayload(socket, payload);
    });
    socket.on('error', (error) => {
      if (this.listenerCount('error') > 0) this.emit('error', error);
    });
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.emit('removed');
    });
  }

  private onPayload(socket: Socket, payload: Uint8Array): void {
    const first = payload[0];
    if (first === undefined) return;
    if (payload.length === 1) {
      const control = CONTROLS[first];
      if (control === undefined) return;
      this.emit('control', control);
      if (control === 'atr') return this.send(socket, this.options.profile.atr);
      this.options.profile.power?.(
        control === 'power-off' ? 'off' : control === 'power-on' ? 'on' : 'reset',
      );
      return;
    }
    const answer = respondSafely(this.options.profile, payload);
    if (answer instanceof Uint8Array) return this.answer(socket, payload, answer);
    if ('vanish' in answer) {
      socket.destroy(); // the card leaves the field in the middle of the exchange
      return;
    }
    const timer = setTimeout(() => this.answer(socket, payload, answer.response), answer.delayMs);
    socket.once('close', () => clearTimeout(timer));
  }

  private answer(socket: Socket, command: Uint8Array, response: Uint8Array): void {
    this.send(socket, response);
    this.emit('apdu', { command, response });
  }

  private send(socket: Socket, payload: Uint8Array): void {
    const frame = encodeVpcdFrame(payload);
    if (frame.ok && !socket.destroyed) socket.write(frame.value);
  }
}

/** A profile that throws still answers: 6F 00, no precise diagnosis (ISO/IEC 7816-4). */
function respondSafely(profile: CardProfile, command: Uint8Array): CardAnswer {
  try {
    return profile.respond(command);
  } catch {
    return Uint8Array.of(0x6f, 0x00);
  }
}

function insertError(endpoint: string, error: Error & { code?: string }): VirtualCardError {
  const hint =
    error.code === 'ECONNREFUSED'
      ? `nothing listens on ${endpoint}: is pcscd with the vpcd driver running?`
      : `cannot reach vpcd at ${endpoint}: ${error.message}`;
  return new VirtualCardError(hint, error.code, { cause: error });
}
