import { KioskRig } from './harness/kiosk-rig';
import { waitFor } from './harness/wait';

/**
 * The doors API against the real kiosk process, as a client sends it: bearer tokens of each
 * role, the door board simulator on the real pty, the audit log in the real SQLite file.
 */
const UID = '04D0025A000001';
let tokens: Record<'admin' | 'operator' | 'elsewhere' | 'auditor', string>;

function createToken(rig: KioskRig, name: string, role: string, ...extra: string[]): string {
  const out = rig.cli(['token', 'create', '--name', name, '--role', role, ...extra, '--json']);
  return (JSON.parse(out) as { token: string }).token;
}

describe('doors API', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9d20,
      env: { KIOSK_DOOR_PULSE_MS: '600' },
      prepare: (r) => {
        r.cli(['holder', 'add', '--group', 'Everyone', '--name', 'Api Ada', '--uid', UID]);
        tokens = {
          admin: createToken(r, 'admin', 'admin'),
          operator: createToken(r, 'desk', 'operator', '--doors', 'main'),
          elsewhere: createToken(r, 'garage desk', 'operator', '--doors', 'garage'),
          auditor: createToken(r, 'auditor', 'auditor'),
        };
      },
    });
  });
  afterAll(() => rig?.stop());

  const call = (method: string, path: string, token?: string, body?: unknown) =>
    fetch(`${rig.kiosk.url}/api/v1${path}`, {
      method,
      headers: {
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const adminActions = () => rig.audit().filter((r) => r.type === 'admin-action');

  it('lists the doors with their live state, to the tokens that may see them', async () => {
    const res = await call('GET', '/doors', tokens.operator);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual([
      expect.objectContaining({ id: 'main', address: 0, online: true, lockdown: false }),
    ]);
    expect(await (await call('GET', '/doors', tokens.elsewhere)).json()).toEqual([]);
    expect((await call('GET', '/doors')).status).toBe(401);
    expect((await call('GET', '/doors', tokens.auditor)).status).toBe(403);
  });

  it('unlocks the door now: one relay pulse, recorded with the token name', async () => {
    // An earlier case's pulse (600 ms) ends first: the pulse looked for here is this unlock's.
    await waitFor('the relay off', () => (rig.door.simulator.relay(0) ? undefined : true));
    const since = Date.now();
    const before = adminActions().length;
    const res = await call('POST', '/doors/main/unlock', tokens.operator);
    expect(res.status).toBe(204);
    await rig.door.waitForRelay(true, since);
    expect(adminActions().slice(before)).toEqual([
      expect.objectContaining({
        door_id: 'main',
        outcome: 'door-unlocked',
        detail: expect.stringContaining('"name":"desk"'),
      }),
    ]);
    expect(
      rig
        .audit()
        .map((r) => r.detail)
        .join('\n'),
    ).not.toContain(tokens.operator);
  });

  it('refuses an unlock for a door outside the token, a door that does not exist, and a bad token', async () => {
    expect((await call('POST', '/doors/main/unlock', tokens.elsewhere)).status).toBe(403);
    const missing = await call('POST', '/doors/garage/unlock', tokens.admin);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({
      statusCode: 404,
      code: 'door-not-found',
      message: 'No door "garage" on this terminal',
    });
    expect((await call('POST', '/doors/main/unlock', `${tokens.admin}x`)).status).toBe(401);
  });

  it('refuses an unlock of an offline door at once (409), and never opens it later', async () => {
    rig.door.simulator.faults.silent = true;
    try {
      await waitFor('the door offline', async () => {
        const [door] = (await (await call('GET', '/doors', tokens.admin)).json()) as {
          online: boolean;
        }[];
        return door?.online === false ? true : undefined;
      });
      const since = Date.now();
      const res = await call('POST', '/doors/main/unlock', tokens.admin);
      expect(res.status).toBe(409);
      expect((await res.json()) as { code: string }).toMatchObject({ code: 'door-offline' });
      rig.door.simulator.faults.silent = false;
      await waitFor('the door back online', async () => {
        const [door] = (await (await call('GET', '/doors', tokens.admin)).json()) as {
          online: boolean;
        }[];
        return door?.online ? true : undefined;
      });
      await new Promise((resolve) => setTimeout(resolve, 1500)); // past the ACU's queue deadline
      expect(rig.door.relayChanges.filter((c) => c.on && c.at >= since)).toEqual([]);
    } finally {
      rig.door.simulator.faults.silent = false;
    }
  });

  it('locks the door down: the next card is denied with door-lockdown; lifted, it opens again', async () => {
    const bad = await call('PUT', '/doors/main/lockdown', tokens.admin, { lockdown: 'yes' });
    expect(bad.status).toBe(400);
    expect(
      (await call('PUT', '/doors/main/lockdown', tokens.operator, { lockdown: true })).status,
    ).toBe(204);
    expect(await rig.tap(UID)).toMatchObject({ outcome: 'denied', reason: 'door-lockdown' });
    expect((await call('PUT', '/doors/lockdown', tokens.admin, { lockdown: false })).status).toBe(
      204,
    );
    expect(await rig.tap(UID)).toMatchObject({ outcome: 'granted' });
    expect(
      (await call('PUT', '/doors/lockdown', tokens.elsewhere, { lockdown: true })).status,
    ).toBe(403);
  });
});
