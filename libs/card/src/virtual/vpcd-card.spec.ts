import { once } from 'node:events';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { hexBytes, toHex } from '../codec/hex';
import { contactlessUidProfile } from './profiles/contactless-uid.profile';
import { tap } from './tap';
import { VirtualCard, VirtualCardError } from './vpcd-card';
import { encodeVpcdFrame, VpcdFrameReader } from './vpcd-frame.codec';

/** A stand-in for vpcd: accepts the card's connection and lets the test write raw bytes. */
async function fakeVpcd(): Promise<{ server: Server; port: number; peer: Promise<Socket> }> {
  const server = createServer();
  const peer = new Promise<Socket>((resolve) => server.once('connection', resolve));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, peer };
}

function frames(socket: Socket, count: number): Promise<string[]> {
  const reader = new VpcdFrameReader();
  const got: string[] = [];
  return new Promise((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      got.push(...reader.push(chunk).map((p) => toHex(p)));
      if (got.length >= count) resolve(got.slice(0, count));
    });
  });
}

const framed = (hex: string): Buffer => {
  const f = encodeVpcdFrame(hexBytes(hex));
  if (!f.ok) throw new Error(f.problem);
  return Buffer.from(f.value);
};

const NTAG_ATR = '3B8F8001804F0CA0000003060300030000000068';

describe('VirtualCard on the vpcd socket', () => {
  let vpcd: Awaited<ReturnType<typeof fakeVpcd>>;
  beforeEach(async () => {
    vpcd = await fakeVpcd();
  });
  afterEach(() => {
    vpcd.server.close();
  });

  it('answers frames coalesced in one chunk: control ATR, power on, and an APDU', async () => {
    const card = new VirtualCard({
      port: vpcd.port,
      profile: contactlessUidProfile('04A224E2C35E80'),
    });
    const controls: string[] = [];
    card.on('control', (c) => controls.push(c));
    await card.insert();
    const socket = await vpcd.peer;
    const replies = frames(socket, 2);
    socket.write(Buffer.concat([framed('04'), framed('01'), framed('FFCA000000')]));
    expect(await replies).toEqual([NTAG_ATR, '04A224E2C35E809000']);
    expect(controls).toEqual(['atr', 'power-on']);
    await card.remove();
    expect(card.inserted).toBe(false);
  });

  it('answers a frame split over several chunks', async () => {
    const card = new VirtualCard({ port: vpcd.port, profile: contactlessUidProfile('DEADBEEF') });
    const apdus: string[] = [];
    card.on('apdu', (e) => apdus.push(`${toHex(e.command)}>${toHex(e.response)}`));
    await card.insert();
    const socket = await vpcd.peer;
    const replies = frames(socket, 1);
    const bytes = framed('FFCA000000');
    for (const b of bytes) {
      socket.write(Uint8Array.of(b));
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await replies).toEqual(['DEADBEEF9000']);
    expect(apdus).toEqual(['FFCA000000>DEADBEEF9000']);
    await card.remove();
  });

  it('remove() closes the socket: vpcd sees the card leave', async () => {
    const card = new VirtualCard({ port: vpcd.port, profile: contactlessUidProfile('DEADBEEF') });
    await card.insert();
    const socket = await vpcd.peer;
    const closed = once(socket, 'close');
    await card.remove();
    await closed;
    await expect(card.remove()).resolves.toBeUndefined();
  });

  it("emits 'removed' when vpcd closes the socket", async () => {
    const card = new VirtualCard({ port: vpcd.port, profile: contactlessUidProfile('DEADBEEF') });
    await card.insert();
    const removed = once(card, 'removed');
    (await vpcd.peer).destroy();
    await removed;
    expect(card.inserted).toBe(false);
  });

  it('answers 6F00 when a profile throws', async () => {
    const profile = {
      name: 'broken',
      atr: hexBytes(NTAG_ATR),
      respond: (): Uint8Array => {
        throw new Error('bug');
      },
    };
    const card = new VirtualCard({ port: vpcd.port, profile });
    await card.insert();
    const socket = await vpcd.peer;
    const replies = frames(socket, 1);
    socket.write(framed('00A4040000'));
    expect(await replies).toEqual(['6F00']);
    await card.remove();
  });

  it('says what to check when nothing listens', async () => {
    vpcd.server.close();
    await once(vpcd.server, 'close');
    const card = new VirtualCard({ port: vpcd.port, profile: contactlessUidProfile('DEADBEEF') });
    const error = await card.insert().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VirtualCardError);
    expect((error as VirtualCardError).code).toBe('ECONNREFUSED');
    expect((error as Error).message).toBe(
      `nothing listens on 127.0.0.1:${vpcd.port}: is pcscd with the vpcd driver running?`,
    );
    expect(card.inserted).toBe(false);
  });

  it('tap() holds the card at least holdMs, then until the reader has been quiet', async () => {
    const steps: string[] = [];
    let removed: unknown = null;
    const done = tap({
      uid: '04A224E2C35E80',
      port: vpcd.port,
      holdMs: 50,
      quietMs: 150,
      onStep: (s) => {
        steps.push(s.step);
        if (s.step === 'removed') removed = s;
      },
    });
    const socket = await vpcd.peer;
    // A slow reader: a second APDU after holdMs has passed; the card must still be there.
    const first = frames(socket, 1);
    socket.write(framed('FFCA000000'));
    await first;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const second = frames(socket, 1);
    socket.write(framed('FFCA000000'));
    expect(await second).toEqual(['04A224E2C35E809000']);
    const report = await done;
    expect(report.exchanges).toHaveLength(2);
    expect(report.heldMs).toBeGreaterThanOrEqual(100 + 150 - 10);
    expect(steps).toEqual(['inserted', 'apdu', 'apdu', 'removed']);
    expect(removed).toMatchObject({ why: 'reader-done' });
  });

  it('tap() gives up when no reader asks the card anything', async () => {
    const report = await tap({
      uid: '04A224E2C35E80',
      port: vpcd.port,
      holdMs: 20,
      untilMs: 120,
      onStep: () => undefined,
    });
    expect(report.exchanges).toEqual([]);
    expect(report.heldMs).toBeGreaterThanOrEqual(110);
  });
});
