import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { AuditModule } from '../apps/kiosk/src/audit/audit.module';
import { openTestDatabase } from '../apps/kiosk/src/testing/test-database';
import { createToken, kioskEnv, startKiosk } from './harness/kiosk-service';
import { round, type BenchOptions, type BenchOutcome, type BenchRow } from './harness/report';
import { megabytesInMiB, now, msSince, ratio } from './harness/stats';

/** `count` access decisions in the log, chained by prev_hash, written straight into the table. */
async function fillAuditLog(dir: string, count: number): Promise<void> {
  const db = await openTestDatabase([AuditModule], kioskEnv(dir));
  try {
    const outside = db.outside();
    const insert = outside.prepare(
      `INSERT INTO audit_events (at, type, door_id, reader, credential_kind, credential_display,
         holder_id, outcome, reason, detail, prev_hash, hash)
       VALUES (?, 'access-decision', 'main', 'Virtual PCD 00 00', 'uid', ?, ?, ?, ?, ?, ?, ?)`,
    );
    const start = Date.now() - count * 1000;
    outside.transaction(() => {
      let prev =
        (
          outside.prepare('SELECT hash FROM audit_events ORDER BY seq DESC LIMIT 1').get() as
            { hash: string } | undefined
        )?.hash ?? '0'.repeat(64);
      for (let i = 0; i < count; i++) {
        const hash = randomBytes(32).toString('hex');
        const granted = i % 5 !== 0;
        insert.run(
          new Date(start + i * 1000).toISOString(),
          randomBytes(7).toString('hex').toUpperCase(),
          granted ? '6f1c1a3e-0d6b-4f53-9a57-6a0f3e0b1c2d' : null,
          granted ? 'granted' : 'denied',
          granted ? null : 'unknown',
          '{"cardKind":"contactless-storage","readMs":41,"decideMs":0.1,"doorOnline":true}',
          prev,
          hash,
        );
        prev = hash;
      }
    })();
  } finally {
    await db.close();
  }
}

/** Reads a response body to the end, counting its lines; resolves with the time it took. */
async function download(url: string, token: string): Promise<{ ms: number; lines: number }> {
  const start = now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (!response.ok || !response.body) throw new Error(`${url}: ${response.status}`);
  let lines = 0;
  for await (const chunk of response.body as AsyncIterable<Uint8Array>)
    for (const byte of chunk) if (byte === 10) lines++;
  return { ms: msSince(start), lines };
}

/** The floor: `sqlite3 -csv` writing the whole table, read to the end by this process. */
function sqliteCliCsv(dbPath: string): Promise<{ ms: number; lines: number }> {
  const start = now();
  const child = spawn(
    'sqlite3',
    ['-readonly', '-csv', '-header', dbPath, 'SELECT * FROM audit_events ORDER BY seq'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  let lines = 0;
  child.stdout.on('data', (chunk: Buffer) => {
    for (const byte of chunk) if (byte === 10) lines++;
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) =>
      code === 0
        ? resolve({ ms: msSince(start), lines })
        : reject(new Error(`sqlite3 exited ${code}`)),
    );
  });
}

/**
 * Audit export: the whole log over HTTP as CSV and as NDJSON (streamed, ending with the signed
 * checkpoint), rows per second and the service's peak RSS, beside the sqlite3 CLI's CSV.
 */
export async function auditExportBench(options: BenchOptions): Promise<BenchOutcome> {
  // A peak that grows with the range is a leak or a stream without backpressure; a flat one is not.
  const sizes = options.smoke
    ? [200]
    : (process.env.BENCH_EXPORT_SIZES?.split(',').map(Number) ?? [1_000_000]);
  const rows: BenchRow[] = [];
  for (const count of sizes) rows.push(...(await exportRows(options, count)));
  return { rows };
}

async function exportRows(options: BenchOptions, count: number): Promise<BenchRow[]> {
  mkdirSync(options.workDir, { recursive: true });
  const dir = mkdtempSync(join(options.workDir, 'kiosk-export-'));
  const rows: BenchRow[] = [];
  try {
    await fillAuditLog(dir, count);
    const token = createToken(dir, 'auditor');
    const cli = await sqliteCliCsv(join(dir, 'kiosk.db'));
    for (const format of ['csv', 'ndjson'] as const) {
      const kiosk = await startKiosk(dir);
      try {
        // The export's own peak, not the start's: the start grows V8's young generation to its
        // largest, and the service gives it back a second after ready (start-up-memory.ts); an
        // export comes to a running service. So the service settles first, as for the idle RSS
        // (startup.bench.ts), and the high-water mark starts again from there.
        await sleep(options.smoke ? 200 : 3_000);
        const baseline = kiosk.rssMiB();
        kiosk.resetPeakRss();
        const got = await download(
          `http://127.0.0.1:${kiosk.port}/api/v1/audit/export?format=${format}`,
          token,
        );
        const peak = kiosk.peakRssMiB();
        if (got.lines < count)
          throw new Error(`the ${format} export had ${got.lines} lines for ${count} records`);
        const perSecond = (count / got.ms) * 1000;
        const cliPerSecond = (count / cli.ms) * 1000;
        options.log(
          `audit-export ${count} ${format}: ${round(perSecond, 0)} rows/s, peak ${round(peak, 1)} MiB`,
        );
        rows.push({
          benchmark: 'audit-export',
          case: `${count} events as ${format.toUpperCase()} over HTTP`,
          unit: 'rows/s, MiB',
          product: {
            rowsPerSecond: round(perSecond, 0),
            peakRssMiB: round(peak, 1),
            rssBeforeMiB: round(baseline, 1),
          },
          floor: { rowsPerSecond: round(cliPerSecond, 0) },
          ratio: { time: round(ratio(got.ms, cli.ms)) },
          target: '>= 150k rows/s; peak RSS < 150 MB; ratio to the CLI reported',
          met: perSecond >= 150_000 && peak < megabytesInMiB(150),
        });
      } finally {
        await kiosk.stop();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}
