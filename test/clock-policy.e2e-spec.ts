import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskRig } from './harness/kiosk-rig';
import { LIBFAKETIME } from './harness/system-tools';
import type { AuditRow } from './harness/audit-file';

/**
 * The clock policy with the kiosk's clock under the test's control: libfaketime reads the offset
 * from a file on every call (FAKETIME_NO_CACHE), so the test sets the running kiosk's wall clock
 * back a day or forward a year by rewriting it, while its monotonic clock runs on untouched.
 * Holders: one who may enter at any time (Everyone), one whom a schedule lets in (every day, all
 * day: granted whenever the clock is trusted), one with a validity date. Under each policy the
 * decisions, the audit records, health and the LCD say what the policy means.
 */
const ALWAYS = '04C10C0000A001';
const SCHEDULED = '04C10C0000A002';
const DATED = '04C10C0000A003';
const DAY_MS = 86_400_000;
/** Before the kiosk could have been built (the floor of apps/kiosk/src/clock/build-date.ts). */
const BEFORE_BUILD = '@2026-10-01 00:00:00';
/** The kiosk's clock at each start, and a day back and a year forward from it. */
const START = '+30d';
const A_DAY_BACK = '+29d';
const A_YEAR_FORWARD = '+395d';

interface Health {
  status: string;
  details: { clock: { status: string; trusted: boolean; reason: string | null; policy: string } };
}

describe('the clock policy, with the clock set back, forward and before the build date', () => {
  let rig: KioskRig;
  let token = '';
  const clockDir = mkdtempSync(join(tmpdir(), 'kiosk-clock-'));
  const offsetFile = join(clockDir, 'faketime');
  /** The kiosk's clock from now on: an offset from the true time ('+30d') or '@…' (absolute). */
  const setClock = (offset: string) => writeFileSync(offsetFile, `${offset}\n`);

  beforeAll(async () => {
    setClock(START);
    rig = await KioskRig.start({
      vpcdPort: 0x9e00,
      env: {
        LD_PRELOAD: LIBFAKETIME,
        FAKETIME_TIMESTAMP_FILE: offsetFile,
        FAKETIME_NO_CACHE: '1',
        FAKETIME_DONT_FAKE_MONOTONIC: '1',
        TZ: 'UTC',
        KIOSK_TIME_ZONE: 'UTC',
      },
      prepare: (r) => {
        token = r.createToken('setup', 'admin');
        r.cli(['holder', 'add', '--group', 'Everyone', '--name', 'Always', '--uid', ALWAYS]);
        r.cli([
          ...['holder', 'add', '--group', 'Everyone', '--name', 'Dated', '--uid', DATED],
          ...['--valid-until', '2099-01-01T00:00:00Z'],
        ]);
      },
    });
    const schedule = await api('POST', '/schedules', {
      name: 'Every day, all day',
      windows: [
        {
          days: ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'],
          start: '00:00',
          end: '24:00',
        },
      ],
    });
    expect(schedule.status).toBe(201);
    const group = await api('POST', '/access-groups', {
      name: 'Scheduled',
      doors: [{ doorId: 'main', scheduleId: schedule.body.id }],
    });
    expect(group.status).toBe(201);
    rig.cli(['holder', 'add', '--group', 'Scheduled', '--name', 'Scheduled', '--uid', SCHEDULED]);
  });
  afterAll(async () => {
    await rig?.stop();
    rmSync(clockDir, { recursive: true, force: true });
  });

  async function api(method: string, path: string, body?: unknown) {
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
  }

  async function health(): Promise<{ status: number; body: Health }> {
    const res = await fetch(`${rig.kiosk.url}/api/v1/health`);
    return { status: res.status, body: (await res.json()) as Health };
  }

  /** Each holder's tap: [outcome, reason]. */
  async function tapEach(): Promise<Record<string, [string | null, string | null]>> {
    const result: Record<string, [string | null, string | null]> = {};
    for (const [name, uid] of [
      ['always', ALWAYS],
      ['scheduled', SCHEDULED],
      ['dated', DATED],
    ] as const) {
      const row = await rig.tap(uid);
      result[name] = [row.outcome, row.reason];
    }
    return result;
  }

  /**
   * The kiosk started again with `policy`, its clock trusted: a month ahead of the true time, so
   * that a day back is still after the build date (the commit's date: it may be today's).
   */
  async function restartWith(policy: string): Promise<number> {
    setClock(START);
    await rig.restartKiosk({ KIOSK_CLOCK_POLICY: policy });
    return rig.audit().length;
  }

  const clockRecords = (since: number): AuditRow[] =>
    rig
      .audit()
      .slice(since)
      .filter((r) => r.type === 'service' && /^clock-/.test(r.outcome ?? ''));
  const granted: [string, null] = ['granted', null];
  const clockUntrusted: [string, string] = ['denied', 'clock-untrusted'];

  it('a trusted clock: everyone granted, health says the clock is trusted', async () => {
    // Started afresh: another test may have left the clock untrusted (any order: --randomize).
    await restartWith('deny-scheduled');
    expect(await tapEach()).toEqual({ always: granted, scheduled: granted, dated: granted });
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.details.clock).toMatchObject({
      status: 'up',
      trusted: true,
      policy: 'deny-scheduled',
    });
  });

  it('deny-scheduled, the clock set back a day: scheduled and dated holders denied with their own reason, the always-valid one granted', async () => {
    const since = await restartWith('deny-scheduled');
    setClock(A_DAY_BACK);
    expect(await tapEach()).toEqual({
      always: granted,
      scheduled: clockUntrusted,
      dated: clockUntrusted,
    });
    const records = clockRecords(since);
    expect(records.map((r) => [r.outcome, r.reason])).toEqual([
      ['clock-jumped', 'back'],
      ['clock-untrusted', 'jumped'],
    ]);
    const { jumpMs } = JSON.parse(records[1]!.detail) as { jumpMs: number };
    expect(Math.abs(jumpMs + DAY_MS)).toBeLessThan(60_000);
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.details.clock).toMatchObject({
      status: 'up',
      trusted: false,
      reason: 'jumped',
      policy: 'deny-scheduled',
    });
    await rig.door.waitForLcd('Present card', 'Clock not set');
  });

  it('deny-scheduled, the clock set forward a year: the same', async () => {
    const since = await restartWith('deny-scheduled');
    setClock(A_YEAR_FORWARD);
    expect(await tapEach()).toEqual({
      always: granted,
      scheduled: clockUntrusted,
      dated: clockUntrusted,
    });
    const untrusted = clockRecords(since).find((r) => r.outcome === 'clock-untrusted')!;
    const { jumpMs } = JSON.parse(untrusted.detail) as { jumpMs: number };
    expect(Math.abs(jumpMs - 365 * DAY_MS)).toBeLessThan(60_000);
  });

  it('deny-scheduled, started with a clock before the build date: untrusted from the start', async () => {
    const since = rig.audit().length;
    setClock(BEFORE_BUILD);
    await rig.restartKiosk({ KIOSK_CLOCK_POLICY: 'deny-scheduled' });
    expect(clockRecords(since).map((r) => [r.outcome, r.reason, r.at.slice(0, 10)])).toEqual([
      ['clock-untrusted', 'before-build-date', '2026-10-01'],
    ]);
    await rig.door.waitForLcd('Present card', 'Clock not set');
    expect(await tapEach()).toEqual({
      always: granted,
      scheduled: clockUntrusted,
      dated: clockUntrusted,
    });
  });

  it('deny-all, the clock set back a day: nobody granted, health 503, the LCD out of service', async () => {
    const since = await restartWith('deny-all');
    expect((await health()).status).toBe(200);
    setClock(A_DAY_BACK);
    expect(await tapEach()).toEqual({
      always: clockUntrusted,
      scheduled: clockUntrusted,
      dated: clockUntrusted,
    });
    expect(clockRecords(since).map((r) => r.outcome)).toEqual(['clock-jumped', 'clock-untrusted']);
    const { status, body } = await health();
    expect(status).toBe(503);
    expect(body.details.clock).toMatchObject({
      status: 'down',
      trusted: false,
      reason: 'jumped',
      policy: 'deny-all',
    });
    await rig.door.waitForLcd('Out of service', 'Clock not set');
  });

  it('ignore-schedules, the clock set back a day: everyone granted as if no schedule or date restricted', async () => {
    await restartWith('ignore-schedules');
    setClock(A_DAY_BACK);
    expect(await tapEach()).toEqual({ always: granted, scheduled: granted, dated: granted });
    const { status, body } = await health();
    expect(status).toBe(200);
    expect(body.details.clock).toMatchObject({
      trusted: false,
      reason: 'jumped',
      policy: 'ignore-schedules',
    });
    await rig.door.waitForLcd('Present card', '');
  });
});
