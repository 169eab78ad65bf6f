// One runner for everything: unit specs beside the code, end-to-end specs in test/.
// ts-jest transpiles each file on its own (no type-check, fast); `npm run lint` runs tsc for the types.
// NestJS 12 ships as ES modules only; our TypeScript compiles to CommonJS and require()s them,
// as Node 22.12+ allows. Jest 30 does the same inside its sandbox only when node:vm can evaluate
// modules synchronously, which needs `--experimental-vm-modules`: always run Jest through the npm
// scripts (`npm test`, `npm run test:unit`, `npm run test:e2e`), which pass it.
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.spec.json' }] };
const moduleNameMapper = {
  '^@kiosk/card$': '<rootDir>/libs/card/src/index.ts',
  '^@kiosk/card/virtual$': '<rootDir>/libs/card/src/virtual/index.ts',
  '^@kiosk/door$': '<rootDir>/libs/door/src/index.ts',
  '^@kiosk/door/simulator$': '<rootDir>/libs/door/src/simulator/index.ts',
  '^@kiosk/migrations$': '<rootDir>/migrations/index.ts',
};
const common = { rootDir: __dirname, transform, moduleNameMapper, testEnvironment: 'node' };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: [
        '<rootDir>/apps/**/*.spec.ts',
        '<rootDir>/libs/**/*.spec.ts',
        '<rootDir>/migrations/**/*.spec.ts',
        '<rootDir>/tools/**/*.spec.ts',
        '<rootDir>/test/harness/**/*.spec.ts',
        // The benchmarks' smoke run (tiny sizes), so that none can rot; full runs are not tests.
        '<rootDir>/bench/**/*.spec.ts',
      ],
      // Property tests generate up to the sizes they declare (see the file).
      setupFilesAfterEnv: ['<rootDir>/test/harness/fast-check-setup.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      // pcscd and vpcd are machine-wide: the test script runs e2e files one at a time (--runInBand).
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/harness/jest-setup.ts'],
      // What every kiosk and command line wrote is kept, and at the end checked for the PANs,
      // tokens and keys the tests used (issue 18): see test/harness/log-witness.ts.
      globalSetup: '<rootDir>/test/harness/secrets-in-logs.setup.ts',
      globalTeardown: '<rootDir>/test/harness/secrets-in-logs.teardown.ts',
    },
  ],
};
