import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { AccessModule } from '../apps/kiosk/src/access/access.module';
import { openTestDatabase } from '../apps/kiosk/src/testing/test-database';
import { createGroups, populateCredentials, randomUid } from './harness/kiosk-database';
import { createToken, kioskEnv, startKiosk } from './harness/kiosk-service';
import { round, type BenchOptions, type BenchOutcome, type BenchRow } from './harness/report';
import { ratio } from './harness/stats';

const CONNECTIONS = 50;
const PAGE = 50;
/**
 * The limiter's 300 requests a minute per client would answer 429 within the first second: the
 * bench raises it past anything 50 connections can send, so that it measures the routes. The
 * limiter's own check (an in-memory counter) still runs on every request.
 */
const RATE_LIMIT = '1000000';

/** `count` holders (one card, one or two groups each) in `dir`; returns the group ids. */
async function prepareDatabase(dir: string, count: number): Promise<string[]> {
  const db = await openTestDatabase([AccessModule], kioskEnv(dir));
  try {
    const groups = await createGroups(db);
    populateCredentials(db.outside(), count, groups, 1);
    return groups;
  } finally {
    await db.close();
  }
}

/** Every page's cursor of the holder list, read once through the API (the first page's is ''). */
async function pageCursors(base: string, token: string): Promise<string[]> {
  const cursors = [''];
  for (;;) {
    const cursor = cursors[cursors.length - 1]!;
    const url = `${base}/api/v1/holders?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!response.ok) throw new Error(`GET /api/v1/holders: ${response.status}`);
    const page = (await response.json()) as { next: string | null };
    if (!page.next) return cursors;
    cursors.push(page.next);
  }
}

type Load = Pick<autocannon.Options, 'duration' | 'amount'>;

/** One autocannon run of `request` with 50 connections; refuses a run with any non-2xx answer. */
async function cannon(
  base: string,
  load: Load,
  request: autocannon.Request,
): Promise<autocannon.Result> {
  const result = await autocannon({
    url: base,
    connections: CONNECTIONS,
    ...load,
    requests: [request],
  });
  if (result.non2xx > 0 || result.errors > 0 || result.timeouts > 0)
    throw new Error(
      `${request.method ?? 'GET'} ${request.path}: ${result.non2xx} non-2xx answers ` +
        `(${JSON.stringify(result.statusCodeStats)}), ${result.errors} errors, ${result.timeouts} timeouts`,
    );
  return result;
}

function figures(r: autocannon.Result): Record<string, number> {
  return {
    n: r.requests.total,
    p50: r.latency.p50,
    p99: r.latency.p99,
    max: r.latency.max,
    // Over the whole run: autocannon's own average is per whole second, 0 or n for a short run.
    requestsPerSecond: round(r.requests.total / r.duration, 0),
  };
}

/**
 * The admin API under 50 connections (autocannon): a page of 50 holders, and enrolment of a
 * holder with a new card by its UID, against the built service with `count` holders enrolled,
 * beside GET /api/v1/doors: the cheapest route that passes the same limiter and token guard
 * (an in-memory list; /api/v1/health/live skips both on loopback).
 */
export async function adminApiBench(options: BenchOptions): Promise<BenchOutcome> {
  const count = options.smoke ? 120 : 10_000;
  const load: Load = options.smoke ? { amount: 200 } : { duration: 10 };
  const warmUp: Load = options.smoke ? { amount: 50 } : { duration: 2 };
  mkdirSync(options.workDir, { recursive: true });
  const dir = mkdtempSync(join(options.workDir, 'kiosk-admin-api-'));
  const rows: BenchRow[] = [];
  try {
    const groups = await prepareDatabase(dir, count);
    const token = createToken(dir, 'admin');
    const headers = { authorization: `Bearer ${token}` };
    const kiosk = await startKiosk(dir, 60_000, { KIOSK_HTTP_RATE_LIMIT: RATE_LIMIT });
    try {
      const base = `http://127.0.0.1:${kiosk.port}`;
      const cursors = await pageCursors(base, token);
      let page = 0;
      const doors: autocannon.Request = { method: 'GET', path: '/api/v1/doors', headers };
      const list: autocannon.Request = {
        method: 'GET',
        path: '/api/v1/holders',
        headers,
        // Page after page, round the whole list: each request a different page of 50.
        setupRequest: (req) => {
          const cursor = cursors[page++ % cursors.length]!;
          return {
            ...req,
            path: `/api/v1/holders?limit=${PAGE}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
          };
        },
      };
      let enrolled = 0;
      const enrol: autocannon.Request = {
        method: 'POST',
        path: '/api/v1/holders',
        headers: { ...headers, 'content-type': 'application/json' },
        // Each request a new holder with a card never seen (a UID enrolled twice is a 409).
        setupRequest: (req) => ({
          ...req,
          body: JSON.stringify({
            name: `Bench enrolment ${enrolled++}`,
            groupIds: [groups[enrolled % groups.length]!],
            uids: [randomUid()],
          }),
        }),
      };
      for (const request of [doors, list]) await cannon(base, warmUp, request);
      const floor = await cannon(base, load, doors);
      const listed = await cannon(base, load, list);
      const enrolledRun = await cannon(base, load, enrol);
      const floorAgain = await cannon(base, load, doors);
      const floorFigures = figures(
        floor.latency.p50 <= floorAgain.latency.p50 ? floor : floorAgain,
      );
      options.log(
        `admin-api ${count}: list p99 ${listed.latency.p99} ms, enrol p99 ${enrolledRun.latency.p99} ms, ` +
          `doors p99 ${floorFigures.p99} ms; ${cursors.length} pages`,
      );
      const row = (what: string, r: autocannon.Result, target: string, met: boolean | null) => ({
        benchmark: 'admin-api',
        case: `${what}, ${count} holders, ${CONNECTIONS} connections`,
        unit: 'ms, req/s',
        product: figures(r),
        floor: floorFigures,
        ratio: {
          p50: round(ratio(r.latency.p50, floorFigures.p50!)),
          p99: round(ratio(r.latency.p99, floorFigures.p99!)),
        },
        target,
        met,
      });
      rows.push(
        row(`GET /holders, a page of ${PAGE}`, listed, 'p99 < 50 ms', listed.latency.p99 < 50),
        row('POST /holders, one with a new UID', enrolledRun, 'reported', null),
      );
    } finally {
      await kiosk.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { rows };
}
