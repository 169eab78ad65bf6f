// The card library on real middleware: pcscd with the vpcd driver, a VirtualCard on its socket,
// PcscTransport and ReaderManager, without the kiosk around them.
import { ReaderManager, PcscTransport, type CardRead, type ReaderEvent } from '@kiosk/card';
import { contactlessUidProfile } from '@kiosk/card/virtual';
import { PcscdProcess } from './harness/pcscd.process';
import { requireSystemTools } from './harness/system-tools';
import { nextEvent, sleep } from './harness/wait';

jest.setTimeout(60_000);

const VPCD_PORT = 0x9c40; // slot 0 = "Virtual PCD 00 00" on 40000, slot 1 on 40001
const READER_0 = PcscdProcess.readerName(0);
const READER_1 = PcscdProcess.readerName(1);

describe('ReaderManager on pcscd + vpcd', () => {
  let pcscd: PcscdProcess;
  let manager: ReaderManager;
  const reads: CardRead[] = [];

  beforeAll(async () => {
    requireSystemTools();
    pcscd = new PcscdProcess(VPCD_PORT);
    await pcscd.start();
    manager = new ReaderManager(new PcscTransport({ retry: { initialMs: 100, maxMs: 500 } }), {
      readerPattern: 'Virtual PCD',
    });
    manager.on('error', () => undefined);
    manager.on('card-read', (read) => reads.push(read));
    const attached = Promise.all(
      [READER_0, READER_1].map((name) =>
        nextEvent<ReaderEvent>(
          manager,
          'reader',
          (e) => e.type === 'reader-attached' && e.reader === name,
          20_000,
        ),
      ),
    );
    await manager.start();
    await attached.catch((error: Error) => {
      throw new Error(`${error.message}\npcscd log:\n${pcscd.log.slice(-20).join('\n')}`);
    });
  });

  afterAll(async () => {
    await manager?.stop();
    await pcscd?.dispose();
  });

  it('emits one card-read with the UID for one tap, and none while the card lies on the reader', async () => {
    const readsOn0 = () => reads.filter((r) => r.reader === READER_0).length;
    const before = readsOn0(); // counted from here: the case holds whatever ran before it
    const read = nextEvent<CardRead>(manager, 'card-read', (r) => r.reader === READER_0, 15_000);
    const began = Date.now();
    let tapToReadMs = 0;
    const result = await pcscd.present(contactlessUidProfile('04A224E2C35E80'), async () => {
      const value = await read;
      tapToReadMs = Date.now() - began;
      // Lie on the reader well past pcscd's polling (and our disconnect), then leave.
      await sleep(1500);
      return value;
    });
    expect(result.outcome).toEqual({
      ok: true,
      method: 'uid',
      credential: { kind: 'uid', uid: '04A224E2C35E80' },
    });
    expect(result.cardKind).toBe('contactless-storage');
    expect(result.atr).toBe('3B8F8001804F0CA0000003060300030000000068');
    expect(result.presentAtAttach).toBe(false);
    expect(readsOn0() - before).toBe(1);
    expect(tapToReadMs).toBeLessThan(15_000);
    process.stdout.write(
      `vpcd connect -> card-read: ${tapToReadMs} ms (read itself ${result.durationMs} ms)\n`,
    );
  });

  it('refuses a random UID on the second slot', async () => {
    const read = nextEvent<CardRead>(manager, 'card-read', (r) => r.reader === READER_1, 15_000);
    const result = await pcscd.present(contactlessUidProfile('08A1B2C3'), () => read, 1);
    expect(result.outcome).toMatchObject({ ok: false, reason: 'random-uid' });
  });
});
