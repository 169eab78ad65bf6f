import { ApiProperty, ApiPropertyOptional } from '../openapi/openapi.decorators';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  ValidateNested,
} from '../validation/class-validator';
import { OptionalNotNull } from '../validation/optional-not-null';
import { DAY_NAMES, END_TIME, START_TIME, type DayName } from './schedule';

const TIME_MESSAGE = '$property is a local time HH:MM';

export class HolidayWindowDto {
  @ApiProperty({ example: '08:00', description: 'Local time the window opens (HH:MM)' })
  @IsString()
  @Matches(START_TIME, { message: `${TIME_MESSAGE} from 00:00 to 23:59` })
  start!: string;

  @ApiProperty({
    example: '18:00',
    description:
      'Local time it closes (exclusive; 24:00 is midnight). Not after start: crosses midnight',
  })
  @IsString()
  @Matches(END_TIME, { message: `${TIME_MESSAGE} from 00:01 to 24:00` })
  end!: string;
}

export class WindowDto extends HolidayWindowDto {
  @ApiProperty({ enum: DAY_NAMES, isArray: true, example: ['mon', 'tue', 'wed', 'thu', 'fri'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsIn(DAY_NAMES, { each: true })
  days!: DayName[];
}

/** POST /api/v1/schedules */
export class CreateScheduleDto {
  @ApiProperty({ example: 'Office hours' })
  @IsString()
  @Length(1, 64)
  name!: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  holidayCalendarId?: string | null;

  @ApiProperty({ type: [WindowDto] })
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WindowDto)
  windows!: WindowDto[];

  @ApiPropertyOptional({
    type: [HolidayWindowDto],
    description: 'Hours on a holiday (none: closed)',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => HolidayWindowDto)
  holidayWindows?: HolidayWindowDto[];
}

/** PATCH /api/v1/schedules/:id: what is given replaces what was (windows as a whole). */
export class UpdateScheduleDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @Length(1, 64)
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, format: 'uuid' })
  @IsOptional()
  @IsUUID()
  holidayCalendarId?: string | null;

  @ApiPropertyOptional({ type: [WindowDto] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WindowDto)
  windows?: WindowDto[];

  @ApiPropertyOptional({ type: [HolidayWindowDto] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => HolidayWindowDto)
  holidayWindows?: HolidayWindowDto[];
}

export class HolidayDateDto {
  @ApiProperty({ example: '2026-12-25' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: '$property is a date YYYY-MM-DD' })
  date!: string;

  @ApiPropertyOptional({ example: 'Christmas Day' })
  @IsOptional()
  @IsString()
  @Length(1, 64)
  name?: string;
}

/** POST /api/v1/holiday-calendars */
export class CreateHolidayCalendarDto {
  @ApiProperty({ example: 'Public holidays' })
  @IsString()
  @Length(1, 64)
  name!: string;

  @ApiProperty({ type: [HolidayDateDto] })
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => HolidayDateDto)
  dates!: HolidayDateDto[];
}

/** PATCH /api/v1/holiday-calendars/:id: dates given replace all the dates. */
export class UpdateHolidayCalendarDto {
  @ApiPropertyOptional()
  @OptionalNotNull()
  @IsString()
  @Length(1, 64)
  name?: string;

  @ApiPropertyOptional({ type: [HolidayDateDto] })
  @OptionalNotNull()
  @IsArray()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  @Type(() => HolidayDateDto)
  dates?: HolidayDateDto[];
}
