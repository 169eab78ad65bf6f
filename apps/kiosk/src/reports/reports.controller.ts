import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiProduces, ApiPropertyOptional } from '../openapi/openapi.decorators';
import { Type } from 'class-transformer';
import { IsDate, IsOptional } from '../validation/class-validator';
import { Roles } from '../auth/access-control';
import { AttendanceReportService } from './attendance-report.service';

class ReportRangeQuery {
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
}

/** Reports read from the audit log, for auditors and admins. */
@Controller('reports')
@Roles('admin', 'auditor')
export class ReportsController {
  constructor(private readonly attendance: AttendanceReportService) {}

  /** Per holder and site-local day, the first and last grant at each door, as CSV. */
  @Get('attendance')
  @Header('content-type', 'text/csv; charset=utf-8')
  @Header('content-disposition', 'attachment; filename="attendance.csv"')
  @ApiProduces('text/csv')
  attendanceCsv(@Query() q: ReportRangeQuery): string {
    return this.attendance.csv({ from: q.from, to: q.to });
  }
}
