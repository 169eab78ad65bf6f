import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { anonymousRssBytes } from './process-memory';

/** What the gauges read when Prometheus scrapes: the live state, not a copy kept in step. */
export interface KioskMetricsSources {
  doors: () => readonly { id: string; online: boolean }[];
  readers: () => { service: 'up' | 'lost' | 'stopped'; readers: readonly string[] };
  auditHead: () => number;
  auditWritable: () => boolean;
}

/**
 * The kiosk's Prometheus metrics, in a registry of its own (prom-client's global one would be
 * shared by every Nest app a test process builds). Names follow Prometheus' conventions: base
 * units (seconds, bytes), `_total` for counters; labels hold only bounded values (outcomes, deny
 * reasons, door ids), never a holder or a card.
 */
export class KioskMetrics {
  readonly registry = new Registry();

  private readonly decisions = new Counter({
    name: 'kiosk_decisions_total',
    help: 'Access decisions, by door, outcome and deny reason ("" when granted)',
    labelNames: ['door', 'outcome', 'reason'] as const,
    registers: [this.registry],
  });

  /** The rule's own time, in process: well under a millisecond. */
  private readonly decisionSeconds = new Histogram({
    name: 'kiosk_decision_seconds',
    help: 'Time to look up the credential and decide, in process',
    buckets: [0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.05],
    registers: [this.registry],
  });

  /** From the card's read starting to the door board's acknowledgement: what a person waits. */
  private readonly tapToDoorSeconds = new Histogram({
    name: 'kiosk_tap_to_door_seconds',
    help: 'Time from a card read starting to the door board acknowledging the decision',
    labelNames: ['door', 'outcome'] as const,
    buckets: [0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1, 2, 5],
    registers: [this.registry],
  });

  private readonly writeFailures = new Counter({
    name: 'kiosk_audit_write_failures_total',
    help: 'Writes that failed for lack of storage (the audit log could not be written)',
    registers: [this.registry],
  });

  constructor(sources: KioskMetricsSources) {
    collectDefaultMetrics({ register: this.registry, prefix: 'kiosk_' });
    gauge(
      this.registry,
      'kiosk_door_board_online',
      'Door board online (1) or not (0)',
      ['door'],
      (g) => {
        g.reset();
        for (const door of sources.doors()) g.set({ door: door.id }, door.online ? 1 : 0);
      },
    );
    gauge(this.registry, 'kiosk_card_readers_present', 'PC/SC readers attached', [], (g) =>
      g.set(sources.readers().readers.length),
    );
    gauge(this.registry, 'kiosk_pcsc_service_up', 'pcscd reachable (1) or not (0)', [], (g) =>
      g.set(sources.readers().service === 'up' ? 1 : 0),
    );
    gauge(
      this.registry,
      'kiosk_audit_sequence',
      'Sequence number of the last audit record',
      [],
      (g) => g.set(sources.auditHead()),
    );
    gauge(
      this.registry,
      'kiosk_audit_writable',
      'Audit log can be written (1) or not (0)',
      [],
      (g) => g.set(sources.auditWritable() ? 1 : 0),
    );
    // Beside prom-client's kiosk_process_resident_memory_bytes, which counts the mapped database.
    gauge(
      this.registry,
      'kiosk_process_anonymous_memory_bytes',
      "Resident memory of the process's own (RssAnon): the RSS without mapped files",
      [],
      (g) => {
        const bytes = anonymousRssBytes();
        if (bytes !== null) g.set(bytes);
      },
    );
  }

  decided(door: string, outcome: string, reason: string | null, decideMs: number | null): void {
    this.decisions.inc({ door, outcome, reason: reason ?? '' });
    if (decideMs !== null) this.decisionSeconds.observe(decideMs / 1000);
  }

  doorAcknowledged(door: string, outcome: string, seconds: number): void {
    this.tapToDoorSeconds.observe({ door, outcome }, seconds);
  }

  writeFailed(): void {
    this.writeFailures.inc();
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

/** A gauge read from its source at each scrape (it registers itself in `registry`). */
function gauge<L extends string>(
  registry: Registry,
  name: string,
  help: string,
  labelNames: readonly L[],
  read: (g: Gauge<L>) => void,
): void {
  new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      read(this);
    },
  });
}
