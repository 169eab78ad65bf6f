import { ApiPropertyOptional } from '../openapi/openapi.decorators';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsDate,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Max,
  Min,
} from '../validation/class-validator';

/** `type=a,b` or `type=a&type=b`: a list either way. */
const listOf = ({ value }: { value: unknown }): unknown =>
  typeof value === 'string' ? value.split(',').filter(Boolean) : value;

/** What GET /audit and GET /audit/export narrow to. */
export class AuditRangeQuery {
  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'From (inclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  from?: Date;

  @ApiPropertyOptional({ type: String, format: 'date-time', description: 'To (exclusive)' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  to?: Date;

  @ApiPropertyOptional({
    description: 'Record types, comma-separated (e.g. access-decision,door-event)',
  })
  @IsOptional()
  @Transform(listOf)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  type?: string[];
}

/** GET /api/v1/audit */
export class AuditQuery extends AuditRangeQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @Length(1, 64)
  door?: string;

  @ApiPropertyOptional({ description: 'A holder id' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  holder?: string;

  @ApiPropertyOptional({ description: 'e.g. granted, denied, forced-open, holder-created' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  outcome?: string;

  @ApiPropertyOptional({
    description: 'The `next` of the previous page: records after this sequence number',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  after?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

/** GET /api/v1/audit/export */
export class AuditExportQuery extends AuditRangeQuery {
  @ApiPropertyOptional({ enum: ['csv', 'ndjson'], default: 'csv' })
  @IsOptional()
  @IsIn(['csv', 'ndjson'])
  format?: 'csv' | 'ndjson';
}
