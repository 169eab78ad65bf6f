import { CardReadPipeline } from '../../reader/card-read.pipeline';
import type { CardConnection, CardTransport } from '../../transport/card-transport';
import type { PlainCardProfile } from '../card-profile';
import { profileByName, type ProfileChoice } from './profile-catalogue';

/**
 * How many APDUs a read of each profile takes, the card-read pipeline with its defaults. The
 * known answers were counted on the code before issue 20 (commit 7d21fb9): the changes for the
 * cards it made readable may cost a card that already worked one round trip at most.
 */
const BEFORE_ISSUE_20: ReadonlyArray<[ProfileChoice, { ok: boolean; apdus: number }]> = [
  [{ name: 'ntag216' }, { ok: true, apdus: 1 }],
  [{ name: 'mifare-classic-1k' }, { ok: true, apdus: 1 }],
  [{ name: 'purse-card' }, { ok: true, apdus: 14 }],
  [{ name: 'emv-contact' }, { ok: true, apdus: 11 }],
  [{ name: 'emv-contactless' }, { ok: true, apdus: 4 }],
];

/** The whole read through the pipeline, counting every command the card is sent. */
async function countApdus(profile: PlainCardProfile): Promise<{ ok: boolean; apdus: number }> {
  let apdus = 0;
  const connection: CardConnection = {
    reader: 'Virtual PCD 00 00',
    atr: profile.atr,
    protocol: 'T=1',
    transmit: (command) => {
      apdus += 1;
      return Promise.resolve(profile.respond(command));
    },
    disconnect: () => Promise.resolve(),
  };
  const transport = { connect: () => Promise.resolve(connection) } as unknown as CardTransport;
  const pipeline = new CardReadPipeline(
    transport,
    {},
    { debug() {}, info() {}, warn() {}, error() {} },
    () => undefined,
  );
  const { outcome } = await pipeline.read(connection.reader, profile.atr);
  return { ok: outcome.ok, apdus };
}

describe('APDUs per read of the profiles that already worked before issue 20', () => {
  it.each(BEFORE_ISSUE_20)('%j', async (choice, before) => {
    const now = await countApdus(profileByName(choice) as PlainCardProfile);
    expect(now.ok).toBe(before.ok);
    expect(now.apdus).toBeLessThanOrEqual(before.apdus + 1);
  });
});
