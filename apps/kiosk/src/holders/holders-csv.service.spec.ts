import { text as streamText } from 'node:stream/consumers';
import { PanCredential } from '@kiosk/card';
import { AccessGroupsService } from '../access-groups/access-groups.service';
import { AccessModule } from '../access/access.module';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { HoldersCsvService } from './holders-csv.service';
import { HoldersService } from './holders.service';

const CLI = { kind: 'cli', user: 'spec' } as const;
const PAN = '5413330089600010';

describe('HoldersCsvService on real SQLite files', () => {
  const opened: TestDatabase[] = [];
  const open = async () => {
    const db = await openTestDatabase([AccessModule]);
    opened.push(db);
    return {
      db,
      csv: db.module.get(HoldersCsvService, { strict: false }),
      holders: db.module.get(HoldersService, { strict: false }),
      groups: db.module.get(AccessGroupsService, { strict: false }),
    };
  };
  afterEach(async () => {
    for (const db of opened.splice(0)) await db.close();
  });

  const count = (db: TestDatabase, table: string) =>
    (db.outside().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

  /** A terminal with holders of every kind a file must carry. */
  async function aSite() {
    const site = await open();
    const night = await site.groups.save(null, { name: 'Night shift', doors: [] }, CLI);
    const everyone = site.db.everyoneGroupId();
    await site.holders.create(
      {
        displayName: 'Ada Lovelace',
        lcdName: 'Ada',
        uids: ['04A224E2C35E80', '04A224E2C35E81'],
        groupIds: [everyone, night.id],
        notes: 'Key holder, "first" floor\nCall before 8, please',
        validFrom: new Date('2026-01-01T00:00:00Z'),
        validUntil: new Date('2027-01-01T00:00:00Z'),
      },
      CLI,
    );
    const bob = await site.holders.create(
      { displayName: '=SUM(A1)', uids: ['04B0B000000001'], groupIds: [everyone] },
      CLI,
    );
    await site.holders.update(bob.id, { status: 'suspended' }, CLI);
    await site.holders.create(
      { displayName: 'Visitor Vi', uids: ['04C0FFEE000003'], uses: 2, visitor: true },
      CLI,
    );
    const pan = PanCredential.fromDigits(PAN);
    if (!pan.ok) throw new Error('test PAN');
    await site.holders.create(
      { displayName: 'Pat Bank', uids: [], pans: [pan.pan], groupIds: [everyone] },
      CLI,
    );
    return site;
  }

  it('exports a file that imports into another terminal as the same holders, cards and groups', async () => {
    const first = await aSite();
    const exported = await streamText(first.csv.exportCsv());
    expect(exported.split('\n')[0]).toMatch(/^# .*masked only and are not imported again/);
    expect(exported).not.toContain(PAN);
    expect(exported).toContain("'=SUM(A1)"); // never a formula in a spreadsheet

    const second = await open();
    await second.groups.save(null, { name: 'Night shift', doors: [] }, CLI);
    const report = await second.csv.importCsv(exported, false, CLI);
    expect(report).toEqual({
      dryRun: false,
      holders: 4,
      cards: 4,
      problems: [],
      panCardsNotImported: 1,
    });
    // The same file, but for the bank card, which stays behind.
    expect(await streamText(second.csv.exportCsv())).toEqual(
      exported.replace(',**** **** **** 0010\n', ',\n'),
    );
    const bob = second.holders.list().find((h) => h.displayName === '=SUM(A1)');
    expect(bob).toMatchObject({ status: 'suspended' });
  });

  it('a dry run names every bad line and changes nothing; the import of that file is refused whole', async () => {
    const site = await aSite();
    const file = [
      'name,groups,uids,status,valid_from',
      'Good Gus,Everyone,04600D00000001,,', // line 2: fine
      'Bad Status,,,retired,', // 3
      'No Group,Nobody Knows,,,', // 4
      'Bad Uid,,12345,,', // 5
      'Taken,,04A224E2C35E80,,', // 6: Ada has it
      'Twice A,,04DDDD00000001,,', // 7
      'Twice B,,04DDDD00000001,,', // 8: the same card as line 7
      'Bad Date,,,,yesterday', // 9
      '"Esc\u001b[2J",,,,', // 10
    ].join('\n');
    const holdersBefore = count(site.db, 'holders');
    const revisionsBefore = count(site.db, 'allowlist_revisions');
    const auditBefore = count(site.db, 'audit_events');

    const report = await site.csv.importCsv(file, true, CLI);
    expect(report.dryRun).toBe(true);
    expect(report.problems.map((p) => p.line)).toEqual([3, 4, 5, 6, 8, 9, 10]);
    expect(report.problems.find((p) => p.line === 4)?.problem).toMatch(/Nobody Knows/);
    expect(report.problems.find((p) => p.line === 6)?.problem).toMatch(/already enrolled/);
    expect(report).toMatchObject({ holders: 2, cards: 2 }); // lines 2 and 7 would be made

    await expect(site.csv.importCsv(file, false, CLI)).rejects.toMatchObject({
      code: 'invalid-input',
      details: { problems: report.problems },
    });
    expect(count(site.db, 'holders')).toBe(holdersBefore);
    expect(count(site.db, 'credentials')).toBe(5);
    expect(count(site.db, 'allowlist_revisions')).toBe(revisionsBefore);
    expect(count(site.db, 'audit_events')).toBe(auditBefore);
  });

  it('a line refused for its cards writes none of them: a later line may have one', async () => {
    const site = await open();
    const file = [
      'name,groups,uids',
      'Twice,,04DDDD00000001 04DDDD00000001', // line 2: the same card twice
      'Later,,04DDDD00000001', // 3: free, since line 2 made nothing
    ].join('\n');
    const report = await site.csv.importCsv(file, true, CLI);
    expect(report).toMatchObject({ holders: 1, cards: 1 });
    expect(report.problems).toEqual([
      { line: 2, problem: 'Card 04DDDD00000001 is already enrolled' },
    ]);
    expect(count(site.db, 'holders')).toBe(0);
  });

  it('imports a good file in one transaction, recorded as one admin action', async () => {
    const site = await open();
    const report = await site.csv.importCsv(
      'name,groups,uids\nGus,Everyone,04600D00000001 04600D00000002/3\nHal,,\n',
      false,
      CLI,
    );
    expect(report).toMatchObject({ holders: 2, cards: 2, problems: [] });
    const gus = site.holders.list().find((h) => h.displayName === 'Gus')!;
    expect(gus.groupIds).toEqual([site.db.everyoneGroupId()]);
    const cards = await site.holders.listCredentials(gus.id);
    expect(cards.map((c) => [c.display, c.usesLeft]).sort()).toEqual([
      ['04600D00000001', null],
      ['04600D00000002', 3],
    ]);
    const actions = site.db
      .outside()
      .prepare("SELECT outcome, detail FROM audit_events WHERE type = 'admin-action'")
      .all() as { outcome: string; detail: string }[];
    expect(actions.map((a) => a.outcome)).toEqual(['holders-imported']);
    expect(JSON.parse(actions[0]!.detail)).toMatchObject({ holders: 2, cards: 2, actor: CLI });
  });

  it.each([
    ['an unknown column', 'name,colour\nAda,red\n', /unknown columns colour/],
    ['no name column', 'groups\nEveryone\n', /no "name" column/],
    ['an unclosed quote', 'name\n"Ada\n', /quote/i],
    ['a row with more cells than the header', 'name,groups\nAda,Everyone,extra\n', /column/i],
  ])('refuses a file with %s, naming the line', async (_what, file, problem) => {
    const site = await open();
    const report = await site.csv.importCsv(file, true, CLI);
    expect(report.holders).toBe(0);
    expect(report.problems).toEqual([
      { line: expect.any(Number), problem: expect.stringMatching(problem) },
    ]);
  });
});
