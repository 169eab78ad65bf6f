import { getDataSourceToken } from '@nestjs/typeorm';
import { KIOSK_MIGRATIONS } from '@kiosk/migrations';
import type { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CredentialErrorCode } from '../credentials/credentials.errors';
import { CredentialsService } from '../credentials/credentials.service';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { HolderErrorCode } from './holders.errors';
import { HoldersModule } from './holders.module';
import { HoldersService } from './holders.service';

const CLI = { kind: 'cli', user: 'test' } as const;

describe('HoldersService on a real SQLite file', () => {
  let db: TestDatabase;
  let holders: HoldersService;
  let credentials: CredentialsService;
  let audit: AuditService;

  beforeEach(async () => {
    db = await openTestDatabase([HoldersModule]);
    holders = db.module.get(HoldersService);
    credentials = db.module.get(CredentialsService, { strict: false });
    audit = db.module.get(AuditService, { strict: false });
  });
  afterEach(() => db.close());

  const count = (table: string) =>
    (db.outside().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  it('sets the durability pragmas on the connection, and a short busy timeout', () => {
    expect(db.module.get(SqliteConnection).settings()).toEqual({
      journalMode: 'wal',
      synchronous: 2, // FULL
      foreignKeys: true,
      busyTimeoutMs: 20, // the service never blocks its event loop for long (UnitOfWork retries)
      walAutoCheckpointPages: 0, // no checkpoint inside a tap's commit (WalCheckpointer)
      mmapBytes: 1024 * 1024 * 1024, // a tap reads mapped pages (database.mmapMb's default)
    });
  });

  it('runs the migrations and never synchronises', () => {
    const dataSource = db.module.get<DataSource>(getDataSourceToken());
    expect(dataSource.options.synchronize).toBe(false);
    expect(count('migrations')).toBe(KIOSK_MIGRATIONS.length);
  });

  it('creates a holder with a card, two revisions and one audit record', async () => {
    const created = await holders.create(
      { displayName: 'Ada Lovelace', uids: ['04 a2:24-e2c35e80'] },
      CLI,
    );
    expect(created.credentials).toEqual([
      { id: expect.any(String), kind: 'uid', display: '04A224E2C35E80' },
    ]);
    const found = credentials.findForCard({ kind: 'uid', uid: '04A224E2C35E80' });
    expect(found).toEqual({
      id: created.credentials[0]!.id,
      holderId: created.id,
      kind: 'uid',
      display: '04A224E2C35E80',
      status: 'active',
      validFrom: null,
      validUntil: null,
      usesLeft: null,
    });
    expect(holders.findById(created.id)?.displayName).toBe('Ada Lovelace');
    expect(count('allowlist_revisions')).toBe(2);
    expect(await audit.verify()).toEqual({ records: 1, break: null });
  });

  it.each([
    ['12345', CredentialErrorCode.InvalidUid],
    ['04A224E2C35E', CredentialErrorCode.InvalidUid],
    ['08123456', CredentialErrorCode.RandomUid],
    ['36227206271667', CredentialErrorCode.PanAsUid], // a Diners test number: 7 bytes as hex
  ])('refuses UID %s with %s and writes nothing', async (uid, code) => {
    await expect(holders.create({ displayName: 'Bob', uids: [uid] }, CLI)).rejects.toMatchObject({
      code,
    });
    expect([
      count('holders'),
      count('credentials'),
      count('allowlist_revisions'),
      count('audit_events'),
    ]).toEqual([0, 0, 0, 0]);
  });

  it('never repeats a bank-card number typed as a UID', async () => {
    await expect(
      holders.create({ displayName: 'Bob', uids: ['3622 7206 2716 67'] }, CLI),
    ).rejects.toThrow(
      'That looks like a bank-card number, not a card UID: enrol bank cards with --pan-stdin',
    );
  });

  it('refuses a card enrolled already and leaves the first holder as it was', async () => {
    await holders.create({ displayName: 'Ada', uids: ['04A224E2C35E80'] }, CLI);
    await expect(
      holders.create({ displayName: 'Eve', uids: ['04a224e2c35e80'] }, CLI),
    ).rejects.toThrow(expect.objectContaining({ code: CredentialErrorCode.AlreadyEnrolled }));
    expect([count('holders'), count('credentials'), count('audit_events')]).toEqual([1, 1, 1]);
  });

  it('refuses a holder naming one card twice, with nothing written', async () => {
    await expect(
      holders.create({ displayName: 'Eve', uids: ['04A224E2C35E80', '04 a2 24 e2 c3 5e 80'] }, CLI),
    ).rejects.toThrow(expect.objectContaining({ code: CredentialErrorCode.AlreadyEnrolled }));
    expect([count('holders'), count('credentials'), count('allowlist_revisions')]).toEqual([
      0, 0, 0,
    ]);
  });

  it.each([
    [{ displayName: '   ' }, HolderErrorCode.InvalidName],
    [{ displayName: 'x'.repeat(65) }, HolderErrorCode.InvalidName],
    [{ displayName: 'Bob\n\u001b[31mRED' }, HolderErrorCode.InvalidName],
    [{ displayName: 'Eve\u202Egnp.exe' }, HolderErrorCode.InvalidName],
    [{ displayName: 'Zero\u200Bwidth' }, HolderErrorCode.InvalidName],
    [{ displayName: 'Tab\there' }, HolderErrorCode.InvalidName],
    [{ displayName: 'Half\uD800surrogate' }, HolderErrorCode.InvalidName],
    [
      { displayName: 'Ada', validFrom: new Date('2027-01-01'), validUntil: new Date('2026-01-01') },
      HolderErrorCode.InvalidValidity,
    ],
  ])('refuses %o with %s', async (input, code) => {
    await expect(holders.create({ uids: [], ...input }, CLI)).rejects.toMatchObject({ code });
    expect(count('holders')).toBe(0);
  });

  it('pages by name and id: a walk of small pages meets every holder once, in order, across equal names', async () => {
    for (const name of ['Ann', 'Bo', 'Bo', 'Bo', 'Bo', 'Cy', 'Bo'])
      await holders.create({ displayName: name, uids: [] }, CLI);
    const walked: { name: string; id: string }[] = [];
    let after: { name: string; id: string } | null = null;
    for (;;) {
      const page = holders.page(after, 2);
      if (page.length === 0) break;
      walked.push(...page.map((h) => ({ name: h.displayName, id: h.id })));
      after = walked.at(-1)!;
    }
    const expected = holders
      .list()
      .map((h) => ({ name: h.displayName, id: h.id }))
      .sort((a, b) => (a.name === b.name ? (a.id < b.id ? -1 : 1) : a.name < b.name ? -1 : 1));
    expect(walked).toEqual(expected);
    expect(walked.map((h) => h.name)).toEqual(['Ann', 'Bo', 'Bo', 'Bo', 'Bo', 'Bo', 'Cy']);
  });

  it("lists each holder's groups as they are after every change, as the holder's own read has them", async () => {
    const at = new Date().toISOString();
    db.outside()
      .prepare(
        `INSERT INTO access_groups (id, name, created_at, updated_at) VALUES ('g-night', 'Night', ?, ?)`,
      )
      .run(at, at);
    const everyone = db.everyoneGroupId();
    const ada = await holders.create(
      { displayName: 'Ada', groupIds: ['g-night', everyone], uids: [] },
      CLI,
    );
    const bo = await holders.create({ displayName: 'Bo', uids: [] }, CLI);
    const listed = () => holders.page(null, 50).map((h) => [h.displayName, h.groupIds]);
    expect(listed()).toEqual([
      ['Ada', [everyone, 'g-night'].sort()],
      ['Bo', []],
    ]);
    await holders.update(ada.id, { groupIds: ['g-night'] }, CLI);
    await holders.update(bo.id, { groupIds: [everyone] }, CLI);
    expect(listed()).toEqual([
      ['Ada', ['g-night']],
      ['Bo', [everyone]],
    ]);
    // A group deleted with its members (ON DELETE CASCADE) leaves no holder listed in it.
    db.outside().prepare(`DELETE FROM access_groups WHERE id = 'g-night'`).run();
    expect(listed()).toEqual([
      ['Ada', []],
      ['Bo', [everyone]],
    ]);
    // Page, filters and keyset alike: every field as the lookup by id reads it.
    expect(holders.page(null, 50, { groupId: everyone })).toEqual([holders.findById(bo.id)]);
    expect(holders.page({ name: 'Ada', id: ada.id }, 50)).toEqual([holders.findById(bo.id)]);
    expect(holders.page(null, 50)).toEqual(holders.list());
  });

  it('keeps names in any script, with accents and spaces', async () => {
    for (const displayName of ['Zoë Ångström', 'José María', '山田 太郎', "O'Brien-Smith"])
      expect((await holders.create({ displayName, uids: [] }, CLI)).displayName).toBe(displayName);
  });

  it('updates only what is given, with a revision and an audit record; deletes with the cards', async () => {
    const created = await holders.create({ displayName: 'Ada', uids: ['04A224E2C35E80'] }, CLI);
    const suspended = await holders.update(created.id, { status: 'suspended' }, CLI);
    expect(suspended).toMatchObject({ displayName: 'Ada', status: 'suspended', validFrom: null });
    expect((await holders.update(created.id, { displayName: 'Ada L.' }, CLI)).status).toBe(
      'suspended',
    );
    await expect(holders.update('nobody', { status: 'active' }, CLI)).rejects.toMatchObject({
      code: 'holder-not-found',
    });
    await holders.delete(created.id, CLI);
    expect(holders.findById(created.id)).toBeNull();
    expect(count('credentials')).toBe(0);
    const outcomes = db
      .outside()
      .prepare("SELECT outcome FROM audit_events WHERE type = 'admin-action' ORDER BY seq")
      .all()
      .map((r) => (r as { outcome: string }).outcome);
    expect(outcomes).toEqual([
      'holder-created',
      'holder-suspended',
      'holder-updated',
      'holder-deleted',
    ]);
    expect(await audit.verify()).toMatchObject({ break: null });
  });
});
