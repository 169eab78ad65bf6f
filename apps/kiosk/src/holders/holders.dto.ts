import { Type } from 'class-transformer';
import {
  IsIn,
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from 'class-validator';

/** POST /api/v1/holders. A PAN is never sent here (it would sit in logs and proxies): UIDs only. */
export class CreateHolderDto {
  @IsString()
  @Length(1, 64)
  name!: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(16)
  @IsString({ each: true })
  uids?: string[];

  /** A visitor: each card here is good for this many entries. */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(10_000)
  uses?: number;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  validFrom?: Date;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  validUntil?: Date;
}

/** GET /api/v1/holders?limit=&cursor= */
export class ListHoldersQuery {
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  /** The `next` of the previous page, as given. */
  @IsOptional()
  @IsString()
  @Length(1, 400)
  cursor?: string;
}

/** PATCH /api/v1/holders/:id: only what is given changes. */
export class UpdateHolderDto {
  @IsOptional()
  @IsString()
  @Length(1, 64)
  name?: string;

  /** suspended: no card of theirs opens anything until reinstated (active). */
  @IsOptional()
  @IsIn(['active', 'suspended'])
  status?: 'active' | 'suspended';

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  validFrom?: Date;

  @IsOptional()
  @Type(() => Date)
  @IsDate()
  validUntil?: Date;
}
