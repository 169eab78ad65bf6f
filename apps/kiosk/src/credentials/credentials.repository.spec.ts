import { AccessGroupsService } from '../access-groups/access-groups.service';
import { HoldersModule } from '../holders/holders.module';
import { HoldersService } from '../holders/holders.service';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { CredentialsRepository } from './credentials.repository';

const CLI = { kind: 'cli', user: 'test' } as const;

/**
 * The tap's lookup reads the credential, its holder and their groups, and the allowlist revision
 * in one statement (a join, its columns renamed): each must come out as the holders' and
 * credentials' own reads give it, whatever fields the holder has set.
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
        holder: holders.findById(holderId),
        allowlistRevision: latestRevision(),
      });
    }
    expect(repository.findForTap('uid', '01020304')?.holder).toMatchObject({
      lcdName: 'Bea',
      visitor: true,
      groupIds: [...groupIds].sort(),
    });
    expect(repository.findForTap('uid', '01020304')?.credential.usesLeft).toBe(3);
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
