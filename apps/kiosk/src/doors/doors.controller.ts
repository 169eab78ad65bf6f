import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '../openapi/openapi.decorators';
import {
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from '../validation/class-validator';
import { HELD_OPEN_MS, PULSE_MS } from '../config/doors.config';
import { CurrentPrincipal, Roles, actorOf, assertMayActOnDoor } from '../auth/access-control';
import type { Principal } from '../tokens/api-token';
import { DoorsService, type DoorStatus } from './doors.service';

class LockdownDto {
  /** true: no card opens the door; false: lifted. */
  @ApiProperty()
  @IsBoolean()
  lockdown!: boolean;
}

/** PATCH /api/v1/doors/:id: what is given changes; null: back to the configuration. */
class DoorSettingsDto {
  @ApiPropertyOptional({ nullable: true, example: 'Front entrance' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  name?: string | null;

  @ApiPropertyOptional({ nullable: true, minimum: PULSE_MS.min, maximum: PULSE_MS.max })
  @IsOptional()
  @IsInt()
  @Min(PULSE_MS.min)
  @Max(PULSE_MS.max)
  pulseMs?: number | null;

  @ApiPropertyOptional({ nullable: true, minimum: HELD_OPEN_MS.min, maximum: HELD_OPEN_MS.max })
  @IsOptional()
  @IsInt()
  @Min(HELD_OPEN_MS.min)
  @Max(HELD_OPEN_MS.max)
  heldOpenMs?: number | null;
}

/** The terminal's doors: live state, momentary unlock, lockdown. Operators see and act on their doors. */
@Controller('doors')
@Roles('admin', 'operator')
export class DoorsController {
  constructor(private readonly doors: DoorsService) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal): DoorStatus[] {
    return this.doors
      .list()
      .filter((d) => principal.doors === null || principal.doors.includes(d.id));
  }

  /** Name, pulse time, held-open limit: kept across restarts, in force from the next grant. */
  @Patch(':id')
  @Roles('admin')
  configure(
    @Param('id') id: string,
    @Body() body: DoorSettingsDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<DoorStatus> {
    return this.doors.configure(id, body, actorOf(principal));
  }

  /** Unlocks now (one pulse) or answers 409 now: an offline door is never opened later. */
  @Post(':id/unlock')
  @HttpCode(204)
  async unlock(@Param('id') id: string, @CurrentPrincipal() principal: Principal): Promise<void> {
    assertMayActOnDoor(principal, id);
    await this.doors.unlock(id, actorOf(principal));
  }

  @Put(':id/lockdown')
  @HttpCode(204)
  async lockdown(
    @Param('id') id: string,
    @Body() body: LockdownDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    assertMayActOnDoor(principal, id);
    await this.doors.setLockdown(id, body.lockdown, actorOf(principal));
  }

  /** Every door at once (a token limited to some doors may not: it is refused for the others). */
  @Put('lockdown')
  @HttpCode(204)
  async lockdownAll(
    @Body() body: LockdownDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<void> {
    const ids = this.doors.list().map((d) => d.id);
    for (const id of ids) assertMayActOnDoor(principal, id);
    for (const id of ids) await this.doors.setLockdown(id, body.lockdown, actorOf(principal));
  }
}
