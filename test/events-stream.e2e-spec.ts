import { KioskRig } from './harness/kiosk-rig';
import { SseClient } from './harness/sse';

/** Live events over server-sent events from the real kiosk: ids are audit sequence numbers. */
const UID = '04E5E5E5000001';
let operator = '';

describe('GET /api/v1/events/stream', () => {
  let rig: KioskRig;
  const clients: SseClient[] = [];

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9d50,
      prepare: (r) => {
        r.cli(['holder', 'add', '--group', 'Everyone', '--name', 'Streamed', '--uid', UID]);
        operator = (
          JSON.parse(
            r.cli(['token', 'create', '--name', 'console', '--role', 'operator', '--json']),
          ) as {
            token: string;
          }
        ).token;
      },
    });
  });
  afterEach(() => clients.splice(0).forEach((c) => c.close()));
  afterAll(() => rig?.stop());

  const open = async (headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${rig.kiosk.url}/api/v1/events/stream`, {
      authorization: `Bearer ${operator}`,
      ...headers,
    });
    clients.push(client);
    return client;
  };
  /** The next access decision on the stream (other events, such as door events, pass by). */
  const nextDecision = async (client: SseClient) => {
    for (;;) {
      const event = await client.next();
      if (event.event === 'access-decision') return event;
    }
  };

  it('sends each decision as it is recorded, its id the audit sequence number', async () => {
    const client = await open();
    expect(client.status).toBe(200);
    const record = await rig.tap(UID);
    const event = await nextDecision(client);
    expect(event.id).toBe(String(record.seq));
    expect(JSON.parse(event.data)).toMatchObject({
      seq: record.seq,
      type: 'access-decision',
      outcome: 'granted',
      credentialDisplay: UID,
    });
    expect(event.data).not.toMatch(/hash/i);
  });

  it('replays what a client missed after Last-Event-ID, then goes on live', async () => {
    const first = await rig.tap(UID);
    const missed = await rig.tap(UID);
    const client = await open({ 'last-event-id': String(first.seq) });
    const replayed = [];
    for (;;) {
      const event = await client.next();
      replayed.push(Number(event.id));
      if (Number(event.id) >= missed.seq) break;
    }
    expect(replayed[0]).toBe(first.seq + 1);
    expect(replayed).toEqual([...replayed].sort((a, b) => a - b));
    expect(new Set(replayed).size).toBe(replayed.length);
    const live = await rig.tap(UID);
    expect((await nextDecision(client)).id).toBe(String(live.seq));
  });

  it('refuses a client without a token, and a Last-Event-ID it never sent', async () => {
    const anonymous = await SseClient.open(`${rig.kiosk.url}/api/v1/events/stream`, {});
    expect(anonymous.status).toBe(401);
    expect((await open({ 'last-event-id': 'yesterday' })).status).toBe(400);
  });
});
