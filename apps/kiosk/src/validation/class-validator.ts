import type { ValidationPipeOptions } from '@nestjs/common';
import type { ValidationError, ValidatorOptions } from 'class-validator';
import { getFromContainer } from 'class-validator/cjs/container';
import { getMetadataStorage } from 'class-validator/cjs/metadata/MetadataStorage';
import { Validator } from 'class-validator/cjs/validation/Validator';

// class-validator, as the app uses it: the decorators of the DTOs and the package the
// ValidationPipe validates with. They come from the package's own files, not its index: the index
// loads every decorator it has, and with them all of `validator` and `libphonenumber-js` with its
// metadata (IsPhoneNumber), none of which a DTO here uses; a service that idles kept them in memory
// for nothing (bench/README.md, "Start-up and idle memory"). Each name below is the very function
// the index exports (validation/class-validator.spec.ts checks it). A decorator the DTOs need next
// is added here, from the file the index takes it from; types may still come from 'class-validator'
// (`import type` loads nothing). The architecture spec keeps the index out of the app.
export { ArrayMaxSize } from 'class-validator/cjs/decorator/array/ArrayMaxSize';
export { ArrayMinSize } from 'class-validator/cjs/decorator/array/ArrayMinSize';
export { IsArray } from 'class-validator/cjs/decorator/typechecker/IsArray';
export { IsBoolean } from 'class-validator/cjs/decorator/typechecker/IsBoolean';
export { IsDate } from 'class-validator/cjs/decorator/typechecker/IsDate';
export { IsIn } from 'class-validator/cjs/decorator/common/IsIn';
export { IsInt } from 'class-validator/cjs/decorator/typechecker/IsInt';
export { IsOptional } from 'class-validator/cjs/decorator/common/IsOptional';
export { IsString } from 'class-validator/cjs/decorator/typechecker/IsString';
export { IsUUID } from 'class-validator/cjs/decorator/string/IsUUID';
export { Length } from 'class-validator/cjs/decorator/string/Length';
export { Matches } from 'class-validator/cjs/decorator/string/Matches';
export { Max } from 'class-validator/cjs/decorator/number/Max';
export { Min } from 'class-validator/cjs/decorator/number/Min';
export { ValidateIf } from 'class-validator/cjs/decorator/common/ValidateIf';
export { ValidateNested } from 'class-validator/cjs/decorator/common/ValidateNested';

/**
 * What Nest's ValidationPipe would load from the index: `validate` (the index's own, which
 * validates with the container's Validator) and the metadata storage the pipe reads to find binary
 * values in nested objects. Given as the pipe's `validatorPackage`, so that it does not import the
 * index itself.
 */
export const classValidatorPackage: NonNullable<ValidationPipeOptions['validatorPackage']> & {
  getMetadataStorage: typeof getMetadataStorage;
} = {
  validate: (object: unknown, options?: ValidatorOptions): Promise<ValidationError[]> =>
    getFromContainer(Validator).validate(object as object, options),
  getMetadataStorage,
};
