// Lint enforces the three layers (docs/architecture.md): app -> libs -> nothing, the two libs never
// import each other, codecs import no transport or session, and the app reaches a lib only
// through its alias.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const appPaths = {
  group: ['**/apps/**', '@kiosk/kiosk', '@kiosk/kiosk/*'],
  message: 'A library never imports from the app (imports go app -> libs).',
};
const deepLib = {
  group: [
    '**/libs/*/src/**',
    '@kiosk/card/*',
    '@kiosk/door/*',
    '!@kiosk/card/virtual',
    '!@kiosk/door/simulator',
  ],
  message: 'Reach a library only through its alias (@kiosk/card, @kiosk/door).',
};
const otherLib = (other) => ({
  group: [`@kiosk/${other}`, `@kiosk/${other}/*`, `**/libs/${other}/**`, `**/${other}/src/**`],
  message: `One library never imports the other (libs/${other}).`,
});
const pureCodec = {
  group: [
    '**/transport/**',
    '**/session/**',
    '**/link/**',
    '**/reader/**',
    '**/credential/**',
    '**/simulator/**',
    '**/door/**',
    'pcsclite',
    'serialport',
    '@nestjs/*',
    'node:net',
    'node:fs',
  ],
  message: 'A codec is pure: no transport, session, Nest or device library.',
};
// The benchmarks (bench/) measure the app and the libraries from outside: nothing ships them.
const benchPaths = {
  group: ['**/bench/**'],
  message: 'Nothing imports the benchmarks (bench/ imports the app and the libraries, not back).',
};
const restrict = (files, ...patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});
// Flat config: a later block replaces an earlier block's rule for the same file, so each block
// lists every pattern that applies to its files.
const layers = [
  restrict(['libs/card/**/*.ts'], appPaths, otherLib('door'), benchPaths),
  restrict(['libs/door/**/*.ts'], appPaths, otherLib('card'), benchPaths),
  restrict(['libs/card/src/codec/**/*.ts'], appPaths, otherLib('door'), pureCodec, benchPaths),
  restrict(['libs/door/src/osdp/**/*.ts'], appPaths, otherLib('card'), pureCodec, benchPaths),
  restrict(
    ['apps/**/*.ts', 'migrations/**/*.ts', 'tools/**/*.ts', 'test/**/*.ts'],
    deepLib,
    benchPaths,
  ),
  restrict(['bench/**/*.ts'], deepLib),
  // The smoke run of the benchmarks that need the built service: the one file that may.
  restrict(['test/bench-smoke.e2e-spec.ts'], deepLib),
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      'no-console': 'error',
    },
  },
  ...layers,
  {
    // Tests, tools and specs may use console and the libraries' test facilities.
    files: [
      '**/*.spec.ts',
      'test/**/*.ts',
      'tools/**/*.ts',
      '**/*.cli.ts',
      'apps/kiosk/src/cli/**/*.ts',
      '**/simulator/lcd-view.ts',
    ],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    // expect.objectContaining() and friends are typed any.
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
