import type { KeyObject } from 'node:crypto';
import { Readable } from 'node:stream';
import { Inject, Injectable } from '@nestjs/common';
import type { AdminActor } from './admin-actor';
import type { StoredAuditRecord } from './audit-event';
import {
  AUDIT_CSV_HEADER,
  auditCsvLine,
  auditNdjsonLine,
  checkpointCsvLine,
  checkpointNdjsonLine,
  type AuditExportFormat,
} from './audit-export-format';
import { AUDIT_SIGNING_KEY, type AuditSigningKeySource } from './audit-signing-key.provider';

import {
  rowsDigester,
  signAuditStatement,
  type AuditCheckpoint,
  type AuditHead,
  type Signed,
} from './audit-statement';
import { AuditRepository, type AuditFilter } from './audit.repository';
import { AuditService } from './audit.service';
import { PageBytes } from './page-bytes';
import { UnitOfWork } from '../database/unit-of-work';

/**
 * Records read from the database at a time while exporting: memory stays flat. Each page's
 * bytes are freed only when V8 next collects its young generation, so several pages' Buffers
 * are held at once: a page of 250 rather than 1,000 kept the export's peak RSS a few MiB lower
 * (bench/README.md, "Audit export").
 */
const EXPORT_PAGE = 250;
/** Room for a page's lines (a CSV line takes about 350 bytes, an NDJSON one 500); more if not. */
const PAGE_BYTES = EXPORT_PAGE * 512;

export type ExportFilter = Pick<AuditFilter, 'from' | 'to' | 'types'>;

/**
 * Exports of the audit log and signed heads. An export is recorded in the log first, then reads
 * every matching record up to the head as it was then (records appended meanwhile are not in
 * it), a page at a time as the reader takes them (backpressure: a slow client holds the next
 * page back), and ends with the checkpoint the terminal signs.
 */
@Injectable()
export class AuditExportService {
  constructor(
    private readonly records: AuditRepository,
    private readonly audit: AuditService,
    private readonly unitOfWork: UnitOfWork,
    @Inject(AUDIT_SIGNING_KEY) private readonly signingKey: AuditSigningKeySource,
  ) {}

  /** The head of the log now, signed: note it outside the terminal to prove appends only later. */
  head(): Signed<AuditHead> {
    const head = this.records.head();
    return signAuditStatement(
      { kind: 'kiosk-audit-head', version: 1, at: new Date().toISOString(), ...head },
      this.signingKey(),
    );
  }

  get publicKeyPem(): string {
    return this.signingKey().publicKeyPem;
  }

  /** The signing key's fingerprint; loads (or, on a first start, makes) the key. */
  get fingerprint(): string {
    return this.signingKey().fingerprint;
  }

  get publicKey(): KeyObject {
    return this.signingKey().publicKey;
  }

  /** How many records an export of this filter would hold now (for a progress bar). */
  count(filter: ExportFilter): number {
    return this.records.countMatching(filter, this.records.head().seq);
  }

  async export(
    format: AuditExportFormat,
    filter: ExportFilter,
    actor: AdminActor,
  ): Promise<Readable> {
    await this.audit.record({
      type: 'admin-action',
      outcome: 'audit-exported',
      detail: {
        actor,
        format,
        from: filter.from?.toISOString() ?? null,
        to: filter.to?.toISOString() ?? null,
        types: filter.types ?? null,
      },
    });
    const head = this.records.head();
    return Readable.from(this.lines(format, filter, head), { objectMode: false });
  }

  private async *lines(
    format: AuditExportFormat,
    filter: ExportFilter,
    head: { seq: number; hash: string },
  ): AsyncGenerator<string | Buffer> {
    const digest = rowsDigester();
    let rows = 0;
    let contiguous = true;
    let first: StoredAuditRecord | null = null;
    let last: StoredAuditRecord | null = null;
    if (format === 'csv') yield AUDIT_CSV_HEADER;
    const line =
      format === 'csv' ? auditCsvLine : (r: StoredAuditRecord) => `${auditNdjsonLine(r)}\n`;
    // The rows are read on a connection of the export's own, opened at the first read (a stream
    // destroyed before that opens none) and closed when the rows are read, or a read fails, or
    // the stream is destroyed (a client that went away): its small page cache goes with it, and
    // the service's connection keeps the pages the taps read. Each page is its own read, as
    // before: the head bounds the rows, and no read transaction stays open between pages.
    const reader = this.records.openReader();
    try {
      for (let after = 0; ;) {
        // Each line straight into the page's bytes: no page text (a rope of every line, then its
        // flat copy), and nothing of the page but its Buffer (outside the heap) lives on while
        // the socket takes it, so V8's young generation has next to nothing to keep. (Reading
        // the records one by one, `iterate()`, kept no less and exported 12-20% slower.)
        const bytes = new PageBytes(PAGE_BYTES);
        let read = 0;
        for (const r of reader.pageMatchingUpTo(filter, after, head.seq, EXPORT_PAGE)) {
          if (last && r.prevHash !== last.hash) contiguous = false;
          digest.add(r.hash);
          first ??= r;
          last = r;
          rows += 1;
          read += 1;
          bytes.append(line(r));
        }
        if (read > 0) yield bytes.take();
        if (read < EXPORT_PAGE) break;
        after = last!.seq;
        // Let the event loop breathe between pages: taps go on while a year is exported.
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      reader.close();
    }
    const checkpoint: AuditCheckpoint = {
      kind: 'kiosk-audit-checkpoint',
      version: 1,
      at: new Date().toISOString(),
      filter: {
        from: filter.from?.toISOString() ?? null,
        to: filter.to?.toISOString() ?? null,
        types: filter.types?.length ? [...filter.types] : null,
      },
      rows,
      contiguous,
      first: first && { seq: first.seq, prevHash: first.prevHash, hash: first.hash },
      last: last && { seq: last.seq, hash: last.hash },
      rowsDigest: digest.hex(),
      head,
    };
    const signed = signAuditStatement(checkpoint, this.signingKey());
    yield `${format === 'csv' ? checkpointCsvLine(signed) : checkpointNdjsonLine(signed)}\n`;
    // Read to its end (a client that went away stops the stream before this): a whole stretch
    // of the log now exists, signed, elsewhere, and retention may prune it (AuditRetention).
    if (contiguous && first && last) {
      const range = { firstSeq: first.seq, lastSeq: last.seq, format, at: new Date() };
      await this.unitOfWork.write((tx) => this.records.recordExportIn(tx, range));
    }
  }
}
