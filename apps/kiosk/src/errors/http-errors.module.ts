import { Module, ValidationPipe } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { classValidatorPackage } from '../validation/class-validator';
import { HttpErrorFilter } from './http-error.filter';

/**
 * The HTTP edge, for every controller: request bodies, queries and params are validated against
 * their DTO classes (class-validator; unknown fields refused), and every error is answered by
 * HttpErrorFilter. The pipe is given class-validator's parts rather than left to import the
 * package's index (validation/class-validator.ts says why).
 */
@Module({
  providers: [
    {
      provide: APP_PIPE,
      useValue: new ValidationPipe({
        whitelist: true,
        forbidNonWhitelisted: true,
        transform: true,
        validatorPackage: classValidatorPackage,
      }),
    },
    { provide: APP_FILTER, useClass: HttpErrorFilter },
  ],
})
export class HttpErrorsModule {}
