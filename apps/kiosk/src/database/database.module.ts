import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { kioskDataSourceOptions } from './database.options';
import { SqliteWriter } from './sqlite-writer';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [kioskConfig.KEY],
      useFactory: (config: KioskConfigType) => kioskDataSourceOptions(config.database.path),
    }),
  ],
  providers: [SqliteWriter],
  exports: [SqliteWriter],
})
export class DatabaseModule {}
