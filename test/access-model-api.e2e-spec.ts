import { randomUUID } from 'node:crypto';
import type { AuditRow } from './harness/audit-file';
import { KioskRig } from './harness/kiosk-rig';

/**
 * The access model through the admin API of the real kiosk process, as a client sends it:
 * schedules, holiday calendars, access groups, holders' groups and door settings, with a token
 * of each role; virtual card taps show each change in force from the very next tap.
 */
const LOCKDOWN_UID = '04AB5C0DE0AA01'; // hex letters: never a bank-card number
const RULE_UID = '04AB5C0DE0BB02';
const TOKEN_NAMES = { admin: 'root-admin', operator: 'desk-operator', auditor: 'book-auditor' };
type Role = keyof typeof TOKEN_NAMES;
let tokens: Record<Role, string>;

interface Reply {
  status: number;
  body: Record<string, unknown>;
}
type Token = string | null;
type Holder = { displayName: string; visitor: boolean; status: string };

describe('access model API: schedules, holiday calendars, access groups, holders, doors', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9d80,
      prepare: (r) => {
        r.cli(['holder', 'add', '--group', 'Everyone', '--name', 'Lou', '--uid', LOCKDOWN_UID]);
        const token = (role: Role) => {
          const args = ['token', 'create', '--name', TOKEN_NAMES[role], '--role', role, '--json'];
          return (JSON.parse(r.cli(args)) as { token: string }).token;
        };
        tokens = { admin: token('admin'), operator: token('operator'), auditor: token('auditor') };
      },
    });
  });
  afterAll(() => rig?.stop());

  /** One request as a client sends it; the admin token unless another (or null: none) is given. */
  const api = async (method: string, path: string, body?: unknown, token: Token = tokens.admin) => {
    const res = await fetch(`${rig.kiosk.url}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Reply['body'] };
  };
  const as = (role: Role | null) => (method: string, path: string, body?: unknown) =>
    api(method, path, body, role && tokens[role]);
  /** Creates what a case needs (as admin), insisting on 201; its id. */
  const post = async (path: string, body: unknown): Promise<string> => {
    const reply = await api('POST', path, body);
    expect([reply.status, reply.body.message]).toEqual([201, undefined]);
    return String(reply.body.id);
  };
  /** An error answer: its status, its code, the field its message names. */
  const refused = async (reply: Promise<Reply>, status: number, code: string, field?: RegExp) => {
    const { body, ...rest } = await reply;
    expect([rest.status, body.code]).toEqual([status, code]);
    if (field) expect(JSON.stringify(body.message)).toMatch(field);
  };
  const adminActions = () => rig.audit().filter((r) => r.type === 'admin-action');
  const actorOf = (row: AuditRow) =>
    (JSON.parse(row.detail) as { actor?: { name?: string } }).actor?.name;
  const names = (reply: Reply) => (reply.body.items as Holder[]).map((h) => h.displayName);

  describe('schedules', () => {
    it('creates (windows grouped by days), gets, lists, patches and deletes a schedule', async () => {
      const made = await api('POST', '/schedules', {
        name: 'Office hours',
        windows: [
          { days: ['sat'], start: '09:00', end: '13:00' },
          { days: ['wed', 'mon', 'tue'], start: '08:00', end: '18:00' },
          { days: ['thu', 'fri'], start: '08:00', end: '18:00' },
        ],
      });
      const weekdays = { days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '18:00' };
      const windows = [weekdays, { days: ['sat'], start: '09:00', end: '13:00' }];
      const view = { name: 'Office hours', holidayCalendarId: null, windows, holidayWindows: [] };
      expect(made).toEqual({ status: 201, body: { id: expect.any(String), ...view } });
      const path = `/schedules/${String(made.body.id)}`;
      expect(await api('GET', path)).toEqual({ status: 200, body: made.body });
      expect((await api('GET', '/schedules')).body.items).toContainEqual(made.body);

      const sunday = [{ days: ['sun'], start: '10:00', end: '24:00' }];
      const patched = await api('PATCH', path, { windows: sunday });
      expect(patched).toEqual({ status: 200, body: { ...made.body, windows: sunday } });
      expect(await api('GET', path)).toEqual(patched);
      expect((await api('DELETE', path)).status).toBe(204);
      await refused(api('GET', path), 404, 'schedule-not-found');
    });

    it('accepts a window across midnight (22:00-06:00) and returns it as given', async () => {
      const night = [{ days: ['fri', 'sat'], start: '22:00', end: '06:00' }];
      const id = await post('/schedules', { name: 'Night shift', windows: night });
      expect(await api('GET', `/schedules/${id}`)).toMatchObject({ body: { windows: night } });
    });

    it('shows a day given on two lines with the same hours once', async () => {
      const windows = [
        { days: ['mon', 'tue'], start: '07:00', end: '15:00' },
        { days: ['tue', 'wed'], start: '07:00', end: '15:00' },
      ];
      const made = await api('POST', '/schedules', { name: 'Early shift', windows });
      const merged = { days: ['mon', 'tue', 'wed'], start: '07:00', end: '15:00' };
      expect(made).toMatchObject({ status: 201, body: { windows: [merged] } });
    });

    const bad = (w: object) => ({
      windows: [{ days: ['mon'], start: '08:00', end: '09:00', ...w }],
    });
    it.each<[string, object, string, RegExp]>([
      ['a start at 25:00', bad({ start: '25:00' }), 'invalid-input', /windows\.0\.start/],
      ['08:00 to 08:00', bad({ end: '08:00' }), 'invalid-input', /windows\[0\]/],
      ['an unknown day', bad({ days: ['mon2'] }), 'invalid-input', /windows\.0\..*days/],
      ['an end at 00:00 (ends: 00:01-24:00)', bad({ end: '00:00' }), 'invalid-input', /\.0\.end/],
      ['no name', { name: undefined, windows: [] }, 'invalid-input', /\bname\b/],
      ['an unknown field', { windows: [], colour: 'red' }, 'invalid-input', /colour/],
    ])('refuses %s: 400 naming the field, nothing written', async (_, change, code, field) => {
      const before = adminActions().length;
      await refused(api('POST', '/schedules', { name: 'Bad', ...change }), 400, code, field);
      expect(adminActions().length).toBe(before);
    });

    it.each(['GET', 'PATCH', 'DELETE'])('%s of an unknown schedule id: 404', async (method) => {
      const body = method === 'PATCH' ? {} : undefined;
      await refused(api(method, `/schedules/${randomUUID()}`, body), 404, 'schedule-not-found');
    });

    it('refuses a name taken (trimmed, on create and on rename) with 409 name-taken', async () => {
      await post('/schedules', { name: 'Day shift', windows: [] });
      const late = await post('/schedules', { name: 'Late shift', windows: [] });
      const again = api('POST', '/schedules', { name: ' Day shift ', windows: [] });
      await refused(again, 409, 'name-taken', /Day shift/);
      await refused(api('PATCH', `/schedules/${late}`, { name: 'Day shift' }), 409, 'name-taken');
    });

    it('refuses to delete a schedule an access group uses (409 in-use) until the group is gone', async () => {
      const used = await post('/schedules', { name: 'Used', windows: [] });
      const doors = [{ doorId: 'main', scheduleId: used }];
      const group = await post('/access-groups', { name: 'Uses it', doors });
      await refused(api('DELETE', `/schedules/${used}`), 409, 'in-use', /Uses it/);
      expect((await api('GET', `/schedules/${used}`)).status).toBe(200);
      expect((await api('DELETE', `/access-groups/${group}`)).status).toBe(204);
      expect((await api('DELETE', `/schedules/${used}`)).status).toBe(204);
    });
  });

  describe('holiday calendars', () => {
    it('creates, gets, lists, patches (dates replaced) and deletes a calendar', async () => {
      const dates = [
        { date: '2026-12-25', name: 'Christmas Day' },
        { date: '2026-01-01', name: 'New Year' },
      ];
      const made = await api('POST', '/holiday-calendars', { name: 'Public holidays', dates });
      const body = { id: expect.any(String), name: 'Public holidays', dates: [dates[1], dates[0]] };
      expect(made).toEqual({ status: 201, body });
      const path = `/holiday-calendars/${String(made.body.id)}`;
      expect(await api('GET', path)).toEqual({ status: 200, body: made.body });
      expect((await api('GET', '/holiday-calendars')).body.items).toContainEqual(made.body);
      const change = { name: 'Holidays 2027', dates: [{ date: '2027-05-01', name: 'Labour Day' }] };
      const patched = await api('PATCH', path, change);
      expect(patched).toEqual({ status: 200, body: { ...made.body, ...change } });
      expect(await api('GET', path)).toEqual(patched);
      expect((await api('DELETE', path)).status).toBe(204);
      await refused(api('GET', path), 404, 'holiday-calendar-not-found');
    });

    it.each([
      ['2026-02-30', [{ date: '2026-02-30' }], /dates\[0\]\.date/],
      ['a date twice', [{ date: '2026-12-25' }, { date: '2026-12-25' }], /dates\[1\]\.date/],
    ])('refuses %s with 400 naming the field', async (_, dates, field) => {
      const reply = api('POST', '/holiday-calendars', { name: 'Odd days', dates });
      await refused(reply, 400, 'invalid-input', field);
    });

    it('refuses to delete a calendar a schedule follows (409); an unknown calendar is 404', async () => {
      const calendar = await post('/holiday-calendars', { name: 'Followed', dates: [] });
      await post('/schedules', { name: 'Follower', holidayCalendarId: calendar, windows: [] });
      await refused(api('DELETE', `/holiday-calendars/${calendar}`), 409, 'in-use', /Follower/);
      const orphan = { name: 'Orphan', holidayCalendarId: randomUUID(), windows: [] };
      await refused(api('POST', '/schedules', orphan), 404, 'holiday-calendar-not-found');
    });
  });

  describe('access groups', () => {
    it('creates a group for door main in a schedule, and one for every door', async () => {
      const schedule = await post('/schedules', { name: 'Group hours', windows: [] });
      const doors = [{ doorId: 'main', scheduleId: schedule }];
      const main = await api('POST', '/access-groups', { name: 'Main in hours', doors });
      const view = (name: string, doors: object[]) => ({ id: expect.any(String), name, doors });
      expect(main).toEqual({ status: 201, body: view('Main in hours', doors) });
      const every = await api('POST', '/access-groups', { name: 'All', doors: [{ doorId: '*' }] });
      const all = [{ doorId: '*', scheduleId: null }];
      expect(every).toEqual({ status: 201, body: view('All', all) });
      const got = await api('GET', `/access-groups/${String(main.body.id)}`);
      expect(got).toEqual({ status: 200, body: main.body });
      const { items } = (await api('GET', '/access-groups')).body;
      expect(items).toEqual(expect.arrayContaining([main.body, every.body]));
    });

    const [main, ghost] = [{ doorId: 'main' }, randomUUID()];
    it.each<[string, object, number, string, RegExp]>([
      ['an unknown door', { doors: [{ doorId: 'garage' }] }, 404, 'door-not-found', /doors\[0\]/],
      ['a door twice', { doors: [main, main] }, 400, 'invalid-input', /doors\[1\]/],
      [
        'an unknown schedule',
        { doors: [{ ...main, scheduleId: ghost }] },
        404,
        'schedule-not-found',
        new RegExp(ghost),
      ],
      ['a name taken', { name: 'Everyone', doors: [] }, 409, 'name-taken', /Everyone/],
    ])('refuses %s', async (_, change, status, code, field) => {
      const reply = api('POST', '/access-groups', { name: 'Refused', ...change });
      await refused(reply, status, code, field);
    });

    it('deletes a group: its members lose it and keep their other groups', async () => {
      const kept = await post('/access-groups', { name: 'Kept', doors: [] });
      const gone = await post('/access-groups', { name: 'Gone', doors: [] });
      const holder = await post('/holders', { name: 'Max Member', groupIds: [gone, kept] });
      expect((await api('DELETE', `/access-groups/${gone}`)).status).toBe(204);
      await refused(api('GET', `/access-groups/${gone}`), 404, 'access-group-not-found');
      expect((await api('GET', `/holders/${holder}`)).body.groupIds).toEqual([kept]);
    });
  });

  describe('holders', () => {
    it('creates a holder with groups, an LCD name, notes over two lines and the visitor flag', async () => {
      const group = await post('/access-groups', { name: 'Visitors', doors: [] });
      const notes = 'Escort to the lab\nBadge 12';
      const fields = { lcdName: 'Vera', notes, visitor: true, groupIds: [group] };
      const made = await api('POST', '/holders', { name: 'Vera Visitor', ...fields });
      expect(made).toMatchObject({ status: 201, body: { displayName: 'Vera Visitor', ...fields } });
      const got = await as('operator')('GET', `/holders/${String(made.body.id)}`);
      expect(got).toMatchObject({ status: 200, body: { displayName: 'Vera Visitor', ...fields } });
    });

    it.each<[string, object, number, string]>([
      ['an unknown group', { groupIds: [randomUUID()] }, 404, 'access-group-not-found'],
      ['a control character in the LCD name', { lcdName: 'Ve\u0007ra' }, 400, 'invalid-name'],
    ])('refuses %s', async (_, change, status, code) => {
      await refused(api('POST', '/holders', { name: 'Rex Refused', ...change }), status, code);
    });

    it('filters the list by group, visitor, status and name, and pages a filtered list', async () => {
      const club = await post('/access-groups', { name: 'Quokka club', doors: [] });
      await post('/holders', { name: 'Quokka Alpha', groupIds: [club], visitor: true });
      const beta = await post('/holders', { name: 'quokka beta', groupIds: [club] });
      await post('/holders', { name: 'QUOKKA Gamma', visitor: true });
      expect((await api('PATCH', `/holders/${beta}`, { status: 'suspended' })).status).toBe(200);
      const list = (query: string) => as('operator')('GET', `/holders?${query}`);

      expect(names(await list(`group=${club}`))).toEqual(['Quokka Alpha', 'quokka beta']);
      const quokkas = ['QUOKKA Gamma', 'Quokka Alpha', 'quokka beta']; // by name, code point order
      expect(names(await list('name=qUoKkA'))).toEqual(quokkas);
      expect(names(await list(`name=kka&visitor=true&group=${club}`))).toEqual(['Quokka Alpha']);
      const visitors = (await list('visitor=true')).body.items as Holder[];
      expect(visitors.filter((h) => !h.visitor)).toEqual([]);
      expect(visitors.map((h) => h.displayName)).toEqual(
        expect.arrayContaining(quokkas.slice(0, 2)),
      );
      expect(names(await list('visitor=false'))).toContain('quokka beta');
      const suspended = (await list('status=suspended')).body.items as Holder[];
      expect(suspended.map((h) => `${h.displayName}: ${h.status}`)).toEqual([
        'quokka beta: suspended',
      ]);

      const paged: string[] = [];
      let cursor: string | null = null;
      do {
        const page = await list(`name=QUOKKA&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
        expect([page.status, (page.body.items as Holder[]).length <= 1]).toEqual([200, true]);
        paged.push(...names(page));
        cursor = page.body.next as string | null;
      } while (cursor && paged.length < 10);
      expect(paged).toEqual(quokkas);
    });
  });

  describe('roles on every schedules, holiday-calendars and access-groups route', () => {
    const ids: Record<string, string> = {};
    beforeAll(async () => {
      ids.schedules = await post('/schedules', { name: 'Role hours', windows: [] });
      ids['holiday-calendars'] = await post('/holiday-calendars', { name: 'Role days', dates: [] });
      ids['access-groups'] = await post('/access-groups', { name: 'Role group', doors: [] });
    });
    const routes = ['schedules', 'holiday-calendars', 'access-groups'].flatMap((base) =>
      ['GET', 'GET :id', 'POST', 'PATCH :id', 'DELETE :id'].map((route) => ({ base, route })),
    );

    it.each<[string, Role | null, (write: boolean) => [number, string | undefined]]>([
      ['no token: 401', null, () => [401, 'unauthenticated']],
      ['an auditor: 403 on reads and writes', 'auditor', () => [403, 'forbidden']],
      [
        'an operator: reads 200, writes 403',
        'operator',
        (w) => (w ? [403, 'forbidden'] : [200, undefined]),
      ],
    ])('%s', async (_, role, expected) => {
      const actual: Record<string, unknown> = {};
      const wanted: Record<string, unknown> = {};
      for (const { base, route } of routes) {
        const [method, id] = route.split(' ') as [string, string?];
        const body = method === 'POST' || method === 'PATCH' ? { name: 'By role' } : undefined;
        const reply = await as(role)(method, `/${base}${id ? `/${ids[base]}` : ''}`, body);
        actual[`${route} /${base}`] = [reply.status, reply.body.code];
        wanted[`${route} /${base}`] = expected(method !== 'GET');
      }
      expect(actual).toEqual(wanted);
    });
  });

  it('puts each change of group doors and holder groups in force from the very next tap', async () => {
    const never = await post('/schedules', { name: 'Never open', windows: [] });
    const doors = [{ doorId: 'main', scheduleId: never }];
    const group = await post('/access-groups', { name: 'Main never', doors });
    const holder = await post('/holders', { name: 'Rita', groupIds: [group], uids: [RULE_UID] });
    expect(await rig.tap(RULE_UID)).toMatchObject({
      outcome: 'denied',
      reason: 'outside-time-window',
      holder_id: holder,
    });
    const all = await api('PATCH', `/access-groups/${group}`, { doors: [{ doorId: '*' }] });
    expect(all).toMatchObject({
      status: 200,
      body: { doors: [{ doorId: '*', scheduleId: null }] },
    });
    expect(await rig.tap(RULE_UID)).toMatchObject({ outcome: 'granted', holder_id: holder });
    const noGroups = await api('PATCH', `/holders/${holder}`, { groupIds: [] });
    expect(noGroups).toMatchObject({ status: 200, body: { groupIds: [] } });
    expect(await rig.tap(RULE_UID)).toMatchObject({ outcome: 'denied', reason: 'no-access-group' });
  });

  describe('door settings', () => {
    const settings = { name: 'Front entrance', pulseMs: 700, heldOpenMs: 20_000 };

    it('renames and retimes door main; refuses a bad time, an unknown door and an operator', async () => {
      const patched = await api('PATCH', '/doors/main', settings);
      const door = { id: 'main', ...settings, mode: 'normal' };
      expect(patched).toMatchObject({ status: 200, body: door });
      await refused(api('PATCH', '/doors/main', { pulseMs: 50 }), 400, 'invalid-input', /pulseMs/);
      await refused(api('PATCH', '/doors/garage', { name: 'Garage' }), 404, 'door-not-found');
      await refused(as('operator')('PATCH', '/doors/main', { name: 'Mine' }), 403, 'forbidden');
      expect(await as('operator')('GET', '/doors')).toEqual({
        status: 200,
        body: [expect.objectContaining(door)],
      });
    });

    it('keeps a lockdown across a restart: the card is denied door-lockdown; lifted, it opens', async () => {
      expect((await api('PUT', '/doors/main/lockdown', { lockdown: true })).status).toBe(204);
      await rig.restartKiosk();
      expect((await api('GET', '/doors')).body).toEqual([
        expect.objectContaining({ id: 'main', ...settings, mode: 'lockdown' }),
      ]);
      const denied = { outcome: 'denied', reason: 'door-lockdown' };
      expect(await rig.tap(LOCKDOWN_UID)).toMatchObject(denied);
      expect((await api('PUT', '/doors/main/lockdown', { lockdown: false })).status).toBe(204);
      expect(await rig.tap(LOCKDOWN_UID)).toMatchObject({ outcome: 'granted' });
    });
  });

  it('records each change as one admin action naming the token; a refused request as none', async () => {
    const audited = async (outcome: string, make: () => Promise<Reply>, role: Role = 'admin') => {
      const before = adminActions().length;
      const reply = await make();
      const added = adminActions().slice(before);
      expect(added.map((r) => [r.outcome, actorOf(r)])).toEqual([[outcome, TOKEN_NAMES[role]]]);
      return String(reply.body.id);
    };
    const calendar = await audited('holiday-calendar-created', () =>
      api('POST', '/holiday-calendars', { name: 'Audit days', dates: [] }),
    );
    const schedule = await audited('schedule-created', () =>
      api('POST', '/schedules', { name: 'Audit hours', holidayCalendarId: calendar, windows: [] }),
    );
    const doors = [{ doorId: 'main', scheduleId: schedule }];
    const group = await audited('access-group-created', () =>
      api('POST', '/access-groups', { name: 'Audit group', doors }),
    );
    const holder = await audited('holder-created', () =>
      api('POST', '/holders', { name: 'Ann Audit', groupIds: [group] }),
    );

    const before = adminActions().length;
    await refused(api('DELETE', `/schedules/${schedule}`), 409, 'in-use');
    await refused(api('DELETE', `/holiday-calendars/${calendar}`), 409, 'in-use');
    const ghost = { groupIds: [randomUUID()] };
    await refused(api('PATCH', `/holders/${holder}`, ghost), 404, 'access-group-not-found');
    expect(adminActions().length).toBe(before);

    const steps: [string, string, string, object?][] = [
      ['holder-updated', 'PATCH', `/holders/${holder}`, { groupIds: [] }],
      ['access-group-updated', 'PATCH', `/access-groups/${group}`, { doors: [] }],
      ['schedule-updated', 'PATCH', `/schedules/${schedule}`, { holidayCalendarId: null }],
      ['holiday-calendar-updated', 'PATCH', `/holiday-calendars/${calendar}`, { dates: [] }],
      ['access-group-deleted', 'DELETE', `/access-groups/${group}`],
      ['schedule-deleted', 'DELETE', `/schedules/${schedule}`],
      ['holiday-calendar-deleted', 'DELETE', `/holiday-calendars/${calendar}`],
      ['door-settings-changed', 'PATCH', '/doors/main', { heldOpenMs: 25_000 }],
    ];
    for (const [outcome, method, path, body] of steps)
      await audited(outcome, () => api(method, path, body));
    const lockdown = (on: boolean) => () =>
      as('operator')('PUT', '/doors/main/lockdown', { lockdown: on });
    await audited('door-lockdown', lockdown(true), 'operator');
    await audited('door-lockdown-lifted', lockdown(false), 'operator');

    const details = JSON.stringify(adminActions().map((r) => r.detail));
    for (const token of Object.values(tokens)) expect(details).not.toContain(token);
  });
});
