import { ApiProperty, ApiPropertyOptional } from '../openapi/openapi.decorators';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  ValidateNested,
} from '../validation/class-validator';
import { OptionalNotNull } from '../validation/optional-not-null';

export class AccessGroupDoorDto {
  @ApiProperty({ example: 'main', description: 'A door id of this terminal, or * for every door' })
  @IsString()
  @Length(1, 32)
  doorId!: string;

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The schedule the door may be opened in; null or absent: at any time',
  })
  @IsOptional()
  @IsUUID()
  scheduleId?: string | null;
}

/** POST /api/v1/access-groups */
export class CreateAccessGroupDto {
  @ApiProperty({ example: 'Staff' })
  @IsString()
  @Length(1, 64)
  name!: string;

  @ApiProperty({ type: [AccessGroupDoorDto] })
  @IsArray()
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  @Type(() => AccessGroupDoorDto)
  doors!: AccessGroupDoorDto[];
}

/** PATCH /api/v1/access-groups/:id: doors given replace all the group's doors. */
export class UpdateAccessGroupDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @Length(1, 64)
  name?: string;

  @ApiPropertyOptional({ type: [AccessGroupDoorDto] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(64)
  @ValidateNested({ each: true })
  @Type(() => AccessGroupDoorDto)
  doors?: AccessGroupDoorDto[];
}
