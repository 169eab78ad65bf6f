import {
  Body,
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  Param,
  Patch,
  Post,
  Query,
  StreamableFile,
} from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiProduces } from '../openapi/openapi.decorators';
import { CurrentPrincipal, Roles, actorOf } from '../auth/access-control';
import type { CredentialRecord } from '../credentials/credential';
import type { EnrolledCredential } from '../credentials/credentials.service';
import type { Principal } from '../tokens/api-token';
import type { HolderRecord } from './holder';
import {
  AddCredentialDto,
  CreateHolderDto,
  ImportHoldersQuery,
  ListHoldersQuery,
  UpdateHolderDto,
} from './holders.dto';
import { decodeCursor, encodeCursor } from '../pagination/keyset-page';
import { HolderError, HolderErrorCode } from './holders.errors';
import { HoldersCsvService, type HolderImportReport } from './holders-csv.service';
import { HoldersService, type CreatedHolder } from './holders.service';

@Controller()
export class HoldersController {
  constructor(
    private readonly holders: HoldersService,
    private readonly csv: HoldersCsvService,
  ) {}

  /** Every holder as CSV (docs: the holders file), streamed; PAN cards only masked. */
  @Get('holders/export')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="holders.csv"')
  @ApiProduces('text/csv')
  exportCsv(): StreamableFile {
    return new StreamableFile(this.csv.exportCsv());
  }

  /**
   * Imports holders from CSV (text/csv), all or nothing; `dryRun=true` only reports what it
   * would do and every bad line by number. A refused file is a 400 whose details list the lines.
   */
  @Post('holders/import')
  @HttpCode(200)
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', example: 'name,groups,uids\nAda Lovelace,Everyone,04A224E2C35E80\n' },
  })
  importCsv(
    @Body() text: unknown,
    @Query() query: ImportHoldersQuery,
    @CurrentPrincipal() principal: Principal,
  ): Promise<HolderImportReport> {
    if (typeof text !== 'string')
      throw new HolderError(HolderErrorCode.InvalidCsv, 'Send the file as text/csv');
    return this.csv.importCsv(text, query.dryRun === 'true', actorOf(principal));
  }

  @Get('holders')
  @Roles('admin', 'operator')
  list(@Query() query: ListHoldersQuery): { items: HolderRecord[]; next: string | null } {
    const limit = query.limit ?? 50;
    const items = this.holders.page(query.cursor ? decodeCursor(query.cursor) : null, limit, {
      name: query.name,
      status: query.status,
      groupId: query.group,
      visitor: query.visitor === undefined ? undefined : query.visitor === 'true',
    });
    const last = items.at(-1);
    return {
      items,
      next:
        items.length === limit && last
          ? encodeCursor({ name: last.displayName, id: last.id })
          : null,
    };
  }

  @Get('holders/:id')
  @Roles('admin', 'operator')
  async get(@Param('id') id: string): Promise<HolderRecord & { credentials: CredentialRecord[] }> {
    const holder = this.holders.findById(id);
    if (!holder) throw new HolderError(HolderErrorCode.NotFound, `No holder "${id}"`);
    return { ...holder, credentials: await this.holders.listCredentials(id) };
  }

  @Post('holders')
  create(
    @Body() body: CreateHolderDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CreatedHolder> {
    return this.holders.create(
      {
        displayName: body.name,
        lcdName: body.lcdName ?? null,
        notes: body.notes ?? null,
        visitor: body.visitor ?? false,
        groupIds: body.groupIds ?? [],
        uids: body.uids ?? [],
        validFrom: body.validFrom ?? null,
        validUntil: body.validUntil ?? null,
        uses: body.uses ?? null,
      },
      actorOf(principal),
    );
  }

  /** Rename, suspend or reinstate, change validity or groups: from the very next tap. */
  @Patch('holders/:id')
  update(
    @Param('id') id: string,
    @Body() body: UpdateHolderDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<HolderRecord> {
    return this.holders.update(
      id,
      {
        displayName: body.name,
        lcdName: body.lcdName,
        notes: body.notes,
        visitor: body.visitor,
        groupIds: body.groupIds,
        status: body.status,
        validFrom: body.validFrom,
        validUntil: body.validUntil,
      },
      actorOf(principal),
    );
  }

  /** Deletes the holder and their cards; the audit log keeps the history. */
  @Delete('holders/:id')
  @HttpCode(204)
  delete(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.holders.delete(id, actorOf(principal));
  }

  /** The holder's cards (a UID, or a bank card only masked), revoked ones included. */
  @Get('holders/:id/credentials')
  @Roles('admin', 'operator')
  async credentials(@Param('id') id: string): Promise<{ items: CredentialRecord[] }> {
    if (!this.holders.findById(id))
      throw new HolderError(HolderErrorCode.NotFound, `No holder "${id}"`);
    return { items: await this.holders.listCredentials(id) };
  }

  /** Adds a card by value; a bank-card number is hashed at once and comes back only masked. */
  @Post('holders/:id/credentials')
  addCredential(
    @Param('id') id: string,
    @Body() body: AddCredentialDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<EnrolledCredential> {
    return this.holders.addCredential(
      id,
      { kind: body.kind, value: body.value, uses: body.uses },
      actorOf(principal),
    );
  }

  /** Revokes a card: the very next tap of it is denied. */
  @Post('credentials/:id/revoke')
  revoke(
    @Param('id') id: string,
    @CurrentPrincipal() principal: Principal,
  ): Promise<CredentialRecord> {
    return this.holders.revokeCredential(id, actorOf(principal));
  }
}
