// Stryker only (stryker.config.mjs runs it after the unit project's own setup): a property that
// fails under a mutant stops at its first counterexample instead of shrinking it. At full size
// shrinking can outlast the mutant's time limit, which costs a worker restart; the mutant is
// killed either way, and a passing property runs exactly as in `npm run test:unit`.
const fc = require('fast-check');

fc.configureGlobal({ ...fc.readConfigureGlobal(), endOnFailure: true });
