import type { ReaderManager, PcscdProbeResult } from '@kiosk/card';
import type { PinoLogger } from 'nestjs-pino';
import type { AuditService } from '../audit/audit.service';
import type { AuditRecordInput } from '../audit/audit-event';
import type { DoorsService, OutOfServiceReason } from '../doors/doors.service';
import { Watchdog, WATCHDOG_LIMITS } from './watchdog';

/** The parts the watchdog looks at, played by the spec. */
function aWatchdog() {
  const parts = {
    pcscd: { answering: true, protocol: '4.4', ms: 1 } as PcscdProbeResult,
    readerService: 'up' as 'up' | 'lost' | 'stopped',
    readerRestarts: 0,
    busAgeMs: 40 as number | null,
    busRestarts: 0,
    busRestartFails: false,
    outOfService: new Set<OutOfServiceReason>(),
    records: [] as AuditRecordInput[],
  };
  const readers = {
    status: () => ({ service: parts.readerService, readers: [] }),
    stop: () => Promise.resolve(),
    start: () => {
      parts.readerRestarts += 1;
      parts.readerService = 'up';
      return Promise.resolve();
    },
  } as unknown as ReaderManager;
  const doors = {
    pollLoopAgeMs: () => parts.busAgeMs,
    restartBus: () => {
      parts.busRestarts += 1;
      return parts.busRestartFails
        ? Promise.reject(new Error('the line would not close'))
        : Promise.resolve();
    },
    setOutOfService: (reason: OutOfServiceReason, out: boolean) =>
      out ? parts.outOfService.add(reason) : parts.outOfService.delete(reason),
  } as unknown as DoorsService;
  const audit = {
    record: (input: AuditRecordInput) => {
      parts.records.push(input);
      return Promise.resolve({ seq: parts.records.length, at: '', hash: '' });
    },
  } as unknown as AuditService;
  const silent = { info: () => undefined, error: () => undefined } as unknown as PinoLogger;
  const watchdog = new Watchdog(readers, doors, audit, silent);
  watchdog.probes = { pcscd: () => Promise.resolve(parts.pcscd), now: () => performance.now() };
  const outcomes = () => parts.records.map((r) => r.outcome);
  return { watchdog, parts, outcomes };
}

describe('Watchdog', () => {
  it('says nothing while every part is fine', async () => {
    const { watchdog, outcomes } = aWatchdog();
    await watchdog.check();
    await watchdog.check();
    expect(outcomes()).toEqual([]);
    expect(watchdog.status().pcscd).toEqual({ answering: true, problem: null });
    expect(watchdog.alive()).toBe(true);
  });

  it('finds pcscd not answering: out of service, recorded once; back: in service, reading restarted when it had given up', async () => {
    const { watchdog, parts, outcomes } = aWatchdog();
    await watchdog.check();
    parts.pcscd = { answering: false, problem: 'pcscd does not answer within 2000 ms' };
    await watchdog.check();
    await watchdog.check();
    expect(outcomes()).toEqual(['pcscd-not-answering']);
    expect(parts.records[0]).toMatchObject({ reason: 'pcscd does not answer within 2000 ms' });
    expect(parts.outOfService).toEqual(new Set(['card-service-not-answering']));
    expect(watchdog.status().pcscd.answering).toBe(false);

    parts.readerService = 'lost';
    parts.pcscd = { answering: true, protocol: '4.4', ms: 1 };
    await watchdog.check();
    expect(outcomes()).toEqual(['pcscd-not-answering', 'pcscd-answering']);
    expect(parts.records[1]!.detail).toEqual({ device: 'pcscd', readersRestarted: true });
    expect(parts.readerRestarts).toBe(1);
    expect(parts.outOfService.size).toBe(0);
  });

  it('leaves card reading alone when it came back by itself', async () => {
    const { watchdog, parts } = aWatchdog();
    parts.pcscd = { answering: false, problem: 'stopped' };
    await watchdog.check();
    parts.pcscd = { answering: true, protocol: '4.4', ms: 1 };
    await watchdog.check();
    expect(parts.readerRestarts).toBe(0);
    expect(parts.records[1]!.detail).toEqual({ device: 'pcscd', readersRestarted: false });
  });

  it('restarts a door bus whose poll loop is stuck, once; stuck again, liveness fails', async () => {
    const { watchdog, parts, outcomes } = aWatchdog();
    parts.busAgeMs = WATCHDOG_LIMITS.busStuckMs + 1;
    await watchdog.check();
    expect(parts.busRestarts).toBe(1);
    expect(outcomes()).toEqual(['door-bus-stuck']);
    expect(parts.records[0]!.detail).toMatchObject({ restarted: true });
    expect(watchdog.alive()).toBe(true); // the restart may cure it
    await watchdog.check(); // still stuck at the next look: the process must go
    expect(parts.busRestarts).toBe(1);
    expect(watchdog.alive()).toBe(false);
    parts.busAgeMs = 30;
    await watchdog.check();
    expect(outcomes()).toEqual(['door-bus-stuck', 'door-bus-turning']);
    expect(watchdog.alive()).toBe(true);
  });

  it('records a bus restart that failed as such', async () => {
    const { watchdog, parts } = aWatchdog();
    parts.busAgeMs = WATCHDOG_LIMITS.busStuckMs + 1;
    parts.busRestartFails = true;
    await watchdog.check();
    expect(parts.records[0]!.detail).toMatchObject({ restarted: false });
  });

  it('takes no stopped bus for a stuck one', async () => {
    const { watchdog, parts, outcomes } = aWatchdog();
    parts.busAgeMs = null;
    await watchdog.check();
    expect(outcomes()).toEqual([]);
  });

  it('records an event loop that stood still past the limit, with how long', () => {
    const { watchdog, parts, outcomes } = aWatchdog();
    watchdog.pulse(WATCHDOG_LIMITS.stallMs - 1);
    expect(outcomes()).toEqual([]);
    watchdog.pulse(3456.4);
    expect(outcomes()).toEqual(['event-loop-stalled']);
    expect(parts.records[0]!.detail).toEqual({ stalledMs: 3456 });
    expect(watchdog.status().lastStall).toMatchObject({ stalledMs: 3456 });
  });
});
