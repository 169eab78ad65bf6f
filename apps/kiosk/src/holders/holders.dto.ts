import { ApiProperty, ApiPropertyOptional } from '../openapi/openapi.decorators';
import { Type } from 'class-transformer';
import { PageQuery } from '../pagination/keyset-page';
import {
  IsIn,
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsUUID,
  IsDate,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from '../validation/class-validator';
import { OptionalNotNull } from '../validation/optional-not-null';

/** POST /api/v1/holders. A PAN is never sent here (it would sit in logs and proxies): UIDs only. */
export class CreateHolderDto {
  @ApiProperty({ description: 'Display name (LCD): 1-64 characters, no control characters' })
  @IsString()
  @Length(1, 64)
  name!: string;

  @ApiPropertyOptional({
    description: 'What the LCD greets them with (1-16 characters, one LCD line); default: the name',
  })
  @IsOptional()
  @IsString()
  @Length(0, 16)
  lcdName?: string | null;

  @ApiPropertyOptional({ description: 'Free text for administrators (at most 1000 characters)' })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  notes?: string | null;

  @ApiPropertyOptional({ description: 'A visitor (lists can be filtered by it)' })
  @IsOptional()
  @IsBoolean()
  visitor?: boolean;

  @ApiPropertyOptional({
    type: [String],
    description: 'Access groups to join (ids); a holder in no group opens nothing',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(64)
  @IsUUID('all', { each: true })
  groupIds?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Card UIDs in hex (4, 7 or 10 bytes)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @IsString({ each: true })
  uids?: string[];

  /** A visitor: each card here is good for this many entries. */
  @ApiPropertyOptional({ minimum: 1, maximum: 10_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  uses?: number;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  validFrom?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  validUntil?: Date;
}

/** GET /api/v1/holders?limit=&cursor=&name=&status=&group=&visitor= */
export class ListHoldersQuery extends PageQuery {
  @ApiPropertyOptional({ enum: ['active', 'suspended'] })
  @IsOptional()
  @IsIn(['active', 'suspended'])
  status?: 'active' | 'suspended';

  @ApiPropertyOptional({ format: 'uuid', description: 'Only members of this access group' })
  @IsOptional()
  @IsUUID()
  group?: string;

  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'Only visitors, or only non-visitors',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  visitor?: 'true' | 'false';
}

/** PATCH /api/v1/holders/:id: only what is given changes; a validity of null lifts it. */
export class UpdateHolderDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @Length(1, 64)
  name?: string;

  /** suspended: no card of theirs opens anything until reinstated (active). */
  @ApiPropertyOptional({ enum: ['active', 'suspended'] })
  @OptionalNotNull()
  @IsIn(['active', 'suspended'])
  status?: 'active' | 'suspended';

  @ApiPropertyOptional({ nullable: true, description: 'null or empty: greet them by name' })
  @IsOptional()
  @IsString()
  @Length(0, 16)
  lcdName?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @IsString()
  @Length(0, 1000)
  notes?: string | null;

  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsBoolean()
  visitor?: boolean;

  @ApiPropertyOptional({ type: [String], description: 'Replaces all their access groups' })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(64)
  @IsUUID('all', { each: true })
  groupIds?: string[];

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  validFrom?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  validUntil?: Date;
}

/** POST /api/v1/holders/:id/credentials: a UID, or a bank-card number (never returned). */
export class AddCredentialDto {
  @ApiProperty({ enum: ['uid', 'pan'] })
  @IsIn(['uid', 'pan'])
  kind!: 'uid' | 'pan';

  @ApiProperty({ description: 'UID in hex, or the card number (digits, spaces and dashes)' })
  @IsString()
  @Length(1, 64)
  value!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 10_000 })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  uses?: number;
}

/** POST /api/v1/holders/import?dryRun=true */
export class ImportHoldersQuery {
  @ApiPropertyOptional({
    enum: ['true', 'false'],
    description: 'true: check and report, change nothing',
  })
  @IsOptional()
  @IsIn(['true', 'false'])
  dryRun?: 'true' | 'false';
}
