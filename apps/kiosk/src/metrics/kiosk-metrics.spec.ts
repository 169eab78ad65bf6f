import { KioskMetrics, type KioskMetricsSources } from './kiosk-metrics';

function aMetrics(overrides: Partial<KioskMetricsSources> = {}) {
  const state = {
    doors: [
      { id: 'front', online: true },
      { id: 'back', online: false },
    ],
    readers: { service: 'up' as const, readers: ['Reader A', 'Reader B'] },
    head: 41,
    writable: true,
  };
  const metrics = new KioskMetrics({
    doors: () => state.doors,
    readers: () => state.readers,
    auditHead: () => state.head,
    auditWritable: () => state.writable,
    ...overrides,
  });
  return { metrics, state };
}

/** The value of one sample line, e.g. `kiosk_audit_sequence 41`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('KioskMetrics', () => {
  it('counts decisions by door, outcome and reason, and times them in seconds', async () => {
    const { metrics } = aMetrics();
    metrics.decided('front', 'granted', null, 0.2);
    metrics.decided('front', 'granted', null, 0.4);
    metrics.decided('back', 'denied', 'unknown', null);
    const text = await metrics.text();
    expect(sample(text, 'kiosk_decisions_total{door="front",outcome="granted",reason=""}')).toBe(2);
    expect(
      sample(text, 'kiosk_decisions_total{door="back",outcome="denied",reason="unknown"}'),
    ).toBe(1);
    expect(sample(text, 'kiosk_decision_seconds_count')).toBe(2);
    expect(sample(text, 'kiosk_decision_seconds_sum')).toBeCloseTo(0.0006, 6);
    expect(sample(text, 'kiosk_decision_seconds_bucket{le="0.0005"}')).toBe(2);
  });

  it('puts each tap-to-door time in its bucket, by door and outcome', async () => {
    const { metrics } = aMetrics();
    metrics.doorAcknowledged('front', 'granted', 0.12);
    const text = await metrics.text();
    const series = (le: string) =>
      `kiosk_tap_to_door_seconds_bucket{le="${le}",door="front",outcome="granted"}`;
    expect(sample(text, series('0.1'))).toBe(0);
    expect(sample(text, series('0.15'))).toBe(1);
  });

  it('reads the gauges from their sources at each scrape', async () => {
    const { metrics, state } = aMetrics();
    let text = await metrics.text();
    expect(sample(text, 'kiosk_door_board_online{door="front"}')).toBe(1);
    expect(sample(text, 'kiosk_door_board_online{door="back"}')).toBe(0);
    expect(sample(text, 'kiosk_card_readers_present')).toBe(2);
    expect(sample(text, 'kiosk_pcsc_service_up')).toBe(1);
    expect(sample(text, 'kiosk_audit_sequence')).toBe(41);
    expect(sample(text, 'kiosk_audit_writable')).toBe(1);

    state.doors = [{ id: 'front', online: false }];
    state.readers = { service: 'lost' as never, readers: [] };
    state.head = 42;
    state.writable = false;
    metrics.writeFailed();
    text = await metrics.text();
    expect(sample(text, 'kiosk_door_board_online{door="front"}')).toBe(0);
    // A door no longer configured is no longer reported.
    expect(sample(text, 'kiosk_door_board_online{door="back"}')).toBeUndefined();
    expect(sample(text, 'kiosk_card_readers_present')).toBe(0);
    expect(sample(text, 'kiosk_pcsc_service_up')).toBe(0);
    expect(sample(text, 'kiosk_audit_sequence')).toBe(42);
    expect(sample(text, 'kiosk_audit_writable')).toBe(0);
    expect(sample(text, 'kiosk_audit_write_failures_total')).toBe(1);
  });

  it("has the process's own metrics (memory, event-loop lag) under the kiosk_ prefix", async () => {
    const text = await new KioskMetrics(aMetricsSources()).text();
    expect(text).toMatch(/^kiosk_process_resident_memory_bytes \d+/m);
    expect(text).toMatch(/^kiosk_nodejs_eventloop_lag_seconds /m);
    // Its own memory without mapped files: above zero, below the whole RSS.
    const anonymous = sample(text, 'kiosk_process_anonymous_memory_bytes')!;
    expect(anonymous).toBeGreaterThan(0);
    expect(anonymous).toBeLessThan(sample(text, 'kiosk_process_resident_memory_bytes')!);
  });

  it('keeps each instance apart (a registry of its own, not the global one)', async () => {
    const one = aMetrics().metrics;
    const two = aMetrics().metrics;
    one.decided('front', 'granted', null, 0.1);
    expect(sample(await two.text(), 'kiosk_decision_seconds_count')).toBe(0);
  });
});

function aMetricsSources(): KioskMetricsSources {
  return {
    doors: () => [],
    readers: () => ({ service: 'up', readers: [] }),
    auditHead: () => 0,
    auditWritable: () => true,
  };
}
