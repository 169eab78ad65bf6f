import { Controller, Get, Header, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiProduces } from '../openapi/openapi.decorators';
import { CurrentPrincipal, Roles, actorOf } from '../auth/access-control';
import type { Principal } from '../tokens/api-token';
import type { StoredAuditRecord } from './audit-event';
import { AuditExportService } from './audit-export.service';
import type { AuditHead, Signed } from './audit-statement';
import { AuditExportQuery, AuditQuery } from './audit.dto';
import { AuditRepository } from './audit.repository';

interface HeaderSettable {
  setHeader(name: string, value: string): void;
}

/** The audit log for auditors and admins: pages, streamed exports, signed heads. */
@Controller('audit')
@Roles('admin', 'auditor')
export class AuditController {
  constructor(
    private readonly records: AuditRepository,
    private readonly exports: AuditExportService,
  ) {}

  /** Records in sequence order; `next` is the `after` of the following page (stable while records arrive). */
  @Get()
  list(@Query() q: AuditQuery): { items: StoredAuditRecord[]; next: number | null } {
    const limit = q.limit ?? 100;
    const items = this.records.pageMatching(
      {
        from: q.from,
        to: q.to,
        types: q.type,
        doorId: q.door,
        holderId: q.holder,
        outcome: q.outcome,
      },
      q.after ?? 0,
      limit,
    );
    return { items, next: items.length === limit ? items.at(-1)!.seq : null };
  }

  /**
   * The records of a range as CSV or NDJSON, streamed, ending with the terminal's signed
   * checkpoint (verify it anywhere: `kiosk audit verify --file`). Recorded in the log itself.
   */
  @Get('export')
  @ApiProduces('text/csv', 'application/x-ndjson')
  async export(
    @Query() q: AuditExportQuery,
    @CurrentPrincipal() principal: Principal,
    @Res({ passthrough: true }) response: HeaderSettable,
  ): Promise<StreamableFile> {
    const format = q.format ?? 'csv';
    const stream = await this.exports.export(
      format,
      { from: q.from, to: q.to, types: q.type },
      actorOf(principal),
    );
    response.setHeader(
      'content-type',
      format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
    );
    response.setHeader('content-disposition', `attachment; filename="audit.${format}"`);
    return new StreamableFile(stream);
  }

  /** The head of the log now, signed by the terminal: note it elsewhere, verify appends later. */
  @Get('head')
  head(): Signed<AuditHead> {
    return this.exports.head();
  }

  /** The terminal's audit public key (SPKI PEM), to verify exports and heads with. */
  @Get('public-key')
  @Header('content-type', 'application/x-pem-file')
  publicKey(): string {
    return this.exports.publicKeyPem;
  }
}
