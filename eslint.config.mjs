// Lint enforces the three layers (DEVELOPERS.md): app -> libs -> nothing, the two libs never
// import each other, codecs import no transport or session, and the app reaches a lib only
// through its alias.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const appPaths = { group: ['**/apps/**', '@kiosk/kiosk', '@kiosk/kiosk/*'], message: 'A library never imports from the app (imports go app -> libs).' };
const deepLib = { group: ['**/libs/*/src/**', '@kiosk/card/*', '@kiosk/door/*', '!@kiosk/card/virtual', '!@kiosk/door/simulator'], message: 'Reach a library only through its alias (@kiosk/card, @kiosk/door).' };
const layer = (files, ...patterns) => ({
  files,
  rules: { 'no-restricted-imports': ['error', { patterns }] },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'data/**', '*.js', '*.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      'no-console': 'error',
    },
  },
  layer(['libs/card/**/*.ts'], appPaths, { group: ['@kiosk/door', '@kiosk/door/*', '**/libs/door/**', '**/door/src/**'], message: 'libs/card never imports libs/door.' }),
  layer(['libs/door/**/*.ts'], appPaths, { group: ['@kiosk/card', '@kiosk/card/*', '**/libs/card/**', '**/card/src/**'], message: 'libs/door never imports libs/card.' }),
  layer(['libs/*/src/codec/**/*.ts', 'libs/*/src/osdp/**/*.ts'], appPaths, { group: ['**/transport/**', '**/session/**', '**/link/**', '**/reader/**', 'pcsclite', 'serialport', '@nestjs/*'], message: 'A codec is pure: no transport, session, Nest or device library.' }),
  layer(['apps/**/*.ts', 'migrations/**/*.ts'], deepLib),
  {
    // Tests, tools and specs may use console and the libraries' test facilities.
    files: ['**/*.spec.ts', 'test/**/*.ts', 'tools/**/*.ts', 'bench/**/*.ts', '**/*.cli.ts', 'apps/kiosk/src/cli/**/*.ts', '**/simulator/lcd-view.ts'],
    rules: { 'no-console': 'off' },
  },
  {
    files: ['**/*.spec.ts', 'test/**/*.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off', '@typescript-eslint/no-non-null-assertion': 'off' },
  },
);
