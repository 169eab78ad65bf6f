import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PtyDoorBoard } from './harness/door-board-pty';
import { enrolledSite } from './harness/enrolled-site';
import { randomUid } from './harness/kiosk-database';
import { startKiosk } from './harness/kiosk-service';
import { round, type BenchOptions, type BenchOutcome } from './harness/report';
import { megabytesInMiB, slope } from './harness/stats';
import { BenchPcscd, PCSCD_SOCKET } from './harness/vpcd-pcscd';

const PORT = 0x9e40 + 0x1c0;
/** Enrolled cards to tap in turn; every fourth tap is a card nobody enrolled (a refusal). */
const ENROLLED = 1_000;
/** RSS readings along the taps: the trend is fitted through those of the second half. */
const READINGS = 50;

/**
 * Memory: the built kiosk's RSS idle after start-up, then along `taps` card reads by the door
 * board's own OSDP reader (osdp_RAW, one per poll: the fastest a board can send them). The kiosk
 * decides at most one read a second per reader after a burst of five (ReaderPace); the rest it
 * counts as too fast and records once a window, so this drives mostly the counting path, with a
 * decision, an audit record and a strike about once a second: a faulty reader's load, the most a
 * reader can put on the kiosk. Growth is the slope of a least-squares line
 * through the RSS readings of the second half (the first fills caches and the heap), in MiB per
 * 10,000 taps. pcscd runs (with vpcd, no card): without it the kiosk puts its doors out of
 * service and would refuse the taps.
 */
export async function memoryBench(options: BenchOptions): Promise<BenchOutcome> {
  const taps = options.smoke ? 300 : Number(process.env.BENCH_MEMORY_TAPS ?? 100_000);
  mkdirSync(options.workDir, { recursive: true });
  const dir = mkdtempSync(join(options.workDir, 'kiosk-memory-'));
  const enrolled = await enrolledSite(dir, ENROLLED);
  const pcscd = await BenchPcscd.start();
  const board = await PtyDoorBoard.start();
  const readings: Array<[number, number]> = [];
  let idle: number;
  try {
    const kiosk = await startKiosk(dir, PORT, 60_000, {
      KIOSK_DOOR_PORT: board.acuPath,
      KIOSK_DOOR_PULSE_MS: '100',
      PCSCLITE_CSOCK_NAME: PCSCD_SOCKET,
    });
    try {
      await board.waitForPresentCard();
      await sleep(options.smoke ? 200 : 3_000);
      idle = kiosk.rssMiB();
      const every = Math.max(1, Math.floor(taps / READINGS));
      const started = Date.now();
      for (let i = 0; i < taps; i++) {
        const uid = i % 4 === 3 ? randomUid() : enrolled[i % ENROLLED]!;
        // The read goes out on the next poll; the next card waits for the poll after it.
        const poll = board.nextPoll();
        board.simulator.presentCard(Buffer.from(uid, 'hex'));
        await poll;
        if ((i + 1) % every === 0) readings.push([i + 1, kiosk.rssMiB()]);
        if ((i + 1) % 10_000 === 0)
          options.log(`memory: ${i + 1} taps in ${Math.round((Date.now() - started) / 1000)} s`);
      }
    } finally {
      await kiosk.stop();
    }
  } finally {
    await board.stop();
    await pcscd.stop();
    rmSync(dir, { recursive: true, force: true });
  }
  const secondHalf = readings.slice(Math.floor(readings.length / 2));
  const per10k = slope(secondHalf) * 10_000;
  const rss = readings.map(([, mib]) => mib);
  return {
    rows: [
      {
        benchmark: 'memory',
        case: 'idle RSS after start-up, door board on a pty',
        unit: 'MiB',
        product: { rss: round(idle, 1) },
        floor: null,
        ratio: null,
        target: '< 120 MB idle',
        met: idle < megabytesInMiB(120),
      },
      {
        benchmark: 'memory',
        case: `RSS along ${taps} OSDP reader taps (slope: second half, per 10k taps)`,
        unit: 'MiB',
        product: {
          first: round(rss[0] ?? NaN, 1),
          last: round(rss.at(-1) ?? NaN, 1),
          max: round(Math.max(...rss), 1),
          slopePer10kTaps: round(per10k, 2),
        },
        floor: null,
        ratio: null,
        target: 'no growth trend (< 1 MiB per 10k taps)',
        met: per10k < 1,
      },
    ],
  };
}
