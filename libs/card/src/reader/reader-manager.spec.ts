import { once } from 'node:events';
import { recordingLogger } from '../../test-data/recording-logger';
import { readTrace } from '../../test-data/test-data';
import { parseApduTrace } from '../codec/apdu-trace.parser';
import { hexBytes, toHex } from '../codec/hex';
import { CardFault } from '../transport/card-transport';
import { ScriptedCardTransport } from '../transport/scripted.transport';
import type { CardRead, ReaderEvent } from './card-read';
import { ReaderManager, type ReaderManagerOptions } from './reader-manager';

const R0 = 'Virtual PCD 00 00';
const R1 = 'ACS ACR122U PICC Interface 00 00';
const NTAG_ATR = hexBytes('3B8F8001804F0CA0000003060300030000000068');
const CONTACT_ATR = hexBytes('3B 6E 00 00 80 31 80 66 B0 84 0C 01 6E 01 83 00 90 00');
const getUid = hexBytes('FFCA000000');
const uidAnswer = (uid: string) => ({ command: getUid, response: hexBytes(`${uid}9000`) });

async function setUp(options?: ReaderManagerOptions) {
  const transport = new ScriptedCardTransport();
  const manager = new ReaderManager(transport, options);
  const reads: CardRead[] = [];
  const events: ReaderEvent[] = [];
  manager.on('card-read', (r) => reads.push(r));
  manager.on('reader', (e) => events.push(e));
  manager.on('error', () => undefined);
  await manager.start();
  return { transport, manager, reads, events };
}

const nextRead = async (manager: ReaderManager): Promise<CardRead> =>
  (await once(manager, 'card-read'))[0] as CardRead;

describe('ReaderManager', () => {
  it('emits exactly one card-read per presentation', async () => {
    const { transport, manager, reads } = await setUp();
    transport.script([uidAnswer('04A224E2C35E80')]);
    transport.attachReader(R0);
    const read = nextRead(manager);
    transport.insertCard(R0, NTAG_ATR);
    await expect(read).resolves.toMatchObject({
      reader: R0,
      atr: '3B8F8001804F0CA0000003060300030000000068',
      cardKind: 'contactless-storage',
      presentAtAttach: false,
      outcome: { ok: true, method: 'uid', credential: { kind: 'uid', uid: '04A224E2C35E80' } },
    });
    expect(reads[0]?.startedAt).toBeInstanceOf(Date);
    expect(reads[0]?.durationMs).toBeGreaterThanOrEqual(0);
    expect(transport.open).toBe(0); // released after the read
    transport.assertDone();
    await manager.stop();
  });

  it('emits nothing more for a card left lying on the reader, and reads it again once re-presented', async () => {
    const { transport, manager, reads } = await setUp();
    transport.script([uidAnswer('DEADBEEF'), uidAnswer('DEADBEEF')]);
    transport.attachReader(R0);
    transport.insertCard(R0, NTAG_ATR);
    await nextRead(manager);
    transport.insertCard(R0, NTAG_ATR); // a repeated presence report for the same presentation
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.connections).toBe(1);
    transport.removeCard(R0);
    const second = nextRead(manager);
    transport.insertCard(R0, NTAG_ATR);
    await second;
    expect(reads).toHaveLength(2);
    transport.assertDone();
    await manager.stop();
  });

  it('a card removed mid-read yields the refusal card-removed', async () => {
    const { transport, manager } = await setUp();
    transport.script([{ command: getUid, fault: 'card-removed' }]);
    transport.onTransmit = () => transport.removeCard(R0);
    transport.attachReader(R0);
    const read = nextRead(manager);
    transport.insertCard(R0, NTAG_ATR);
    await expect(read).resolves.toMatchObject({ outcome: { ok: false, reason: 'card-removed' } });
    expect(transport.open).toBe(0);
    await manager.stop();
  });

  it('a card gone before connect yields card-removed; a busy reader yields unreadable-card', async () => {
    const { transport, manager } = await setUp();
    transport.attachReader(R0);
    transport.failNextConnect('card-removed');
    let read = nextRead(manager);
    transport.insertCard(R0, NTAG_ATR);
    await expect(read).resolves.toMatchObject({ outcome: { ok: false, reason: 'card-removed' } });
    transport.removeCard(R0);
    transport.failNextConnect('reader-busy');
    read = nextRead(manager);
    transport.insertCard(R0, NTAG_ATR);
    await expect(read).resolves.toMatchObject({
      outcome: { ok: false, reason: 'unreadable-card' },
    });
    await manager.stop();
  });

  it('a connect that stalls past readTimeoutMs frees the reader, and the late connection is released', async () => {
    const { transport, manager } = await setUp({ readTimeoutMs: 50 });
    transport.script([uidAnswer('33333333')]);
    transport.attachReader(R0);
    const release = transport.stallNextConnect();
    let read = nextRead(manager);
    transport.insertCard(R0, NTAG_ATR);
    await expect(read).resolves.toMatchObject({
      outcome: { ok: false, reason: 'unreadable-card', detail: 'no connection within 50 ms' },
    });
    release();
    await new Promise((resolve) => setImmediate(resolve));
    expect(transport.open).toBe(0);
    transport.removeCard(R0);
    read = nextRead(manager);
    transport.insertCard(R0, NTAG_ATR);
    await expect(read).resolves.toMatchObject({ outcome: { ok: true } });
    transport.assertDone();
    await manager.stop();
  });

  it('logs a late connection whose release fails, and stops cleanly', async () => {
    const { logger, entries } = recordingLogger();
    const { transport, manager } = await setUp({ readTimeoutMs: 20, logger });
    transport.attachReader(R0);
    const release = transport.stallNextConnect();
    const read = nextRead(manager);
    transport.insertCard(R0, NTAG_ATR);
    await expect(read).resolves.toMatchObject({ outcome: { reason: 'unreadable-card' } });
    transport.disconnectFault = 'unknown';
    release();
    await manager.stop(); // waits for the late release
    const warnings = entries.filter((e) => e.level === 'warn');
    expect(warnings.map((e) => e.msg)).toEqual(['late card release failed']);
    expect(warnings[0]?.fields.err).toBeInstanceOf(CardFault); // the fault itself, not its text
  });

  it('stops within stopGraceMs while a read hangs, and emits nothing for it after', async () => {
    const { logger, entries } = recordingLogger();
    const { transport, manager, reads } = await setUp({
      readTimeoutMs: 60_000,
      stopGraceMs: 30,
      logger,
    });
    transport.attachReader(R0);
    const release = transport.stallNextConnect(); // SCardConnect that never comes back
    transport.insertCard(R0, NTAG_ATR);
    await new Promise((resolve) => setImmediate(resolve));
    const began = performance.now();
    await manager.stop();
    expect(performance.now() - began).toBeLessThan(1000);
    expect(entries.filter((e) => e.level === 'warn').map((e) => e.msg)).toEqual([
      'card reads still in flight at stop: left',
    ]);
    release();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(reads).toEqual([]);
    expect(manager.status().service).toBe('stopped');
  });

  it('logs a card release that fails with the fault itself (its stack and cause)', async () => {
    const { logger, find } = recordingLogger();
    const { transport, manager } = await setUp({ logger });
    transport.script([uidAnswer('DEADBEEF')]);
    transport.disconnectFault = 'unknown';
    transport.attachReader(R0);
    const read = nextRead(manager);
    transport.insertCard(R0, NTAG_ATR);
    await expect(read).resolves.toMatchObject({ outcome: { ok: true } });
    const [failed] = find('card release failed');
    expect(failed?.fields).toEqual({ reader: R0, err: expect.any(CardFault) });
    expect((failed?.fields.err as Error).message).toBe(`scripted disconnect fault on ${R0}`);
    await manager.stop();
  });

  it('logs a card it cannot use with its ATR, the AIDs offered and each status word, no PAN', async () => {
    const { logger, find } = recordingLogger();
    const { transport, manager } = await setUp({ logger });
    const emv = parseApduTrace(readTrace('geldkarte-no-pan.apdu'));
    // EMV finds a GeldKarte; the purse-file method, tried next, finds no class BC.
    transport.script([
      ...(emv.ok ? emv.value : []),
      { command: hexBytes('BC A4 00 00 02 3F 00'), response: hexBytes('6E 00') },
    ]);
    transport.attachReader(R0);
    const read = nextRead(manager);
    transport.insertCard(R0, CONTACT_ATR);
    await expect(read).resolves.toMatchObject({ outcome: { ok: false, reason: 'no-pan-card' } });
    transport.assertDone();
    const [logged] = find('card read');
    expect(logged?.fields).toMatchObject({
      reader: R0,
      ok: false,
      reason: 'no-pan-card',
      atr: toHex(CONTACT_ATR),
      methods: ['emv', 'purse-file'],
      diagnosis: {
        aidsOffered: ['D27600002545500100'],
        steps: expect.arrayContaining(['GET PROCESSING OPTIONS: 6D00']) as unknown,
      },
    });
    await manager.stop();
  });

  it('logs an unexpected failure with the Error itself, emits it, and refuses the read', async () => {
    const { logger, find } = recordingLogger();
    const { transport, manager } = await setUp({ logger });
    const bug = new Error('connect blew up', { cause: new Error('addon state') });
    jest.spyOn(transport, 'connect').mockRejectedValueOnce(bug);
    const emitted: Error[] = [];
    manager.on('error', (error) => emitted.push(error));
    transport.attachReader(R0);
    // events.once() would reject on 'error'; this read must arrive after it.
    const read = new Promise<CardRead>((resolve) => manager.once('card-read', resolve));
    transport.insertCard(R0, NTAG_ATR);
    await expect(read).resolves.toMatchObject({
      outcome: {
        ok: false,
        reason: 'unreadable-card',
        detail: 'internal error: Error: connect blew up',
      },
    });
    const [logged] = find('card read failed unexpectedly');
    expect(logged).toMatchObject({ level: 'error', fields: { reader: R0 } });
    expect(logged?.fields.err).toBe(bug); // stack and cause travel with it
    expect(emitted).toEqual([bug]);
    await manager.stop();
  });

  it('reads a card swapped mid-read after the first read is done, in order', async () => {
    const { transport, manager, reads } = await setUp();
    transport.script([uidAnswer('11111111'), uidAnswer('22222222')]);
    transport.attachReader(R0);
    transport.insertCard(R0, NTAG_ATR);
    transport.removeCard(R0);
    transport.insertCard(R0, NTAG_ATR);
    await nextRead(manager);
    if (reads.length < 2) await nextRead(manager);
    expect(
      reads.map(
        (r) => r.outcome.ok && r.outcome.credential.kind === 'uid' && r.outcome.credential.uid,
      ),
    ).toEqual(['11111111', '22222222']);
    await manager.stop();
  });

  it('ignores a card already present at attach unless asked to read it', async () => {
    const quiet = await setUp();
    quiet.transport.attachReader(R0);
    quiet.transport.insertCard(R0, NTAG_ATR, true);
    await new Promise((resolve) => setImmediate(resolve));
    expect(quiet.transport.connections).toBe(0);
    expect(quiet.reads).toHaveLength(0);
    await quiet.manager.stop();

    const eager = await setUp({ readPresentAtAttach: true });
    eager.transport.script([uidAnswer('DEADBEEF')]);
    eager.transport.attachReader(R0);
    const read = nextRead(eager.manager);
    eager.transport.insertCard(R0, NTAG_ATR, true);
    await expect(read).resolves.toMatchObject({ presentAtAttach: true, outcome: { ok: true } });
    await eager.manager.stop();
  });

  it('follows only the readers matching readerPattern, and reports reader and service events', async () => {
    const { transport, manager, events, reads } = await setUp({ readerPattern: '/^Virtual PCD/' });
    transport.attachReader(R1);
    transport.insertCard(R1, NTAG_ATR);
    transport.attachReader(R0);
    expect(manager.status()).toEqual({ service: 'up', readers: [R0] });
    transport.emitEvent({ type: 'service-lost', detail: 'pcscd gone' });
    expect(manager.status().service).toBe('lost');
    transport.removeReader(R0);
    transport.removeReader(R1);
    transport.emitEvent({ type: 'service-restored' });
    expect(manager.status()).toEqual({ service: 'up', readers: [] });
    await manager.stop();
    expect(manager.status().service).toBe('stopped');
    expect(events).toEqual([
      { type: 'reader-attached', reader: R0 },
      { type: 'service-lost', detail: 'pcscd gone' },
      { type: 'reader-removed', reader: R0 },
      { type: 'service-restored' },
    ]);
    expect(transport.connections).toBe(0);
    expect(reads).toHaveLength(0);
    expect(manager.readerNames).toEqual([]);
    await manager.stop();
  });

  it('survives a listener that throws (logged whole): the next presentation is still read', async () => {
    const { logger, find } = recordingLogger();
    const { transport, manager, reads } = await setUp({ logger });
    const bug = new Error('listener bug');
    let thrown = 0;
    let firstSeen = (): void => undefined;
    const first = new Promise<void>((resolve) => (firstSeen = resolve));
    manager.prependListener('card-read', () => {
      thrown += 1;
      if (thrown > 1) return;
      firstSeen();
      throw bug;
    });
    transport.script([uidAnswer('DEADBEEF'), uidAnswer('CAFEBABE')]);
    transport.attachReader(R0);
    transport.insertCard(R0, NTAG_ATR);
    await first;
    transport.removeCard(R0);
    const second = nextRead(manager);
    transport.insertCard(R0, NTAG_ATR);
    await expect(second).resolves.toMatchObject({
      outcome: { ok: true, credential: { uid: 'CAFEBABE' } },
    });
    expect(thrown).toBe(2);
    expect(reads).toHaveLength(1); // EventEmitter skips later listeners of the emit that threw
    expect(find("a 'card-read' listener threw")).toEqual([
      {
        level: 'error',
        fields: { event: 'card-read', err: bug },
        msg: "a 'card-read' listener threw",
      },
    ]);
    await manager.stop();
  });

  it('emits nothing after stop', async () => {
    const { transport, manager, reads, events } = await setUp();
    await manager.stop();
    transport.attachReader(R0);
    transport.insertCard(R0, NTAG_ATR);
    expect(events).toHaveLength(0);
    expect(reads).toHaveLength(0);
  });

  it('refuses a bad regex pattern at construction', () => {
    expect(() => new ReaderManager(new ScriptedCardTransport(), { readerPattern: '/[/' })).toThrow(
      'readerPattern',
    );
  });
});
