import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Roles, actorOf } from '../auth/access-control';
import { PageQuery, pageOf, type Page } from '../pagination/keyset-page';
import type { Principal } from '../tokens/api-token';
import type { AccessGroupDoor, AccessGroupRecord } from './access-group';
import {
  CreateAccessGroupDto,
  UpdateAccessGroupDto,
  type AccessGroupDoorDto,
} from './access-groups.dto';
import { AccessGroupsService } from './access-groups.service';

const doorsOf = (doors: readonly AccessGroupDoorDto[]): AccessGroupDoor[] =>
  doors.map((d) => ({ doorId: d.doorId, scheduleId: d.scheduleId ?? null }));

/**
 * Access groups: CRUD for admins, read for operators. Members are set on the holder
 * (`groupIds`); a holder in no group opens nothing.
 */
@Controller('access-groups')
export class AccessGroupsController {
  constructor(private readonly groups: AccessGroupsService) {}

  @Get()
  @Roles('admin', 'operator')
  list(@Query() query: PageQuery): Page<AccessGroupRecord> {
    return pageOf(this.groups.list(), query);
  }

  @Get(':id')
  @Roles('admin', 'operator')
  get(@Param('id') id: string): AccessGroupRecord {
    return this.groups.get(id);
  }

  @Post()
  create(
    @Body() body: CreateAccessGroupDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AccessGroupRecord> {
    return this.groups.save(
      null,
      { name: body.name, doors: doorsOf(body.doors) },
      actorOf(principal),
    );
  }

  @Patch(':id')
  update(
    @Param('id') id: string,
    @Body() body: UpdateAccessGroupDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<AccessGroupRecord> {
    return this.groups.save(
      id,
      { name: body.name, doors: body.doors === undefined ? undefined : doorsOf(body.doors) },
      actorOf(principal),
    );
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    return this.groups.delete(id, actorOf(principal));
  }
}
