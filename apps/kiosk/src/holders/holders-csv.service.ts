import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import { AccessGroupsRepository } from '../access-groups/access-groups.repository';
import type { AdminActor } from '../audit/admin-actor';
import { AuditService } from '../audit/audit.service';
import { CredentialsService } from '../credentials/credentials.service';
import { UnitOfWork } from '../database/unit-of-work';
import type { WriteTransaction } from '../database/write-transaction';
import { isDomainError } from '../errors/domain-error';
import {
  HOLDER_CSV_COLUMNS,
  HOLDER_CSV_NOTE,
  holderCsvRecord,
  parseHolderCsv,
  type CsvProblem,
  type HolderCsvRow,
} from './holders-csv';
import { HolderImportRefusedError } from './holders.errors';
import { HoldersService } from './holders.service';

/** What an import did, or (a dry run) would do. */
export interface HolderImportReport {
  dryRun: boolean;
  /** Holders made (a dry run: that would be made); 0 when refused. */
  holders: number;
  cards: number;
  /** Every line that cannot be imported, by number; any one refuses the whole file. */
  problems: CsvProblem[];
  /** Rows that named bank cards (masked): not imported, to be enrolled again. */
  panCardsNotImported: number;
}

/** Thrown inside the import's transaction to roll it back (a dry run, or a file with problems). */
class RolledBack extends Error {
  constructor(readonly report: HolderImportReport) {
    super('rolled back');
  }
}

/** Holders pages of this many are read at a time for an export. */
const EXPORT_PAGE = 500;
/**
 * The page cache an import writes with (the default is 2 MB). 100,000 holders with a card add
 * about 70 MiB of tables and indexes, their random keys landing all over the indexes: with the
 * default, most pages were written to the WAL mid-transaction and read back (3.7x the raw
 * inserts, 2.9x with the rows alone made lighter; 1.8x with this). Set back when the import
 * ends.
 */
const IMPORT_PAGE_CACHE_MIB = 64;
/** At most this many rows a file (a big site; the benchmark imports 100,000). */
const MAX_ROWS = 200_000;

/**
 * Bulk import and export of holders as CSV (holders-csv.ts has the format). An import is all or
 * nothing: every row is made by the same code as one holder made through the API, in one
 * transaction; a row that fails (checked before it writes anything) is named, and if any
 * failed (or this is a dry run) the whole transaction is rolled back, so a dry run checks
 * exactly what the import would do.
 */
@Injectable()
export class HoldersCsvService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly holders: HoldersService,
    private readonly credentials: CredentialsService,
    private readonly groups: AccessGroupsRepository,
    private readonly audit: AuditService,
  ) {}

  /** The file, as a stream read page by page: memory stays flat however many holders there are. */
  exportCsv(): Readable {
    const groupNames = new Map(this.groups.all().map((g) => [g.id, g.name]));
    const records = Readable.from(this.records(groupNames));
    const csv = stringify({ header: true, columns: [...HOLDER_CSV_COLUMNS] });
    const out = Readable.from(
      (async function* () {
        yield `${HOLDER_CSV_NOTE}\n`;
        for await (const chunk of records.pipe(csv)) yield chunk as string | Buffer;
      })(),
    );
    return out;
  }

  private *records(groupNames: ReadonlyMap<string, string>) {
    let after: { name: string; id: string } | null = null;
    for (;;) {
      const page = this.holders.page(after, EXPORT_PAGE);
      for (const holder of page) {
        // In order of the card (cards made together have no order of their own): a file
        // exported twice, or exported again after an import, reads the same.
        const cards = this.credentials
          .listForHolderNow(holder.id)
          .filter((c) => c.status === 'active')
          .sort((a, b) => a.display.localeCompare(b.display));
        yield holderCsvRecord(
          holder,
          holder.groupIds.map((id) => groupNames.get(id) ?? id).sort(),
          {
            uids: cards
              .filter((c) => c.kind === 'uid')
              .map((c) => ({ uid: c.display, usesLeft: c.usesLeft })),
            maskedPans: cards.filter((c) => c.kind === 'pan').map((c) => c.display),
          },
        );
      }
      const last = page.at(-1);
      if (page.length < EXPORT_PAGE || !last) return;
      after = { name: last.displayName, id: last.id };
    }
  }

  /**
   * Imports the file, or with `dryRun` only checks it. Refused as a whole (HolderImportRefusedError,
   * with every problem) when any line cannot be imported.
   */
  async importCsv(text: string, dryRun: boolean, actor: AdminActor): Promise<HolderImportReport> {
    const parsed = parseHolderCsv(text);
    if (parsed.rows.length > MAX_ROWS)
      parsed.problems.push({ line: 1, problem: `at most ${MAX_ROWS} holders a file` });
    const panCardsNotImported = parsed.rows.reduce((n, row) => n + row.panCards, 0);
    let report: HolderImportReport;
    try {
      report = await this.unitOfWork.write((tx) => {
        const made = tx.withPageCache(IMPORT_PAGE_CACHE_MIB, () =>
          this.importRowsIn(tx, parsed.rows),
        );
        const problems = [...parsed.problems, ...made.problems].sort((a, b) => a.line - b.line);
        const outcome = { dryRun, ...made, problems, panCardsNotImported };
        if (dryRun || problems.length > 0) throw new RolledBack(outcome);
        this.audit.recordIn(tx, {
          type: 'admin-action',
          outcome: 'holders-imported',
          detail: { actor, holders: made.holders, cards: made.cards, panCardsNotImported },
        });
        return outcome;
      });
    } catch (err) {
      if (!(err instanceof RolledBack)) throw err;
      report = err.report;
    }
    if (!dryRun && report.problems.length > 0) throw new HolderImportRefusedError(report.problems);
    return report;
  }

  private importRowsIn(tx: WriteTransaction, rows: readonly HolderCsvRow[]) {
    const groupIds = new Map(this.groups.all().map((g) => [g.name, g.id]));
    const problems: CsvProblem[] = [];
    let holders = 0;
    let cards = 0;
    const at = new Date();
    for (const row of rows) {
      const unknown = row.groupNames.filter((name) => !groupIds.has(name));
      if (unknown.length > 0) {
        problems.push({
          line: row.line,
          problem: `groups: no access group ${unknown.map((n) => `"${n}"`).join(', ')}`,
        });
        continue;
      }
      try {
        // A row refused writes nothing (createIn checks everything first): no savepoint needed.
        const created = this.holders.createIn(
          tx,
          {
            displayName: row.name,
            lcdName: row.lcdName,
            notes: row.notes,
            visitor: row.visitor,
            status: row.status,
            validFrom: row.validFrom,
            validUntil: row.validUntil,
            groupIds: row.groupNames.map((name) => groupIds.get(name)!),
            uids: row.uids,
          },
          at,
          null,
        );
        holders += 1;
        cards += created.credentials.length;
      } catch (err) {
        if (!isDomainError(err)) throw err;
        problems.push({ line: row.line, problem: err.message });
      }
    }
    return { holders, cards, problems };
  }
}
