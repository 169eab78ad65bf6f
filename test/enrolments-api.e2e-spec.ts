import { contactlessUidProfile } from '@kiosk/card/virtual';
import { KioskRig } from './harness/kiosk-rig';
import { PcscdProcess } from './harness/pcscd.process';
import { waitFor } from './harness/wait';

/** Enrol by tap through the real pcscd + vpcd and the real kiosk process's HTTP API. */
let admin = '';

describe('enrol by tap', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9d40,
      prepare: (r) => {
        admin = (
          JSON.parse(
            r.cli(['token', 'create', '--name', 'admin', '--role', 'admin', '--json']),
          ) as {
            token: string;
          }
        ).token;
        r.cli([
          'holder',
          'add',
          '--group',
          'Everyone',
          '--name',
          'Taken',
          '--uid',
          '04EEEE00000009',
        ]);
      },
    });
  });
  afterAll(() => rig?.stop());

  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${rig.kiosk.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${admin}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const newHolder = async (name: string) => {
    const groups = (await call('GET', '/access-groups')).body.items as {
      id: string;
      name: string;
    }[];
    const everyone = groups.find((g) => g.name === 'Everyone')!.id;
    return String((await call('POST', '/holders', { name, groupIds: [everyone] })).body.id);
  };
  const stateOf = async (id: string) =>
    ((await call('GET', `/enrolments/${id}`)).body.state as { status: string }).status;

  /** Presents a card until the enrolment has an outcome; resolves with it. */
  const presentFor = (enrolmentId: string, uid: string) =>
    rig.pcscd.present(contactlessUidProfile(uid), () =>
      waitFor('the enrolment outcome', async () => {
        const status = await stateOf(enrolmentId);
        return status === 'waiting' ? undefined : status;
      }),
    );

  it('makes the next card at the door the holder’s: that tap opens nothing; the next one does', async () => {
    const holderId = await newHolder('Tapped In');
    const started = await call('POST', '/enrolments', {
      holderId,
      doorId: 'main',
      timeoutMs: 20_000,
    });
    expect(started).toMatchObject({ status: 201, body: { state: { status: 'waiting' } } });
    const since = Date.now();
    expect(await presentFor(String(started.body.id), '04E7201E000001')).toBe('enrolled');
    expect((await call('GET', `/enrolments/${String(started.body.id)}`)).body.state).toMatchObject({
      status: 'enrolled',
      credential: { kind: 'uid', display: '04E7201E000001' },
    });
    expect(rig.door.relayChanges.filter((c) => c.on && c.at >= since)).toEqual([]);
    expect(rig.audit().at(-1)).toMatchObject({
      type: 'admin-action',
      outcome: 'enrolled-by-tap',
      holder_id: holderId,
    });
    expect(await rig.tap('04E7201E000001')).toMatchObject({
      outcome: 'granted',
      holder_id: holderId,
    });
  });

  it('reports a card that belongs to someone as a conflict, and one never presented as a timeout', async () => {
    const holderId = await newHolder('Conflicted');
    const conflict = await call('POST', '/enrolments', {
      holderId,
      doorId: 'main',
      timeoutMs: 20_000,
    });
    expect(await presentFor(String(conflict.body.id), '04EEEE00000009')).toBe('conflict');
    const quiet = await call('POST', '/enrolments', { holderId, doorId: 'main', timeoutMs: 5000 });
    await waitFor(
      'the timeout',
      async () => ((await stateOf(String(quiet.body.id))) === 'timeout' ? true : undefined),
      10_000,
    );
  });

  it('refuses an enrolment for no such holder or door, and a bad body', async () => {
    expect(
      (await call('POST', '/enrolments', { holderId: 'nobody', doorId: 'main', timeoutMs: 5000 }))
        .status,
    ).toBe(404);
    const holderId = await newHolder('Somebody');
    expect(
      (await call('POST', '/enrolments', { holderId, doorId: 'garage', timeoutMs: 5000 })).status,
    ).toBe(404);
    expect(
      (await call('POST', '/enrolments', { holderId, doorId: 'main', timeoutMs: 10 })).status,
    ).toBe(400);
    expect((await call('GET', '/enrolments/nothing')).status).toBe(404);
    expect((await call('POST', '/enrolments', { holderId, timeoutMs: 5000 })).body.code).toBe(
      'invalid-input',
    ); // neither a door nor a reader
  });

  it('enrols at one reader: a card on the door’s other reader is decided as usual', async () => {
    const holderId = await newHolder('At One Reader');
    const started = await call('POST', '/enrolments', {
      holderId,
      reader: PcscdProcess.readerName(0),
      timeoutMs: 30_000,
    });
    expect(started).toMatchObject({
      status: 201,
      body: { doorId: 'main', reader: PcscdProcess.readerName(0) },
    });
    expect(await rig.tap('04E7201E000002', 1)).toMatchObject({
      outcome: 'denied',
      reason: 'unknown',
    });
    expect(await stateOf(String(started.body.id))).toBe('waiting');
    expect(await presentFor(String(started.body.id), '04E7201E000002')).toBe('enrolled');
  });
});
