import { Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { HttpErrorFilter } from './http-error.filter';

/**
 * The HTTP edge, for every controller: request bodies, queries and params are validated against
 * their DTO classes (class-validator; unknown fields refused), and every error is answered by
 * HttpErrorFilter.
 */
@Module({
  providers: [
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
      }),
    },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
  ],
})
export class HttpErrorsModule {}
