import { AccessModule } from '../apps/kiosk/src/access/access.module';
import { HoldersCsvService } from '../apps/kiosk/src/holders/holders-csv.service';
import { openKioskDatabase, populateCredentials, randomUid } from './harness/kiosk-database';
import { round, type BenchOptions, type BenchOutcome } from './harness/report';
import { now, msSince, ratio } from './harness/stats';

const ACTOR = { kind: 'cli', user: 'bench' } as const;

/** A holders file as `kiosk holder import` takes it: a name, the Everyone group, one UID card. */
function holdersCsv(uids: readonly string[]): string {
  const lines = ['name,groups,uids'];
  uids.forEach((uid, i) => lines.push(`Holder ${i},Everyone,${uid}`));
  return lines.join('\n') + '\n';
}

/**
 * Bulk import: HoldersCsvService.importCsv (parse, check every line, one transaction with the
 * allowlist revisions and the audit record), beside raw inserts of as many holders, group
 * memberships and cards in one transaction with statements prepared once.
 */
export async function bulkImportBench(options: BenchOptions): Promise<BenchOutcome> {
  const count = options.smoke ? 50 : 100_000;
  // The cards' values are the input, made before either side's timer: the same for both.
  const uids = Array.from({ length: count }, randomUid);
  const csv = holdersCsv(uids);
  const product = await openKioskDatabase(options.workDir, [AccessModule]);
  let productMs: number;
  try {
    const importer = product.db.module.get(HoldersCsvService, { strict: false });
    const start = now();
    const report = await importer.importCsv(csv, false, ACTOR);
    productMs = msSince(start);
    if (report.holders !== count) throw new Error(`imported ${report.holders} of ${count}`);
  } finally {
    await product.close();
  }
  const raw = await openKioskDatabase(options.workDir, []);
  let rawMs: number;
  try {
    const start = now();
    // The same cards, and no ANALYZE after (the import runs none).
    populateCredentials(raw.db.outside(), count, [raw.db.everyoneGroupId()], 1, {
      uids,
      analyze: false,
    });
    rawMs = msSince(start);
  } finally {
    await raw.close();
  }
  options.log(`bulk-import ${count}: ${round(productMs)} ms vs raw ${round(rawMs)} ms`);
  return {
    rows: [
      {
        benchmark: 'bulk-import',
        case: `${count} holders with a card, from CSV`,
        unit: 'ms',
        product: { ms: round(productMs, 0), rowsPerSecond: round((count / productMs) * 1000, 0) },
        floor: { ms: round(rawMs, 0), rowsPerSecond: round((count / rawMs) * 1000, 0) },
        ratio: { time: round(ratio(productMs, rawMs)) },
        target: 'within 3x of raw',
        met: productMs <= 3 * rawMs,
      },
    ],
  };
}
