import { existsSync, readFileSync } from 'node:fs';
import { KioskRig } from './harness/kiosk-rig';

/** Holders and their cards through the HTTP API of the real kiosk process, as a client sends it. */
const UID = '04A11CE0000001';
let admin = '';
let operator = '';

describe('holders API', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9d30,
      prepare: (r) => {
        const token = (name: string, role: 'admin' | 'operator' | 'auditor') =>
          r.createToken(name, role);
        admin = token('admin', 'admin');
        operator = token('desk', 'operator');
      },
    });
  });
  afterAll(() => rig?.stop());

  const call = async (method: string, path: string, token: string, body?: unknown) => {
    const res = await fetch(`${rig.kiosk.url}/api/v1${path}`, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };

  /** The "Everyone" access group (every door, any time) that a new database has. */
  const everyone = async () => {
    const groups = (await call('GET', '/access-groups', admin)).body.items as {
      id: string;
      name: string;
    }[];
    return groups.find((g) => g.name === 'Everyone')!.id;
  };

  it('enrols a holder with a card that opens at once; a revoked card is denied on the very next tap', async () => {
    const created = await call('POST', '/holders', admin, {
      groupIds: [await everyone()],
      name: 'Alice Api',
      uids: ['04 a1:1c e0 00 00 01'],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      displayName: 'Alice Api',
      credentials: [{ kind: 'uid', display: UID }],
    });
    expect(await rig.tap(UID)).toMatchObject({ outcome: 'granted', holder_id: created.body.id });

    const got = await call('GET', `/holders/${String(created.body.id)}`, operator);
    expect(got.status).toBe(200);
    const [card] = got.body.credentials as { id: string; status: string }[];
    expect(card).toMatchObject({ status: 'active' });
    expect(JSON.stringify(got.body)).not.toMatch(/lookup/i);

    const revoked = await call('POST', `/credentials/${card!.id}/revoke`, admin);
    expect(revoked).toMatchObject({ status: 201, body: { id: card!.id, status: 'revoked' } });
    expect(await rig.tap(UID)).toMatchObject({ outcome: 'denied', reason: 'revoked' });
  });

  it('a visitor card with 2 uses opens twice, then is denied as used-up', async () => {
    const uid = '04C0FFEE000003'; // hex letters: never a bank-card number
    const created = await call('POST', '/holders', admin, {
      groupIds: [await everyone()],
      name: 'Visitor',
      uids: [uid],
      uses: 2,
    });
    expect(created.status).toBe(201);
    expect(await rig.tap(uid)).toMatchObject({ outcome: 'granted' });
    expect(await rig.tap(uid)).toMatchObject({ outcome: 'granted' });
    expect(await rig.tap(uid)).toMatchObject({ outcome: 'denied', reason: 'used-up' });
    const got = await call('GET', `/holders/${String(created.body.id)}`, admin);
    expect(got.body.credentials).toEqual([expect.objectContaining({ usesLeft: 0 })]);
    expect(
      (
        await call('POST', '/holders', admin, {
          groupIds: [await everyone()],
          name: 'Zero',
          uses: 0,
        })
      ).status,
    ).toBe(400);
  });

  it('suspends and reinstates a holder, and deletes one whose card may then be enrolled again', async () => {
    const uid = '04D5D5D5000004';
    const created = await call('POST', '/holders', admin, {
      groupIds: [await everyone()],
      name: 'Suspense',
      uids: [uid],
    });
    const id = String(created.body.id);
    expect(
      (await call('PATCH', `/holders/${id}`, admin, { status: 'suspended' })).body,
    ).toMatchObject({
      status: 'suspended',
    });
    expect(await rig.tap(uid)).toMatchObject({ outcome: 'denied', reason: 'suspended' });
    expect(
      (await call('PATCH', `/holders/${id}`, admin, { status: 'active', name: 'Back Again' })).body,
    ).toMatchObject({
      status: 'active',
      displayName: 'Back Again',
    });
    expect(await rig.tap(uid)).toMatchObject({ outcome: 'granted' });
    expect((await call('PATCH', `/holders/${id}`, admin, { status: 'gone' })).status).toBe(400);
    // Found by the API fuzz: null is no name and no status (it was a 500).
    expect((await call('PATCH', `/holders/${id}`, admin, { name: null })).status).toBe(400);
    expect((await call('PATCH', `/holders/${id}`, admin, { status: null })).status).toBe(400);
    expect((await call('PATCH', `/holders/${id}`, operator, { status: 'suspended' })).status).toBe(
      403,
    );

    const deleted = await fetch(`${rig.kiosk.url}/api/v1/holders/${id}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${admin}` },
    });
    expect(deleted.status).toBe(204);
    expect((await call('GET', `/holders/${id}`, admin)).status).toBe(404);
    expect(await rig.tap(uid)).toMatchObject({ outcome: 'denied', reason: 'unknown' });
    const outcomes = rig
      .audit()
      .filter((r) => r.holder_id === id)
      .map((r) => r.outcome);
    expect(outcomes).toEqual(
      expect.arrayContaining([
        'holder-created',
        'holder-suspended',
        'holder-reinstated',
        'holder-deleted',
      ]),
    );
    expect(
      (
        await call('POST', '/holders', admin, {
          groupIds: [await everyone()],
          name: 'Heir',
          uids: [uid],
        })
      ).status,
    ).toBe(201);
  });

  it('pages holders by name with a cursor', async () => {
    for (const name of ['Page A', 'Page B', 'Page C'])
      expect(
        (
          await call('POST', '/holders', admin, {
            groupIds: [await everyone()],
            name,
          })
        ).status,
      ).toBe(201);
    const names: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await call(
        'GET',
        `/holders?limit=2${cursor ? `&cursor=${cursor}` : ''}`,
        operator,
      );
      expect(page.status).toBe(200);
      names.push(...(page.body.items as { displayName: string }[]).map((h) => h.displayName));
      cursor = page.body.next as string | null;
    } while (cursor);
    expect(names.filter((n) => n.startsWith('Page '))).toEqual(['Page A', 'Page B', 'Page C']);
    expect(names).toEqual([...names].sort());
  });

  it('answers each bad request with its status and code, and writes nothing', async () => {
    const before = rig.audit().length;
    const cases: [unknown, number, string][] = [
      [{ name: 'Bob\n\u001b[31mRED' }, 400, 'invalid-name'],
      [{ name: 'Eve', uids: ['36259600000004'] }, 400, 'pan-as-uid'],
      [{ name: 'Eve', uids: ['12345'] }, 400, 'invalid-uid'],
      [{ name: 'Eve', admin: true }, 400, 'invalid-input'],
      [{ name: 'x'.repeat(65) }, 400, 'invalid-input'],
    ];
    for (const [body, status, code] of cases) {
      const res = await call('POST', '/holders', admin, body);
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(JSON.stringify(res.body)).not.toContain('36259600000004');
    }
    expect((await call('POST', '/holders', operator, { name: 'Op' })).status).toBe(403);
    const plain = await fetch(`${rig.kiosk.url}/api/v1/holders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'text/plain' },
      body: 'name=Eve',
    });
    expect(plain.status).toBe(415);
    const malformed = await fetch(`${rig.kiosk.url}/api/v1/holders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: '{"name": ',
    });
    expect(malformed.status).toBe(400);
    const huge = await fetch(`${rig.kiosk.url}/api/v1/holders`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(200_000) }),
    });
    expect(huge.status).toBe(413);
    expect((await call('GET', '/holders?cursor=nonsense', admin)).body).toMatchObject({
      code: 'invalid-input',
    });
    expect((await call('GET', '/holders/nobody', admin)).status).toBe(404);
    expect((await call('POST', '/credentials/nothing/revoke', admin)).status).toBe(404);
    expect(rig.audit().length).toBe(before);
  });

  it('refuses a card that belongs to someone already: 409', async () => {
    const uid = '04B0B000000002';
    expect(
      (
        await call('POST', '/holders', admin, {
          groupIds: [await everyone()],
          name: 'First',
          uids: [uid],
        })
      ).status,
    ).toBe(201);
    const again = await call('POST', '/holders', admin, {
      groupIds: [await everyone()],
      name: 'Second',
      uids: [uid],
    });
    expect([again.status, again.body.code]).toEqual([409, 'already-enrolled']);
  });

  it('serves its OpenAPI document and UI without a token, naming every route', async () => {
    const doc = await fetch(`${rig.kiosk.url}/api/v1/openapi.json`);
    expect(doc.status).toBe(200);
    const paths = Object.keys(((await doc.json()) as { paths: Record<string, unknown> }).paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/health',
        '/api/v1/holders',
        '/api/v1/holders/{id}',
        '/api/v1/credentials/{id}/revoke',
        '/api/v1/doors',
        '/api/v1/doors/{id}/unlock',
        '/api/v1/enrolments',
        '/api/v1/events/stream',
      ]),
    );
    const ui = await fetch(`${rig.kiosk.url}/api/v1/docs`);
    expect(ui.status).toBe(200);
    expect(await ui.text()).toMatch(/swagger/i);
  });

  it('enrols a bank-card number by value: hashed at once, masked in every answer, in clear nowhere', async () => {
    const PAN = '5413330089600010'; // a public Mastercard test number
    const holder = await call('POST', '/holders', admin, {
      groupIds: [await everyone()],
      name: 'Pan Holder',
    });
    const added = await call('POST', `/holders/${String(holder.body.id)}/credentials`, admin, {
      kind: 'pan',
      value: '5413 3300 8960 0010',
    });
    expect(added).toMatchObject({
      status: 201,
      body: { kind: 'pan', display: '**** **** **** 0010' },
    });
    const bad = await call('POST', `/holders/${String(holder.body.id)}/credentials`, admin, {
      kind: 'pan',
      value: '5413330089600011',
    });
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid-pan']);
    expect(JSON.stringify(bad.body)).not.toContain('5413330089600011');
    const got = await call('GET', `/holders/${String(holder.body.id)}`, admin);
    expect(JSON.stringify(got.body)).not.toContain(PAN);
    const files = [rig.dbPath, `${rig.dbPath}-wal`].filter((f) => existsSync(f));
    const stored = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(stored.includes(Buffer.from('**** **** **** 0010'))).toBe(true);
    for (const spelling of [PAN, '5413 3300 8960 0010', '5413330089600011'])
      expect(stored.includes(Buffer.from(spelling))).toBe(false);
    expect(rig.kiosk.rawOutput.join('\n')).not.toMatch(/54133300896000|5413 3300/);
    const exported = await fetch(`${rig.kiosk.url}/api/v1/holders/export`, {
      headers: { authorization: `Bearer ${admin}` },
    });
    const csv = await exported.text();
    expect(csv).toContain('**** **** **** 0010');
    expect(csv).not.toMatch(/54133300896000|5413 3300/);
  });
});
