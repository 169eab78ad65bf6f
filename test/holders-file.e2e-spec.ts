import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { join } from 'node:path';
import { KioskRig } from './harness/kiosk-rig';

/** The holders file over real HTTP and through the CLI, against the real kiosk process. */
const PAN = '5413330089600010';
let admin = '';
let operator = '';

describe('the holders file (CSV import and export)', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9d90,
      prepare: (r) => {
        const token = (name: string, role: 'admin' | 'operator' | 'auditor') =>
          r.createToken(name, role);
        admin = token('admin', 'admin');
        operator = token('desk', 'operator');
        r.cli(
          ['holder', 'add', '--group', 'Everyone', '--name', 'Pat Bank', '--pan-stdin'],
          `${PAN}\n`,
        );
      },
    });
  });
  afterAll(() => rig?.stop());

  const send = (
    path: string,
    init: { method?: string; token?: string; type?: string; body?: string },
  ) =>
    fetch(`${rig.kiosk.url}/api/v1${path}`, {
      method: init.method ?? 'GET',
      headers: {
        authorization: `Bearer ${init.token ?? admin}`,
        ...(init.type ? { 'content-type': init.type } : {}),
      },
      body: init.body,
    });

  it('imports a file as text/csv, all or nothing, after a dry run that names the bad lines', async () => {
    const file =
      'name,groups,uids\nFile Fay,Everyone,04F11E00000001\nFile Bad,Nobody,04F11E00000002\n';
    const dry = await send('/holders/import?dryRun=true', {
      method: 'POST',
      type: 'text/csv',
      body: file,
    });
    expect(dry.status).toBe(200);
    expect(await dry.json()).toMatchObject({
      dryRun: true,
      holders: 1,
      problems: [{ line: 3, problem: expect.stringMatching(/Nobody/) }],
    });

    const refused = await send('/holders/import', { method: 'POST', type: 'text/csv', body: file });
    expect(refused.status).toBe(400);
    expect(await refused.json()).toMatchObject({
      code: 'invalid-input',
      details: { problems: [{ line: 3 }] },
    });
    expect(await rig.tap('04F11E00000001')).toMatchObject({ outcome: 'denied', reason: 'unknown' });

    const good = file.split('\n').slice(0, 2).join('\n');
    const imported = await send('/holders/import', {
      method: 'POST',
      type: 'text/csv',
      body: good,
    });
    expect(await imported.json()).toMatchObject({
      dryRun: false,
      holders: 1,
      cards: 1,
      problems: [],
    });
    expect(await rig.tap('04F11E00000001')).toMatchObject({ outcome: 'granted' });
  });

  it('refuses JSON on the import route, CSV elsewhere, and an operator', async () => {
    expect(
      (await send('/holders/import', { method: 'POST', type: 'application/json', body: '{}' }))
        .status,
    ).toBe(415);
    expect(
      (await send('/holders', { method: 'POST', type: 'text/csv', body: 'name\nX\n' })).status,
    ).toBe(415);
    expect(
      (
        await send('/holders/import', {
          method: 'POST',
          token: operator,
          type: 'text/csv',
          body: 'name\nX\n',
        })
      ).status,
    ).toBe(403);
    expect((await send('/holders/export', { token: operator })).status).toBe(403);
  });

  it('exports every holder as CSV with the bank card masked, and the CLI writes the same file', async () => {
    // Its own holder by UID (the tests run in any order: --randomize).
    const imported = await send('/holders/import', {
      method: 'POST',
      type: 'text/csv',
      body: 'name,groups,uids\nEve Export,Everyone,04E7A0000000E1\n',
    });
    expect(imported.status).toBe(200);
    const res = await send('/holders/export', {});
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    const csv = await res.text();
    expect(csv).toMatch(/^# .*not imported again/);
    expect(csv).toContain('Pat Bank,,active,,,false,Everyone,,,**** **** **** 0010');
    expect(csv).toContain('Eve Export,,active,,,false,Everyone,04E7A0000000E1,,');
    expect(csv).not.toContain(PAN);

    const out = join(rig.dir, 'holders.csv');
    rig.cli(['holder', 'export', '--out', out]);
    expect(readFileSync(out, 'utf8')).toBe(csv);
  });

  it('answers any text sent as a holders file with a report or a 400, never a 5xx', async () => {
    const cell = fc.oneof(
      fc.constantFrom(
        'Everyone',
        '04F11E0000000A',
        '04F11E0000000A/2',
        'true',
        '2026-13-40',
        '"',
        '""',
        '=1+1',
        '#',
      ),
      fc.string({ maxLength: 12 }),
    );
    const row = fc.array(cell, { minLength: 1, maxLength: 11 }).map((cells) => cells.join(','));
    const header = fc.constantFrom(
      'name',
      'name,groups,uids',
      'name,status,visitor,valid_from',
      'uids',
      'name,name',
      '',
    );
    await fc.assert(
      fc.asyncProperty(
        header,
        fc.array(row, { maxLength: 6 }),
        fc.constantFrom('\n', '\r\n'),
        async (head, rows, eol) => {
          const res = await send('/holders/import?dryRun=true', {
            method: 'POST',
            type: 'text/csv',
            body: [head, ...rows].join(eol),
          });
          const text = await res.text();
          expect([200, 400]).toContain(res.status);
          expect(text).not.toMatch(/\n\s+at |SQLITE|SqliteError/);
        },
      ),
      { numRuns: 60 },
    );
  });
});
