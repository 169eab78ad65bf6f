import { Module } from '@nestjs/common';
import { DoorsService } from './doors.service';

@Module({
  providers: [DoorsService],
  exports: [DoorsService],
})
export class DoorsModule {}
