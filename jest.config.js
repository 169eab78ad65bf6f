// One runner for everything: unit specs beside the code, end-to-end specs in test/.
// @swc/jest transpiles without type-checking; `npm run lint` runs tsc for the types.
const swc = ['@swc/jest', { jsc: { parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true }, target: 'es2022', keepClassNames: true } }];
const moduleNameMapper = {
  '^@kiosk/card$': '<rootDir>/libs/card/src/index.ts',
  '^@kiosk/card/virtual$': '<rootDir>/libs/card/src/virtual/index.ts',
  '^@kiosk/door$': '<rootDir>/libs/door/src/index.ts',
  '^@kiosk/door/simulator$': '<rootDir>/libs/door/src/simulator/index.ts',
  '^@kiosk/migrations$': '<rootDir>/migrations/index.ts',
};
const common = { rootDir: __dirname, transform: { '^.+\\.ts$': swc }, moduleNameMapper, testEnvironment: 'node' };

/** @type {import('jest').Config} */
module.exports = {
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/apps/**/*.spec.ts', '<rootDir>/libs/**/*.spec.ts', '<rootDir>/migrations/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'],
    },
    {
      ...common,
      displayName: 'e2e',
      // pcscd and vpcd are machine-wide: the test script runs e2e files one at a time (--runInBand).
      testMatch: ['<rootDir>/test/**/*.e2e-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/test/harness/jest-setup.ts'],
    },
  ],
};
