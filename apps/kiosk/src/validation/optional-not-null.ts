import { ValidateIf } from './class-validator';

/**
 * Optional, but not nullable: `@IsOptional` also lets null through unchecked, and a null name or
 * status has no meaning (it would reach the service as a value). The DTOs of a PATCH use it.
 */
export const OptionalNotNull = () =>
  ValidateIf((_object: unknown, value: unknown) => value !== undefined);
