import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { PtyDoorBoard } from './harness/door-board-pty';
import { enrolledSite } from './harness/enrolled-site';
import { randomUid } from './harness/kiosk-database';
import { startKiosk } from './harness/kiosk-service';
import { round, type BenchOptions, type BenchOutcome } from './harness/report';
import { megabytesInMiB, slope } from './harness/stats';
import { BenchPcscd } from './harness/vpcd-pcscd';

/** Enrolled cards to tap in turn; every fourth tap is a card nobody enrolled (a refusal). */
const ENROLLED = 1_000;
/** RSS readings along the taps: the trend is fitted through those of the second half. */
const READINGS = 50;
/** vpcd's ports of this benchmark's own pcscd (no card ever enters): no other pcscd's. */
const VPCD_PORT = 0x9e52;
/**
 * Door boards on the bus, one door each: the kiosk polls every board each cycle, so each adds a
 * read a cycle (one board alone: about 20 reads a second, 100,000 in 85 minutes).
 */
const BOARDS = 5;

/**
 * Memory: the built kiosk's RSS idle after start-up, then along `taps` card reads by the OSDP
 * readers of `BOARDS` door boards on one bus (osdp_RAW, each board one a poll: the fastest a
 * board can send them), a door on each. The kiosk decides at most one read a second per reader
 * after a burst of five (ReaderPace); the rest it counts as too fast and records once a window,
 * so this drives mostly the counting path, with a decision, an audit record and a strike about
 * once a second per door: a faulty reader's load, the most a reader can put on the kiosk. How
 * many were decided and how many counted is read back from the audit log. Growth is the slope of
 * a least-squares line through the RSS readings of the second half (the first fills caches and
 * the heap), in MiB per 10,000 taps. pcscd runs (with vpcd, no card), a private one
 * (BenchPcscd.startPrivate), so this holds no lock for its hour: without pcscd the kiosk would
 * run with its card service lost, its LCDs out of service and its PC/SC transport retrying.
 */
export async function memoryBench(options: BenchOptions): Promise<BenchOutcome> {
  const taps = options.smoke ? 300 : Number(process.env.BENCH_MEMORY_TAPS ?? 100_000);
  mkdirSync(options.workDir, { recursive: true });
  const dir = mkdtempSync(join(options.workDir, 'kiosk-memory-'));
  const enrolled = await enrolledSite(dir, ENROLLED);
  const pcscd = await BenchPcscd.startPrivate(VPCD_PORT);
  const addresses = Array.from({ length: BOARDS }, (_, address) => address);
  const board = await PtyDoorBoard.start(addresses);
  // [taps, RSS, RssAnon]: the RSS counts the mapped database's pages too (database.mmapMb).
  const readings: Array<[number, number, number]> = [];
  let idle: number;
  let tapSeconds: number;
  let paced: PacedTaps;
  try {
    const kiosk = await startKiosk(dir, 60_000, {
      KIOSK_DOOR_PORT: board.acuPath,
      KIOSK_DOORS: JSON.stringify(
        addresses.map((address) => ({
          id: `door-${address}`,
          address,
          relay: 0,
          contactInput: 0,
          pulseMs: 100,
          // The PC/SC readers (no card ever comes) stay on the first door, as on one door alone.
          readers: address === 0 ? ['Virtual PCD'] : [],
        })),
      ),
      PCSCLITE_CSOCK_NAME: pcscd.socket,
    });
    try {
      await board.waitForPresentCard();
      await sleep(options.smoke ? 200 : 3_000);
      idle = kiosk.rssMiB();
      const every = Math.max(1, Math.floor(taps / READINGS));
      const started = Date.now();
      let i = 0;
      while (i < taps) {
        // One card on each board's reader; each goes out on its board's next poll, and the next
        // cards wait for the polls after those.
        const polls: Promise<bigint>[] = [];
        for (const simulator of board.simulators.slice(0, taps - i)) {
          const uid = i % 4 === 3 ? randomUid() : enrolled[i % ENROLLED]!;
          polls.push(board.nextPoll(5_000, simulator));
          simulator.presentCard(Buffer.from(uid, 'hex'));
          i += 1;
          if (i % every === 0) readings.push([i, NaN, NaN]);
          if (i % 10_000 === 0)
            options.log(`memory: ${i} taps in ${Math.round((Date.now() - started) / 1000)} s`);
        }
        await Promise.all(polls);
        for (const reading of readings) {
          if (!Number.isNaN(reading[1])) continue;
          reading[1] = kiosk.rssMiB();
          reading[2] = kiosk.anonymousRssMiB();
        }
      }
      tapSeconds = (Date.now() - started) / 1000;
    } finally {
      await kiosk.stop();
    }
    paced = pacedTaps(join(dir, 'kiosk.db'));
  } finally {
    await board.stop();
    await pcscd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const secondHalf = readings.slice(Math.floor(readings.length / 2));
  const per10k = slope(secondHalf.map(([at, rss]) => [at, rss] as const)) * 10_000;
  const anonymousPer10k =
    slope(secondHalf.map(([at, , anonymous]) => [at, anonymous] as const)) * 10_000;
  const rss = readings.map(([, mib]) => mib);
  const anonymous = readings.map(([, , mib]) => mib);
  return {
    rows: [
      {
        benchmark: 'memory',
        case: `idle RSS after start-up, ${BOARDS} door boards on a pty`,
        unit: 'MiB',
        product: { rss: round(idle, 1) },
        floor: null,
        ratio: null,
        target: '< 120 MB idle',
        met: idle < megabytesInMiB(120),
      },
      {
        benchmark: 'memory',
        case: `RSS along ${taps} OSDP reader taps on ${BOARDS} boards (slope: second half, per 10k taps)`,
        unit: 'MiB',
        product: {
          first: round(rss[0] ?? NaN, 1),
          last: round(rss.at(-1) ?? NaN, 1),
          max: round(Math.max(...rss), 1),
          slopePer10kTaps: round(per10k, 2),
          anonymousSlopePer10kTaps: round(anonymousPer10k, 2),
        },
        floor: null,
        ratio: null,
        target: 'no growth trend (< 1 MiB per 10k taps)',
        met: per10k < 1,
        note: `${BOARDS} doors, a board each; ${round(tapSeconds)} s of taps (${round(taps / tapSeconds, 1)} a second); decided: ${paced.decided} (${paced.granted} granted), counted as too fast: ${paced.tooFast}, as repeats: ${paced.repeated} (the audit log's records); RSS readings, MiB, one every ${readings[0]?.[0] ?? 0} taps: ${rss.map((mib) => round(mib, 1)).join(', ')}; of which the process's own (RssAnon, without mapped files): ${anonymous.map((mib) => round(mib, 1)).join(', ')}`,
      },
    ],
  };
}

interface PacedTaps {
  decided: number;
  granted: number;
  tooFast: number;
  repeated: number;
}

/** What became of the taps, from the audit log: decisions, and the reads ReaderPace counted. */
function pacedTaps(file: string): PacedTaps {
  const db = new Database(file, { readonly: true });
  try {
    const counted = (reason: string) =>
      (
        db
          .prepare(
            `SELECT coalesce(sum(json_extract(detail, '$.count')), 0) AS n FROM audit_events
             WHERE type = 'card-read-incomplete' AND reason = ?`,
          )
          .get(reason) as { n: number }
      ).n;
    const decisions = db
      .prepare(
        `SELECT count(*) AS decided, coalesce(sum(outcome = 'granted'), 0) AS granted
         FROM audit_events WHERE type = 'access-decision'`,
      )
      .get() as { decided: number; granted: number };
    return { ...decisions, tooFast: counted('too-fast'), repeated: counted('repeated') };
  } finally {
    db.close();
  }
}
