// The files of class-validator that apps/kiosk/src/validation/class-validator.ts loads in place of its
// index (see there why), typed by the package's own declarations: each file defines what the index
// re-exports under the same name.
declare module 'class-validator/cjs/decorator/array/ArrayMaxSize' {
  export { ArrayMaxSize } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/array/ArrayMinSize' {
  export { ArrayMinSize } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/typechecker/IsArray' {
  export { IsArray } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/typechecker/IsBoolean' {
  export { IsBoolean } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/typechecker/IsDate' {
  export { IsDate } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/common/IsIn' {
  export { IsIn } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/typechecker/IsInt' {
  export { IsInt } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/common/IsOptional' {
  export { IsOptional } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/typechecker/IsString' {
  export { IsString } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/string/IsUUID' {
  export { IsUUID } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/string/Length' {
  export { Length } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/string/Matches' {
  export { Matches } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/number/Max' {
  export { Max } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/number/Min' {
  export { Min } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/common/ValidateIf' {
  export { ValidateIf } from 'class-validator';
}
declare module 'class-validator/cjs/decorator/common/ValidateNested' {
  export { ValidateNested } from 'class-validator';
}
declare module 'class-validator/cjs/container' {
  export { getFromContainer } from 'class-validator';
}
declare module 'class-validator/cjs/validation/Validator' {
  export { Validator } from 'class-validator';
}
declare module 'class-validator/cjs/metadata/MetadataStorage' {
  export { getMetadataStorage } from 'class-validator';
}
