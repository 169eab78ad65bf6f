import { spawnSync } from 'node:child_process';

/**
 * The layer rules of eslint.config.mjs, checked on imports written into files of each layer.
 * ESLint loads its ESM config with a dynamic import, which Jest's VM refuses, so the cases are
 * linted together in one child Node process. Only no-restricted-imports runs: the typed rules
 * need files that exist.
 */
const LINT_CASES = `
const { ESLint } = require('eslint');
const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const eslint = new ESLint({
  ruleFilter: ({ ruleId }) => ruleId === 'no-restricted-imports',
  overrideConfig: { languageOptions: { parserOptions: { projectService: false, project: null } } },
});
Promise.all(cases.map(async ([filePath, source]) => {
  const [result] = await eslint.lintText(source, { filePath });
  return result.messages.map((m) => m.ruleId + ': ' + m.message);
})).then((out) => process.stdout.write(JSON.stringify(out)));
`;

function lintAll(cases: Array<[string, string]>): string[][] {
  const child = spawnSync(process.execPath, ['-e', LINT_CASES], {
    input: JSON.stringify(cases),
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`eslint failed: ${child.stderr}`);
  return JSON.parse(child.stdout) as string[][];
}

const REFUSED: Array<[string, string, RegExp]> = [
  [
    'libs/card/src/reader/x.ts',
    "import { AppModule } from '../../../../apps/kiosk/src/app.module';",
    /never imports from the app/,
  ],
  [
    'libs/door/src/link/x.ts',
    "import { ReaderManager } from '@kiosk/card';",
    /never imports the other/,
  ],
  [
    'libs/card/src/session/x.ts',
    "import { OsdpAcu } from '../../../door/src/link/osdp-acu';",
    /never imports the other/,
  ],
  [
    'libs/card/src/codec/x.ts',
    "import { PcscTransport } from '../transport/pcsc.transport';",
    /codec is pure/,
  ],
  ['libs/door/src/osdp/x.ts', "import { SerialPort } from 'serialport';", /codec is pure/],
  [
    'libs/door/src/osdp/x.ts',
    "import { ReaderManager } from '@kiosk/card';",
    /never imports the other/,
  ],
  [
    'apps/kiosk/src/tap/x.ts',
    "import { OsdpAcu } from '@kiosk/door/link/osdp-acu';",
    /only through its alias/,
  ],
  [
    'apps/kiosk/src/tap/x.ts',
    "import { OsdpAcu } from '../../../../libs/door/src/link/osdp-acu';",
    /only through its alias/,
  ],
  [
    'apps/kiosk/src/tap/x.ts',
    "import { runBenchmarks } from '../../../../bench/bench';",
    /Nothing imports the benchmarks/,
  ],
];
const ALLOWED: Array<[string, string]> = [
  ['apps/kiosk/src/tap/x.ts', "import { ReaderManager } from '@kiosk/card';"],
  ['apps/kiosk/src/doors/x.ts', "import { OsdpPdSimulator } from '@kiosk/door/simulator';"],
  ['libs/card/src/session/x.ts', "import { parseResponseApdu } from '../codec/apdu.codec';"],
  ['libs/door/src/link/x.ts', "import { decodeOsdpFrame } from '../osdp/osdp-frame.codec';"],
  ['bench/x.ts', "import { AccessService } from '../apps/kiosk/src/access/access.service';"],
];

describe('layer rules', () => {
  let results: string[][];
  beforeAll(() => {
    results = lintAll([...REFUSED.map(([f, s]): [string, string] => [f, s]), ...ALLOWED]);
  }, 60_000);

  it.each(REFUSED.map((c, i) => [...c, i] as const))(
    'refuses in %s: %s',
    (_file, _source, message, i) => {
      expect(results[i]).toHaveLength(1);
      expect(results[i]![0]).toMatch(/^no-restricted-imports: /);
      expect(results[i]![0]).toMatch(message);
    },
  );

  it.each(ALLOWED.map((c, i) => [...c, REFUSED.length + i] as const))(
    'allows in %s: %s',
    (_file, _source, i) => {
      expect(results[i]).toEqual([]);
    },
  );
});
