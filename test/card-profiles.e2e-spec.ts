// Every virtual card profile through the real middleware: pcscd with the vpcd driver, a
// VirtualCard on its socket, PcscTransport and ReaderManager (no kiosk around them). Then pcscd is
// stopped and started under the running manager, and the next tap is read.
import {
  PcscTransport,
  ReaderManager,
  type CardRead,
  type CardReadRefusal,
  type ReaderEvent,
} from '@kiosk/card';
import { profileByName, type CardProfile, type ProfileChoice } from '@kiosk/card/virtual';
import { PcscdProcess } from './harness/pcscd.process';
import { requireSystemTools } from './harness/system-tools';
import { nextEvent, sleep } from './harness/wait';

jest.setTimeout(90_000);

const VPCD_PORT = 0x9c70; // slot 0 = "Virtual PCD 00 00" on 40048, slot 1 on 40049
const READER_0 = PcscdProcess.readerName(0);
const READER_1 = PcscdProcess.readerName(1);

describe('card profiles on pcscd + vpcd', () => {
  let pcscd: PcscdProcess;
  let manager: ReaderManager;
  const reads: CardRead[] = [];
  const events: ReaderEvent[] = [];
  const errors: Error[] = [];

  /** The next manager event matching `accept`; a timeout also shows pcscd's last words. */
  const next = <T extends CardRead | ReaderEvent>(
    kind: 'card-read' | 'reader',
    accept: (value: T) => boolean,
    ms = 20_000,
  ): Promise<T> =>
    nextEvent(manager, kind, accept, ms).catch((err: Error) => {
      throw new Error(`${err.message}\npcscd: ${pcscd.log.slice(-10).join('\n')}`);
    });

  /** Presents a card until its read is emitted, then takes it away (and pcscd has seen it go). */
  function tap(profile: CardProfile, slot: 0 | 1 = 0): Promise<CardRead> {
    const reader = PcscdProcess.readerName(slot);
    const read = next<CardRead>('card-read', (r) => r.reader === reader);
    return pcscd.present(profile, () => read, slot);
  }

  const tapProfile = (choice: ProfileChoice): Promise<CardRead> => tap(profileByName(choice));

  beforeAll(async () => {
    requireSystemTools();
    pcscd = new PcscdProcess(VPCD_PORT);
    await pcscd.start();
    manager = new ReaderManager(new PcscTransport({ retry: { initialMs: 100, maxMs: 500 } }), {
      readerPattern: 'Virtual PCD',
      ntagGetVersion: { readerPattern: 'Virtual PCD' },
      readTimeoutMs: 2000,
    });
    manager.on('error', (e) => errors.push(e));
    manager.on('card-read', (r) => reads.push(r));
    manager.on('reader', (e) => events.push(e));
    const attached = Promise.all(
      [READER_0, READER_1].map((name) =>
        next<ReaderEvent>('reader', (e) => e.type === 'reader-attached' && e.reader === name),
      ),
    );
    await manager.start();
    await attached;
  });

  afterAll(async () => {
    await manager?.stop();
    await pcscd?.dispose();
  });

  // Checked after each case, not once at the end: a case run last would prove nothing alone.
  afterEach(() => {
    expect(errors.splice(0)).toEqual([]); // no unexpected error from the manager
  });

  it('NTAG216: its 7-byte UID, named by GET VERSION', async () => {
    const read = await tapProfile({ name: 'ntag216', uid: '04A224E2C35E80' });
    expect(read).toMatchObject({
      cardKind: 'contactless-storage',
      cardName: 'NTAG216',
      outcome: { ok: true, method: 'uid', credential: { kind: 'uid', uid: '04A224E2C35E80' } },
    });
  });

  it('MIFARE Classic 1K: its 4-byte UID', async () => {
    const read = await tapProfile({ name: 'mifare-classic-1k', uid: 'CAFEBABE' });
    expect(read).toMatchObject({
      cardName: 'MIFARE Classic 1K',
      outcome: { ok: true, method: 'uid', credential: { kind: 'uid', uid: 'CAFEBABE' } },
    });
  });

  it('a phone with a random UID: random-uid', async () => {
    const read = await tapProfile({ name: 'phone' });
    expect(read).toMatchObject({
      cardKind: 'contactless-processor',
      outcome: { ok: false, reason: 'random-uid' },
    });
  });

  it.each([
    ['purse-card', '4111111111111111', 'purse-file', 'contact'],
    ['emv-contact', '4761739001010010', 'emv', 'contact'],
    ['emv-contactless', '5413330089600010', 'emv', 'contactless-processor'],
  ] as const)('%s: the PAN %s by %s, masked in every form', async (name, pan, method, cardKind) => {
    const read = await tapProfile({ name, pan });
    expect(read).toMatchObject({
      cardKind,
      outcome: { ok: true, method, credential: { kind: 'pan' } },
    });
    if (!read.outcome.ok || read.outcome.credential.kind !== 'pan') return;
    expect(read.outcome.credential.pan.matches(pan)).toBe(true);
    expect(JSON.stringify(read)).not.toContain(pan);
    expect(JSON.stringify(read)).toContain(`**** **** **** ${pan.slice(-4)}`);
  });

  it.each([
    ['wrong-lengths', 'unreadable-card'],
    ['class-not-supported', 'no-credential'],
    ['endless-61xx', 'unreadable-card'],
    ['slow', 'unreadable-card'],
    ['vanish', 'card-removed'],
  ] as const)(
    'a hostile card (%s): %s, and the manager keeps reading',
    async (hostile, reason: CardReadRefusal) => {
      const read = await tapProfile({ name: 'hostile', hostile });
      expect(read.outcome).toMatchObject({ ok: false, reason });
      const after = await tapProfile({ name: 'mifare-classic-1k', uid: '0A0B0C0D' });
      expect(after.outcome).toMatchObject({ ok: true, credential: { uid: '0A0B0C0D' } });
    },
  );

  it('a hostile card with a garbage ATR never yields a credential, and the manager keeps reading', async () => {
    const before = reads.length;
    await pcscd.present(profileByName({ name: 'hostile', hostile: 'garbage-atr' }), () =>
      sleep(1500),
    );
    // pcscd may refuse the card outright (no event) or let us try: never a credential either way.
    for (const read of reads.slice(before)) expect(read.outcome.ok).toBe(false);
    const after = await tapProfile({ name: 'ntag216', uid: '04112233445566' });
    expect(after.outcome).toMatchObject({ ok: true, credential: { uid: '04112233445566' } });
  });

  it('reads on the second reader too', async () => {
    const read = await tap(profileByName({ name: 'mifare-classic-1k', uid: 'DEADBEEF' }), 1);
    expect(read.outcome).toMatchObject({ ok: true, credential: { uid: 'DEADBEEF' } });
  });

  it('pcscd stopped and started: service-lost, service-restored, and the next tap is read', async () => {
    const lost = next<ReaderEvent>('reader', (e) => e.type === 'service-lost');
    await pcscd.stop();
    await lost;
    const restored = next<ReaderEvent>('reader', (e) => e.type === 'service-restored', 30_000);
    // Both readers: a case run after this one may tap on either.
    const attached = [READER_0, READER_1].map((name) =>
      next<ReaderEvent>('reader', (e) => e.type === 'reader-attached' && e.reader === name, 30_000),
    );
    await pcscd.start();
    await restored;
    await Promise.all(attached);
    const read = await tapProfile({ name: 'emv-contactless', pan: '5413330089600010' });
    expect(read.outcome).toMatchObject({ ok: true, method: 'emv' });
    const types = events.map((e) => e.type);
    expect(types.lastIndexOf('service-restored')).toBeGreaterThan(
      types.lastIndexOf('service-lost'),
    );
  });
});
