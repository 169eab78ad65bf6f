import { contactlessUidProfile } from '@kiosk/card/virtual';
import { KioskRig, fakeClockEnv } from './harness/kiosk-rig';
import { waitFor } from './harness/wait';

/**
 * The README's walk-through, step by step, as a newcomer types it: a token from the CLI, then
 * only the HTTP API the OpenAPI document describes. The kiosk's clock is set (libfaketime): the
 * site is in Berlin, the day is a Tuesday in winter (UTC+1), first at 10:00 and then at 22:00.
 */
const UID = '04BEEF00C0FFEE';
const TUESDAY = nextWinterTuesday();
const TUESDAY_10_00_BERLIN = new Date(`${TUESDAY}T09:00:00Z`);
const TUESDAY_22_00_BERLIN = new Date(`${TUESDAY}T21:00:00Z`);

/**
 * The first Tuesday from tomorrow in December to February, as YYYY-MM-DD: never before the build
 * date (a clock before it is not trusted, and the schedule would not be judged), and in winter,
 * so that 10:00 in Berlin is 09:00 UTC.
 */
function nextWinterTuesday(): string {
  const day = new Date(Date.now() + 86_400_000);
  while (day.getUTCDay() !== 2 || ![11, 0, 1].includes(day.getUTCMonth()))
    day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}
let token = '';

describe('a newcomer with the README and the OpenAPI document', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9d70,
      clock: TUESDAY_10_00_BERLIN,
      env: { KIOSK_TIME_ZONE: 'Europe/Berlin' },
      prepare: (r) => {
        // README: "npx kiosk token create --name setup --role admin" (shown once).
        token = (
          JSON.parse(
            r.cli(['token', 'create', '--name', 'setup', '--role', 'admin', '--json']),
          ) as {
            token: string;
          }
        ).token;
      },
    });
  });
  afterAll(() => rig?.stop());

  const api = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${rig.kiosk.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };

  it('finds every step of the walk-through in the OpenAPI document', async () => {
    const doc = (await (await fetch(`${rig.kiosk.url}/api/v1/openapi.json`)).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const steps: [string, string][] = [
      ['/api/v1/holders', 'post'],
      ['/api/v1/enrolments', 'post'],
      ['/api/v1/enrolments/{id}', 'get'],
      ['/api/v1/schedules', 'post'],
      ['/api/v1/access-groups', 'post'],
      ['/api/v1/holders/{id}', 'patch'],
      ['/api/v1/doors', 'get'],
    ];
    for (const [path, method] of steps) expect(doc.paths[path]?.[method]).toBeDefined();
    expect((await fetch(`${rig.kiosk.url}/api/v1/docs`)).status).toBe(200);
  });

  it('enrols a holder by tapping, gives them weekdays 08:00-18:00 on one door: a grant at 10:00 on a Tuesday, a denial at 22:00', async () => {
    // 1. The holder.
    const holder = await api('POST', '/holders', { name: 'Ada Lovelace' });
    expect(holder.status).toBe(201);
    const holderId = String(holder.body.id);

    // 2. Enrol by tap: the next card at door "main" becomes theirs.
    const enrolment = await api('POST', '/enrolments', {
      holderId,
      doorId: 'main',
      timeoutMs: 30_000,
    });
    expect(enrolment.status).toBe(201);
    const outcome = await rig.pcscd.present(contactlessUidProfile(UID), () =>
      waitFor('the enrolment outcome', async () => {
        const { state } = (await api('GET', `/enrolments/${String(enrolment.body.id)}`)).body as {
          state: { status: string };
        };
        return state.status === 'waiting' ? undefined : state;
      }),
    );
    expect(outcome).toMatchObject({
      status: 'enrolled',
      credential: { kind: 'uid', display: UID },
    });

    // Enrolled, but in no group yet: the card opens nothing.
    expect(await rig.tap(UID)).toMatchObject({ outcome: 'denied', reason: 'no-access-group' });

    // 3. Weekdays 08:00-18:00, site time.
    const schedule = await api('POST', '/schedules', {
      name: 'Office hours',
      windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '18:00' }],
    });
    expect(schedule).toMatchObject({
      status: 201,
      body: {
        windows: [{ days: ['mon', 'tue', 'wed', 'thu', 'fri'], start: '08:00', end: '18:00' }],
      },
    });

    // 4. A group with one door in that schedule, and the holder in it.
    const group = await api('POST', '/access-groups', {
      name: 'Office',
      doors: [{ doorId: 'main', scheduleId: schedule.body.id }],
    });
    expect(group.status).toBe(201);
    const joined = await api('PATCH', `/holders/${holderId}`, { groupIds: [group.body.id] });
    expect(joined).toMatchObject({ status: 200, body: { groupIds: [group.body.id] } });

    // 5. Tuesday, 10:00 in Berlin: the door opens.
    const granted = await rig.tap(UID);
    expect(granted).toMatchObject({ outcome: 'granted', holder_id: holderId });
    expect(String(granted.at)).toMatch(new RegExp(`^${TUESDAY}T09:0`)); // 10:0x in Berlin (UTC+1)

    // 6. The same Tuesday at 22:00: denied, and the reason says why.
    await rig.restartKiosk(fakeClockEnv(TUESDAY_22_00_BERLIN));
    const denied = await rig.tap(UID);
    expect(denied).toMatchObject({ outcome: 'denied', reason: 'outside-time-window' });
    expect(String(denied.at)).toMatch(new RegExp(`^${TUESDAY}T21:0`));
    await rig.door.waitForLcd('Access denied', 'Not at this time');
  });
});
