import { EventEmitter } from 'node:events';
import { recordingLogger } from '../../test-data/recording-logger';
import type { CardLogger } from '../card-logger';
import { hexBytes, toHex } from '../codec/hex';
import { CardFault, type CardTransportEvent } from './card-transport';
import type { PcscContextHandle, PcscReaderHandle } from './pcsc-binding';
import { PcscTransport } from './pcsc.transport';

// pcsc-lite values (pcsclite.h), as the addon exposes them.
const PRESENT = 0x20;
const EMPTY = 0x10;
const INUSE = 0x100;
const EXCLUSIVE = 0x80;
const ATR = hexBytes('3B8F8001804F0CA0000003060300030000000068');
const status = (state: number, counter: number) => ({
  state: state | (counter << 16),
  atr: Buffer.from(ATR),
});

class FakeReader extends EventEmitter implements PcscReaderHandle {
  readonly SCARD_SHARE_EXCLUSIVE = 1;
  readonly SCARD_PROTOCOL_T0 = 1;
  readonly SCARD_PROTOCOL_T1 = 2;
  readonly SCARD_PROTOCOL_RAW = 4;
  readonly SCARD_STATE_PRESENT = PRESENT;
  readonly SCARD_STATE_UNKNOWN = 0x4;
  readonly SCARD_LEAVE_CARD = 0;
  readonly SCARD_RESET_CARD = 1;
  readonly SCARD_UNPOWER_CARD = 2;
  connects: { share_mode?: number; protocol?: number }[] = [];
  disconnects: number[] = [];
  transmitError?: Error;
  closed = false;
  /** Like pcsclite: listeners of a reader run with its mutex held, and close() takes it. */
  private locked = false;
  constructor(readonly name: string) {
    super();
  }
  connect(
    options: { share_mode?: number; protocol?: number },
    cb: (err: unknown, protocol: number) => void,
  ): void {
    this.connects.push(options);
    setImmediate(() => cb(null, this.SCARD_PROTOCOL_T1));
  }
  transmit(
    data: Buffer,
    _len: number,
    _protocol: number,
    cb: (err: unknown, response: Buffer) => void,
  ): void {
    setImmediate(() =>
      cb(this.transmitError ?? null, Buffer.concat([data.subarray(0, 2), Buffer.from([0x90, 0])])),
    );
  }
  disconnect(disposition: number, cb: (err: unknown) => void): void {
    this.disconnects.push(disposition);
    setImmediate(() => cb(null));
  }
  close(): void {
    if (this.locked) throw new Error('deadlock: close() inside a reader listener');
    this.closed = true;
  }
  override emit(event: string, ...args: unknown[]): boolean {
    this.locked = true;
    try {
      return super.emit(event, ...args);
    } finally {
      this.locked = false;
    }
  }
}

class FakeContext extends EventEmitter implements PcscContextHandle {
  closed = false;
  close(): void {
    this.closed = true;
  }
}

function harness(failures = 0, logger?: CardLogger) {
  const contexts: FakeContext[] = [];
  let attempts = 0;
  const factory = (): PcscContextHandle => {
    attempts += 1;
    if (attempts <= failures)
      throw new Error('SCardEstablishContext error: Service not available.(0x8010001d)');
    const context = new FakeContext();
    contexts.push(context);
    return context;
  };
  const events: CardTransportEvent[] = [];
  const transport = new PcscTransport({
    pcsc: factory,
    retry: { initialMs: 5, maxMs: 20 },
    logger,
  });
  const seen = (type: CardTransportEvent['type']) => events.filter((e) => e.type === type);
  const waitUntil = async (check: () => boolean): Promise<void> => {
    for (let i = 0; i < 500 && !check(); i += 1)
      await new Promise((resolve) => setTimeout(resolve, 2));
    if (!check()) throw new Error('condition not reached');
  };
  return {
    transport,
    events,
    contexts,
    seen,
    waitUntil,
    attempts: () => attempts,
    listener: (e: CardTransportEvent) => events.push(e),
  };
}

function attach(context: FakeContext, name: string, first = status(EMPTY, 0)): FakeReader {
  const reader = new FakeReader(name);
  context.emit('reader', reader);
  reader.emit('status', first);
  return reader;
}

describe('PcscTransport (with a fake pcsclite)', () => {
  it('reports service-lost once while pcscd is missing, retries, then service-restored', async () => {
    const h = harness(3);
    await h.transport.start(h.listener);
    await h.waitUntil(() => h.contexts.length === 1);
    expect(h.attempts()).toBe(4);
    expect(h.events).toEqual([
      { type: 'service-lost', detail: expect.stringContaining('(0x8010001d)') as unknown },
      { type: 'service-restored' },
    ]);
    await h.transport.stop();
  });

  it('logs the loss of pcscd with the fault whole: its code, stack and pcsclite cause', async () => {
    const { logger, find } = recordingLogger();
    const h = harness(1, logger);
    await h.transport.start(h.listener);
    await h.waitUntil(() => h.contexts.length === 1);
    const lost = find('PC/SC service lost');
    expect(lost).toHaveLength(1);
    expect(lost[0]?.fields).toEqual({ code: 'middleware-unavailable', err: expect.any(CardFault) });
    const { cause } = lost[0]?.fields.err as CardFault;
    expect(cause).toBeInstanceOf(Error);
    expect((cause as Error).message).toContain('(0x8010001d)');
    await h.transport.stop();
  });

  it('logs a listener that throws and a reader status error as the Error itself', async () => {
    const { logger, find } = recordingLogger();
    const h = harness(0, logger);
    const bug = new Error('listener bug');
    await h.transport.start(() => {
      throw bug;
    });
    const reader = attach(h.contexts[0]!, 'R');
    const statusError = new Error('SCardGetStatusChange error: Unknown error.(0x80100014)');
    reader.emit('error', statusError);
    expect(find('card transport listener threw')[0]?.fields).toEqual({
      event: 'reader-attached',
      err: bug,
    });
    const [logged] = find('PC/SC reader status error');
    expect(logged?.fields.err).toBe(statusError);
    await h.transport.stop();
  });

  it('reports a reader once its state is known; a card already there is present at attach', async () => {
    const h = harness();
    await h.transport.start(h.listener);
    const context = h.contexts[0]!;
    const reader = new FakeReader('R');
    context.emit('reader', reader);
    expect(h.events).toEqual([]);
    reader.emit('status', status(PRESENT, 1));
    expect(h.events).toEqual([
      { type: 'reader-attached', reader: 'R' },
      { type: 'card-inserted', reader: 'R', atr: ATR, presentAtAttach: true },
    ]);
    await h.transport.stop();
  });

  it('one card-inserted per presentation; a swap between polls is removed + inserted', async () => {
    const h = harness();
    await h.transport.start(h.listener);
    const reader = attach(h.contexts[0]!, 'R');
    reader.emit('status', status(PRESENT, 1));
    reader.emit('status', status(PRESENT | INUSE | EXCLUSIVE, 1)); // our own connection
    reader.emit('status', status(PRESENT, 1));
    expect(h.seen('card-inserted')).toHaveLength(1);
    reader.emit('status', status(PRESENT, 3)); // another card, removal missed
    reader.emit('status', status(EMPTY, 4));
    expect(h.events.map((e) => e.type)).toEqual([
      'reader-attached',
      'card-inserted',
      'card-removed',
      'card-inserted',
      'card-removed',
    ]);
    await h.transport.stop();
  });

  it('connects exclusively, transmits, and leaves the card on disconnect', async () => {
    const h = harness();
    await h.transport.start(h.listener);
    const reader = attach(h.contexts[0]!, 'R');
    await expect(h.transport.connect('R')).rejects.toMatchObject({ code: 'card-removed' });
    reader.emit('status', status(PRESENT, 1));
    const connection = await h.transport.connect('R');
    expect(reader.connects).toEqual([{ share_mode: 1, protocol: 3 }]);
    expect(connection.protocol).toBe('T=1');
    expect(toHex(connection.atr)).toBe(toHex(ATR));
    await expect(h.transport.connect('R')).rejects.toMatchObject({ code: 'reader-busy' });
    const [a, b] = await Promise.all([
      connection.transmit(hexBytes('FFCA000000')),
      connection.transmit(hexBytes('0102')),
    ]);
    expect([toHex(a), toHex(b)]).toEqual(['FFCA9000', '01029000']);
    await connection.disconnect();
    await connection.disconnect();
    expect(reader.disconnects).toEqual([0]);
    await expect(connection.transmit(hexBytes('00'))).rejects.toBeInstanceOf(CardFault);
    await expect(h.transport.connect('nope')).rejects.toMatchObject({ code: 'reader-removed' });
    await h.transport.stop();
  });

  it('refuses a second connect while the first SCardConnect is still under way', async () => {
    const h = harness();
    await h.transport.start(h.listener);
    attach(h.contexts[0]!, 'R', status(PRESENT, 1));
    const first = h.transport.connect('R');
    await expect(h.transport.connect('R')).rejects.toMatchObject({ code: 'reader-busy' });
    const connection = await first;
    await connection.disconnect();
    await expect(h.transport.connect('R')).resolves.toBeDefined();
    await h.transport.stop();
  });

  it('maps PC/SC errors to fault codes', async () => {
    const h = harness();
    await h.transport.start(h.listener);
    const reader = attach(h.contexts[0]!, 'R', status(PRESENT, 1));
    const connection = await h.transport.connect('R');
    reader.transmitError = new Error('SCardTransmit error: Card was removed.(0x80100069)');
    await expect(connection.transmit(hexBytes('FFCA000000'))).rejects.toMatchObject({
      code: 'card-removed',
    });
    reader.emit('status', status(EMPTY, 2));
    reader.transmitError = undefined;
    await expect(connection.transmit(hexBytes('FFCA000000'))).rejects.toMatchObject({
      code: 'card-removed',
    });
    await connection.disconnect();
    await h.transport.stop();
  });

  it('when pcscd goes away: drops readers, reports service-lost, reconnects', async () => {
    const h = harness();
    await h.transport.start(h.listener);
    const first = h.contexts[0]!;
    const reader = attach(first, 'R', status(PRESENT, 1));
    first.emit('error', new Error('SCardGetStatusChange error: RPC transport error.(0x80100013)'));
    reader.emit('error', new Error('SCardGetStatusChange error: RPC transport error.(0x80100013)'));
    reader.emit('end');
    await h.waitUntil(() => h.contexts.length === 2);
    expect(h.events.map((e) => e.type)).toEqual([
      'reader-attached',
      'card-inserted',
      'card-removed',
      'reader-removed',
      'service-lost',
      'service-restored',
    ]);
    await h.waitUntil(() => first.closed);
    expect(reader.closed).toBe(true);
    attach(h.contexts[1]!, 'R');
    expect(h.events.at(-1)).toEqual({ type: 'reader-attached', reader: 'R' });
    await h.transport.stop();
  });

  it('reports a reader that ends as removed', async () => {
    const h = harness();
    await h.transport.start(h.listener);
    const reader = attach(h.contexts[0]!, 'R', status(PRESENT, 1));
    reader.emit('end'); // the fake throws if close() runs inside the listener
    expect(h.events.slice(-2)).toEqual([
      { type: 'card-removed', reader: 'R' },
      { type: 'reader-removed', reader: 'R' },
    ]);
    await h.waitUntil(() => reader.closed);
    await h.transport.stop();
  });

  it('stop releases connections, readers and the context; errors after it are ignored', async () => {
    const h = harness();
    await h.transport.start(h.listener);
    const context = h.contexts[0]!;
    const reader = attach(context, 'R', status(PRESENT, 1));
    const connection = await h.transport.connect('R');
    await h.transport.stop();
    expect(reader.disconnects).toEqual([0]);
    expect(reader.closed && context.closed).toBe(true);
    await expect(connection.transmit(hexBytes('00'))).rejects.toMatchObject({
      code: 'transport-stopped',
    });
    await expect(h.transport.connect('R')).rejects.toMatchObject({ code: 'transport-stopped' });
    context.emit('error', new Error('SCardGetStatusChange error: Command cancelled.(0x80100002)'));
    expect(h.seen('service-lost')).toHaveLength(0);
  });
});
