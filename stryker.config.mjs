// Mutation testing of the safety core: `npm run test:mutation` (not part of CI: too slow here).
// docs/testing.md says how to read a run and holds the latest run's summary.
import jestConfig from './jest.config.js';

// Jest's unit project, the one source of truth for transform and aliases, run alone. Stryker's
// coverage environment replaces the top-level testEnvironment, which a `projects` config ignores,
// so the project is flattened. rootDir is dropped: jest.config.js sets it to this directory, and
// each Stryker worker must run the tests of its own sandbox copy (Jest takes the worker's cwd).
const { rootDir: _rootDir, ...unit } = jestConfig.projects.find(
  (project) => project.displayName === 'unit',
);

// The specs beside the safety core. Another spec that reaches it through the app (the tap
// orchestrator's, the doors service's) may kill a mutant by chance, but loads Nest, SQLite and a
// pty for every mutant and would make a run several times longer; a mutant of the safety core is
// to be killed by the safety core's own specs.
const SAFETY_CORE_SPECS = [
  '<rootDir>/apps/kiosk/src/access/*.spec.ts',
  '<rootDir>/apps/kiosk/src/audit/*.spec.ts',
  '<rootDir>/apps/kiosk/src/clock/clock-trust.spec.ts',
  '<rootDir>/apps/kiosk/src/tokens/api-token-check.spec.ts',
  '<rootDir>/libs/card/src/codec/*.spec.ts',
  '<rootDir>/libs/card/src/credential/*.spec.ts',
  '<rootDir>/libs/door/src/osdp/*.spec.ts',
  '<rootDir>/libs/door/src/door/*.spec.ts',
  // DoorSupervisor's spec drives a simulated board over the OSDP link: under a mutant of the frame
  // codec every case waits out its 2 s deadline, so each mutant became a timeout and a worker
  // restart. door-state.spec.ts covers the state machine on its own.
  '!**/door-supervisor.spec.ts',
];

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: [
    'apps/kiosk/src/access/access-decision.ts',
    'apps/kiosk/src/access/local-time.ts',
    'apps/kiosk/src/access/schedule-rule.ts',
    'apps/kiosk/src/clock/clock-trust.ts',
    'apps/kiosk/src/tokens/api-token-check.ts',
    'apps/kiosk/src/audit/audit-chain.ts',
    'libs/card/src/codec/luhn.ts',
    'libs/card/src/codec/bcd.codec.ts',
    'libs/card/src/codec/atr.parser.ts',
    'libs/card/src/credential/pan-credential.ts',
    'libs/door/src/osdp/osdp-crc.ts',
    'libs/door/src/osdp/osdp-frame.codec.ts',
    'libs/door/src/door/door-state.ts',
  ],
  testRunner: 'jest',
  jest: {
    projectType: 'custom',
    // package.json has no "jest" key: nothing is read from a file, so the unit project below is
    // the whole config (reading jest.config.js would bring back `projects` and the e2e project).
    configFile: 'package.json',
    config: {
      ...unit,
      testMatch: SAFETY_CORE_SPECS,
      setupFilesAfterEnv: [...(unit.setupFilesAfterEnv ?? []), '<rootDir>/stryker.fast-check.js'],
    },
    enableFindRelatedTests: true,
  },
  // Jest 30 loads the ES-module NestJS inside its sandbox only with this flag (see jest.config.js).
  testRunnerNodeArgs: ['--experimental-vm-modules', '--disable-warning=ExperimentalWarning'],
  coverageAnalysis: 'perTest',
  // Two cores here: two workers, each running Jest in band.
  concurrency: 2,
  // A busy 2-core machine (other test runs beside this one) makes honest runs slower.
  timeoutMS: 10000,
  // Not copied to the sandboxes: build output, local data, reports. (test/ stays: the unit
  // project's setup file lives in test/harness; docs/ stays: audit-catalogue.spec.ts reads
  // docs/audit-events.md, and without it the dry run fails.)
  ignorePatterns: ['dist', 'data', 'coverage', 'reports', '.kiosk-run', '*.log'],
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowEmojis: false, logTests: false, reportScoreTable: true },
  thresholds: { high: 95, low: 90, break: null },
};
