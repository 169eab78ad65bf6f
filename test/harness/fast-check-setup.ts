// fast-check, configured once for every unit spec (jest.config.js, project "unit").
//
// By default fast-check's "size" keeps a generated array or string to about ten elements whatever
// its maxLength says, so `fc.uint8Array({ maxLength: 200 })` never went past 10. Here an arbitrary
// that declares a maxLength uses all of it (size "max"). One that declares none keeps the default
// size: baseSize "max" would let such an array grow to 2^31 elements.
// libs/door/src/osdp/osdp-arbitraries.spec.ts checks both.
//
// A failure prints `{ seed, path, endOnFailure: true }` and the counterexample; to replay it, pass
// that object as the second argument of the failing fc.assert. Nothing here fixes a seed.
import fc from 'fast-check';

fc.configureGlobal({ defaultSizeToMaxWhenMaxSpecified: true });
