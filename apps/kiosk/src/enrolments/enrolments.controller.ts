import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { ApiProperty } from '../openapi/openapi.decorators';
import { ApiPropertyOptional } from '../openapi/openapi.decorators';
import {
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
  ValidateIf,
} from '../validation/class-validator';
import { CurrentPrincipal, actorOf, assertMayActOnDoor } from '../auth/access-control';
import type { Principal } from '../tokens/api-token';
import { EnrolmentError } from './enrolments.errors';
import { EnrolmentsService, type Enrolment } from './enrolments.service';

class StartEnrolmentDto {
  @ApiProperty()
  @IsString()
  @Length(1, 64)
  holderId!: string;

  /** The door whose next card is taken; or give `reader` instead. */
  @ApiPropertyOptional({ description: 'The door (or give reader)' })
  @ValidateIf((dto: StartEnrolmentDto) => dto.reader === undefined || dto.doorId !== undefined)
  @IsString()
  @Length(1, 64)
  doorId?: string;

  /** One reader (a PC/SC reader name, or "OSDP <address>/<reader>"): only its next card. */
  @ApiPropertyOptional({ description: 'One reader of a door, by its full name (or give doorId)' })
  @IsOptional()
  @IsString()
  @Length(1, 200)
  reader?: string;

  /** How long to wait for the card, in ms (5 s to 5 min). */
  @ApiProperty({ minimum: 5000, maximum: 300_000 })
  @IsInt()
  @Min(5000)
  @Max(300_000)
  timeoutMs!: number;
}

/** Enrol by tap (admin): the next card at the door (or one reader of it) becomes the holder's; that tap opens nothing. */
@Controller('enrolments')
export class EnrolmentsController {
  constructor(private readonly enrolments: EnrolmentsService) {}

  @Post()
  start(@Body() body: StartEnrolmentDto, @CurrentPrincipal() principal: Principal): Enrolment {
    return this.enrolments.start(
      body.holderId,
      { doorId: body.doorId, reader: body.reader },
      body.timeoutMs,
      actorOf(principal),
      (doorId) => assertMayActOnDoor(principal, doorId),
    );
  }

  /** The enrolment's state: waiting, enrolled (the card, a PAN only masked), conflict or timeout. */
  @Get(':id')
  get(@Param('id') id: string): Enrolment {
    const enrolment = this.enrolments.get(id);
    if (!enrolment) throw new EnrolmentError(`No enrolment "${id}"`);
    return enrolment;
  }
}
