import { once } from 'node:events';
import type { CardRead } from '../../reader/card-read';
import { ReaderManager, type ReaderManagerOptions } from '../../reader/reader-manager';
import {
  CardFault,
  type CardConnection,
  type CardTransport,
  type CardTransportEvent,
} from '../../transport/card-transport';
import type { CardProfile } from '../card-profile';
import { contactlessUidProfile } from './contactless-uid.profile';
import { emvCardProfile } from './emv-card.profile';
import { hostileCardProfile } from './hostile-card.profile';
import { phoneProfile } from './phone.profile';
import { profileByName } from './profile-catalogue';
import { purseCardProfile } from './purse-card.profile';

const READER = 'Virtual PCD 00 00';

/** A CardTransport whose one reader holds a profile: the profiles and the readers, without pcscd. */
class ProfileTransport implements CardTransport {
  private listener?: (event: CardTransportEvent) => void;
  constructor(private readonly profile: CardProfile) {}
  start(listener: (event: CardTransportEvent) => void): Promise<void> {
    this.listener = listener;
    return Promise.resolve();
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
  present(): void {
    this.listener?.({ type: 'reader-attached', reader: READER });
    this.listener?.({
      type: 'card-inserted',
      reader: READER,
      atr: this.profile.atr,
      presentAtAttach: false,
    });
  }
  connect(reader: string): Promise<CardConnection> {
    const profile = this.profile;
    profile.power?.('on');
    return Promise.resolve({
      reader,
      atr: profile.atr,
      protocol: 'T=0',
      transmit: async (command: Uint8Array) => {
        const answer = profile.respond(command);
        if (answer instanceof Uint8Array) return answer;
        if ('vanish' in answer) throw new CardFault('card-removed', 'the card left');
        await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
        return answer.response;
      },
      disconnect: () => Promise.resolve(),
    });
  }
}

async function tapOnce(
  profile: CardProfile,
  options: ReaderManagerOptions = {},
): Promise<CardRead> {
  const transport = new ProfileTransport(profile);
  const manager = new ReaderManager(transport, options);
  await manager.start();
  const read = once(manager, 'card-read');
  transport.present();
  const [result] = (await read) as [CardRead];
  await manager.stop();
  return result;
}

const panOf = (read: CardRead): string | undefined =>
  read.outcome.ok && read.outcome.credential.kind === 'pan'
    ? read.outcome.credential.pan.masked
    : undefined;

describe('virtual card profiles through ReaderManager (no pcscd)', () => {
  it('NTAG216: its UID, named by GET VERSION where the reader allows it', async () => {
    const read = await tapOnce(contactlessUidProfile('04A224E2C35E80'), {
      ntagGetVersion: { readerPattern: 'Virtual PCD' },
    });
    expect(read).toMatchObject({
      cardKind: 'contactless-storage',
      cardName: 'NTAG216',
      outcome: { ok: true, method: 'uid', credential: { kind: 'uid', uid: '04A224E2C35E80' } },
    });
    const plain = await tapOnce(contactlessUidProfile('04A224E2C35E80'));
    expect(plain.cardName).toBe('MIFARE Ultralight family');
  });

  it('MIFARE Classic 1K: its 4-byte UID', async () => {
    const read = await tapOnce(contactlessUidProfile('DEADBEEF'));
    expect(read).toMatchObject({
      cardName: 'MIFARE Classic 1K',
      outcome: { ok: true, credential: { uid: 'DEADBEEF' } },
    });
  });

  it('a phone: random-uid', async () => {
    const read = await tapOnce(phoneProfile());
    expect(read).toMatchObject({
      cardKind: 'contactless-processor',
      outcome: { ok: false, reason: 'random-uid' },
    });
  });

  it('the purse card: the PAN by the purse-file method, after EMV found nothing', async () => {
    const read = await tapOnce(purseCardProfile('4111111111111111'));
    expect(read).toMatchObject({
      cardKind: 'contact',
      methodsTried: ['emv', 'purse-file'],
      outcome: { ok: true, method: 'purse-file' },
    });
    expect(panOf(read)).toBe('**** **** **** 1111');
  });

  it('EMV contact (PSE) and contactless (PPSE) cards: the PAN by EMV', async () => {
    const contact = await tapOnce(emvCardProfile({ pan: '4761739001010010', contactless: false }));
    expect(contact).toMatchObject({ cardKind: 'contact', outcome: { ok: true, method: 'emv' } });
    expect(panOf(contact)).toBe('**** **** **** 0010');
    const contactless = await tapOnce(
      emvCardProfile({ pan: '5413330089600010', contactless: true }),
    );
    expect(contactless).toMatchObject({
      cardKind: 'contactless-processor',
      outcome: { ok: true, method: 'emv' },
    });
    expect(
      contactless.outcome.ok &&
        contactless.outcome.credential.kind === 'pan' &&
        contactless.outcome.credential.pan.matches('5413330089600010'),
    ).toBe(true);
  });

  it.each([
    ['emv-gpo-retry', 'contactless-processor', '**** **** **** 4444'],
    ['emv-select-warning', 'contactless-processor', '**** **** **** 1881'],
    ['emv-gpo-template-70', 'contactless-processor', '**** **** **** 0010'],
    ['emv-track2-9f6b', 'contactless-processor', '**** **** **** 0010'],
    ['emv-track1-56', 'contactless-processor', '**** **** **** 4444'],
    ['emv-stale-pse', 'contact', '**** **** **** 1881'],
  ] as const)('the bank card %s (issue 20): the PAN by EMV', async (name, cardKind, masked) => {
    const read = await tapOnce(profileByName({ name }));
    expect(read).toMatchObject({ cardKind, outcome: { ok: true, method: 'emv' } });
    expect(panOf(read)).toBe(masked);
  });

  it('a bank card with two different PANs: refused as inconsistent', async () => {
    const read = await tapOnce(profileByName({ name: 'emv-pan-inconsistent' }));
    expect(read.outcome).toMatchObject({
      ok: false,
      reason: 'no-credential',
      detail: expect.stringContaining('PAN inconsistent: tag-5a and track2-57 differ') as unknown,
    });
  });

  it('a GeldKarte: no-pan-card, named', async () => {
    const read = await tapOnce(profileByName({ name: 'geldkarte' }));
    expect(read).toMatchObject({
      cardKind: 'contact',
      outcome: {
        ok: false,
        reason: 'no-pan-card',
        detail: expect.stringContaining('GeldKarte, a stored-value scheme with no PAN') as unknown,
        diagnosis: { aidsOffered: ['D27600002545500100'] },
      },
    });
  });

  it.each([
    ['garbage-atr', 'no-credential', 'unknown'],
    ['wrong-lengths', 'unreadable-card', 'contact'],
    ['class-not-supported', 'no-credential', 'contact'],
    ['endless-61xx', 'unreadable-card', 'contact'],
    ['vanish', 'card-removed', 'contact'],
  ] as const)('hostile %s: %s', async (behaviour, reason, cardKind) => {
    const read = await tapOnce(hostileCardProfile(behaviour));
    expect(read).toMatchObject({ cardKind, outcome: { ok: false, reason } });
  });

  it('hostile slow: unreadable-card once the read timeout passes', async () => {
    const read = await tapOnce(hostileCardProfile('slow', { slowMs: 400 }), { readTimeoutMs: 100 });
    expect(read.outcome).toEqual({
      ok: false,
      reason: 'unreadable-card',
      detail: 'no answer within 100 ms',
    });
  });
});
