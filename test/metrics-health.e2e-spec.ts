import { KioskRig } from './harness/kiosk-rig';

/**
 * Health (overall, readiness, liveness) and Prometheus metrics from the real kiosk after real
 * taps: open without a token while the API listens on loopback; opened to the network, they need
 * a token, and a monitor token may read them and nothing else.
 */
const UID = '04ABC0FFEE0001';
const UNKNOWN = '04ABC0FFEE0002';

describe('health and metrics', () => {
  let rig: KioskRig;
  let monitor = '';

  beforeAll(async () => {
    rig = await KioskRig.start({
      vpcdPort: 0x9dd0,
      prepare: (r) => {
        r.cli(['holder', 'add', '--group', 'Everyone', '--name', 'Metric Mo', '--uid', UID]);
        monitor = r.createToken('prometheus', 'monitor');
      },
    });
    await rig.tap(UID);
    await rig.tap(UNKNOWN);
  });
  afterAll(() => rig?.stop());

  const get = (path: string, token?: string) =>
    fetch(`${rig.kiosk.url}${path}`, {
      headers: token ? { authorization: `Bearer ${token}` } : {},
    });

  /** The value of one sample line of the exposition text. */
  const sample = (text: string, series: string) => {
    const line = text.split('\n').find((l) => l.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  };

  it('says ready and live', async () => {
    const ready = await get('/api/v1/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({
      status: 'ok',
      details: { service: { phase: 'ready' }, database: { status: 'up' } },
    });
    const live = await get('/api/v1/health/live');
    expect(live.status).toBe(200);
    expect(await live.json()).toMatchObject({ details: { process: { status: 'up' } } });
    // No cache between a monitor and the answer (terminus's HealthCheck, which the controller
    // now calls without its OpenAPI part: openapi.decorators.ts).
    for (const answer of [ready, live])
      expect(answer.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
  });

  it('counts the taps, times them, and reports the doors, readers and audit log', async () => {
    const res = await get('/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await res.text();
    const decisions = (outcome: string, reason: string) =>
      sample(text, `kiosk_decisions_total{door="main",outcome="${outcome}",reason="${reason}"}`);
    expect(decisions('granted', '')).toBe(1);
    expect(decisions('denied', 'unknown')).toBe(1);
    expect(sample(text, 'kiosk_decision_seconds_count')).toBe(2);
    expect(sample(text, 'kiosk_tap_to_door_seconds_count{door="main",outcome="granted"}')).toBe(1);
    expect(sample(text, 'kiosk_door_board_online{door="main"}')).toBe(1);
    expect(sample(text, 'kiosk_card_readers_present')).toBe(2);
    expect(sample(text, 'kiosk_pcsc_service_up')).toBe(1);
    expect(sample(text, 'kiosk_audit_writable')).toBe(1);
    expect(sample(text, 'kiosk_audit_sequence')).toBe(rig.audit().at(-1)!.seq);
    expect(sample(text, 'kiosk_process_resident_memory_bytes')).toBeGreaterThan(0);
    expect(sample(text, 'kiosk_process_anonymous_memory_bytes')).toBeGreaterThan(0);
    // Nothing about a holder or a card in it.
    expect(text).not.toMatch(new RegExp(`${UID}|${UNKNOWN}|Metric Mo`));
  });

  it('needs a token once the API listens on the network; a monitor token reads health and metrics only', async () => {
    // Health without a token is now 401: the kiosk is up once it answers at all.
    await rig.restartKiosk({ KIOSK_HTTP_HOST: '0.0.0.0' }, { until: 'answering' });
    for (const path of [
      '/metrics',
      '/api/v1/health',
      '/api/v1/health/ready',
      '/api/v1/health/live',
    ])
      expect([path, (await get(path)).status]).toEqual([path, 401]);
    for (const path of [
      '/metrics',
      '/api/v1/health',
      '/api/v1/health/ready',
      '/api/v1/health/live',
    ])
      expect([path, (await get(path, monitor)).status]).toEqual([path, 200]);
    for (const path of ['/api/v1/holders', '/api/v1/doors', '/api/v1/audit'])
      expect([path, (await get(path, monitor)).status]).toEqual([path, 403]);
  });
});
