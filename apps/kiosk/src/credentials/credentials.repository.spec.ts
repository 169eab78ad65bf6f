import { AccessGroupsService } from '../access-groups/access-groups.service';
import { HoldersModule } from '../holders/holders.module';
import { HoldersService } from '../holders/holders.service';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import type { HolderRecord } from '../holders/holder';
import { CredentialsRepository } from './credentials.repository';

const CLI = { kind: 'cli', user: 'test' } as const;

/** The holder as the tap sees them: all but notes and the visitor flag. */
function asTapped(holder: HolderRecord | null) {
  if (!holder) return null;
  const { notes: _notes, visitor: _visitor, ...tapped } = holder;
  return tapped;
}

/**
 * The tap's lookup reads the credential, its holder's fields and groups (their copy on the
 * credential's row: migration 12), and the allowlist revision in one statement: each must come
 * out as the holders' and credentials' own reads give it, whatever fields the holder has set,
 * and from the very next tap after any change of them.
 */
describe('CredentialsRepository.findForTap', () => {
  let db: TestDatabase;
  let holders: HoldersService;
  let repository: CredentialsRepository;
  let groupIds: string[];

  beforeEach(async () => {
    db = await openTestDatabase([HoldersModule]);
    holders = db.module.get(HoldersService);
    repository = db.module.get(CredentialsRepository, { strict: false });
    const groups = db.module.get(AccessGroupsService, { strict: false });
    const night = await groups.save(null, { name: 'Night', doors: [] }, CLI);
    groupIds = [db.everyoneGroupId(), night.id];
  });
  afterEach(() => db.close());

  const latestRevision = () =>
    (
      db.outside().prepare('SELECT max(revision) AS revision FROM allowlist_revisions').get() as {
        revision: number;
      }
    ).revision;

  it('gives each card with the holder and credential as read apart, and the latest revision', async () => {
    const ada = await holders.create({ displayName: 'Ada', uids: ['04A224E2C35E80'] }, CLI);
    const bea = await holders.create(
      {
        displayName: 'Bea Example',
        status: 'suspended',
        lcdName: 'Bea',
        notes: 'night shift',
        visitor: true,
        groupIds,
        uids: [{ uid: '01020304', usesLeft: 3 }, '0A0B0C0D'],
        validFrom: new Date('2026-01-01T00:00:00.000Z'),
        validUntil: new Date('2027-01-01T00:00:00.000Z'),
      },
      CLI,
    );
    const cards = [
      { holderId: ada.id, key: '04A224E2C35E80' },
      { holderId: bea.id, key: '01020304' },
      { holderId: bea.id, key: '0A0B0C0D' },
    ];
    for (const { holderId, key } of cards) {
      const credential = (await holders.listCredentials(holderId)).find((c) => c.display === key);
      expect(repository.findForTap('uid', key)).toEqual({
        credential,
        holder: asTapped(holders.findById(holderId)),
        allowlistRevision: latestRevision(),
      });
    }
    expect(repository.findForTap('uid', '01020304')?.holder).toMatchObject({
      lcdName: 'Bea',
      status: 'suspended',
      groupIds: [...groupIds].sort(),
    });
    expect(repository.findForTap('uid', '01020304')?.credential.usesLeft).toBe(3);
  });

  it('gives the holder as changed from the very next lookup: fields, groups, and a group deleted', async () => {
    const ada = await holders.create(
      { displayName: 'Ada', uids: ['04A224E2C35E80', '0A0B0C0D'] },
      CLI,
    );
    const tapped = () =>
      ['04A224E2C35E80', '0A0B0C0D'].map((key) => repository.findForTap('uid', key)?.holder);
    const bothAs = () => {
      const holder = asTapped(holders.findById(ada.id));
      return [holder, holder];
    };
    expect(tapped()).toEqual(bothAs());

    await holders.update(
      ada.id,
      {
        displayName: 'Ada Lovelace',
        lcdName: 'Ada L',
        status: 'suspended',
        validFrom: new Date('2026-01-01T00:00:00.000Z'),
        validUntil: new Date('2027-01-01T00:00:00.000Z'),
        groupIds,
      },
      CLI,
    );
    expect(tapped()[0]).toMatchObject({
      displayName: 'Ada Lovelace',
      lcdName: 'Ada L',
      status: 'suspended',
    });
    expect(tapped()).toEqual(bothAs());

    const groups = db.module.get(AccessGroupsService, { strict: false });
    await groups.delete(groupIds[1]!, CLI);
    expect(tapped()[0]?.groupIds).toEqual([groupIds[0]]);
    expect(tapped()).toEqual(bothAs());

    await holders.update(
      ada.id,
      { lcdName: null, validFrom: null, validUntil: null, groupIds: [] },
      CLI,
    );
    expect(tapped()[0]).toMatchObject({ lcdName: null, validFrom: null, groupIds: [] });
    expect(tapped()).toEqual(bothAs());
  });

  it('finds no card that is not enrolled, nor one of another kind with the same key', async () => {
    await holders.create({ displayName: 'Ada', uids: ['04A224E2C35E80'] }, CLI);
    expect(repository.findForTap('uid', '04A224E2C35E81')).toBeNull();
    expect(repository.findForTap('pan', '04A224E2C35E80')).toBeNull();
  });

  it('still gives the enrolled card when its holder row is missing, with no holder', async () => {
    const ada = await holders.create({ displayName: 'Ada', uids: ['04A224E2C35E80'] }, CLI);
    const outside = db.outside();
    // Only with foreign keys off: the schema keeps this from happening.
    outside.pragma('foreign_keys = OFF');
    outside.prepare('DELETE FROM holders WHERE id = ?').run(ada.id);
    expect(repository.findForTap('uid', '04A224E2C35E80')).toEqual({
      credential: expect.objectContaining({ holderId: ada.id, display: '04A224E2C35E80' }),
      holder: null,
      allowlistRevision: latestRevision(),
    });
  });
});
