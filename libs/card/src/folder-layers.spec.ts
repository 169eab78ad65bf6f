import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { preProcessFile } from 'typescript';

/**
 * The folders of libs/card/src depend one way (README, "Layers"): each row may import only the
 * rows it names, and names only rows above it, so no cycle can form. ESLint's layer rules cover
 * the lib's borders (no app, no other lib, pure codecs); this covers the folders inside it.
 */
const LAYERS: ReadonlyArray<readonly [unit: string, mayImport: readonly string[]]> = [
  ['codec', []],
  ['card-logger.ts', []],
  ['transport', ['codec', 'card-logger.ts']],
  ['session', ['codec', 'transport']],
  ['credential', ['codec', 'transport', 'session']],
  ['reader', ['codec', 'card-logger.ts', 'transport', 'session', 'credential']],
  ['card.module.ts', ['card-logger.ts', 'transport', 'reader']],
  [
    'index.ts',
    ['codec', 'card-logger.ts', 'transport', 'session', 'credential', 'reader', 'card.module.ts'],
  ],
  // The card side of the wire (vpcd), for tests and demos: it shares the codecs only.
  ['virtual', ['codec']],
];

/** Specs may reach further: the virtual profiles are proven by reading them with the real stack. */
const SPEC_EXTRAS: Readonly<Record<string, readonly string[]>> = {
  virtual: ['transport', 'reader'],
};
/** Outside src/, a spec may read the fixtures and nothing else (lint keeps the app and door out). */
const TEST_DATA = resolve(__dirname, '..', 'test-data');

const SRC = __dirname;
const allowed = new Map(LAYERS.map(([unit, mayImport]) => [unit, mayImport]));

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });
}

/** A file's unit: its top folder under src/; at the top, its own name (a spec: its subject's). */
function unitOf(path: string): string {
  const [top = '', ...rest] = relative(SRC, path).split(sep);
  return rest.length > 0 ? top : top.replace(/\.spec\.ts$/, '.ts');
}

/** Every relative import, re-export and dynamic import of a file, resolved to its .ts file. */
function importsOf(path: string): string[] {
  const { importedFiles } = preProcessFile(readFileSync(path, 'utf8'), true, true);
  return importedFiles
    .map((f) => f.fileName)
    .filter((name) => name.startsWith('.'))
    .map((name) => resolve(dirname(path), name))
    .map((target) => (existsSync(`${target}.ts`) ? `${target}.ts` : join(target, 'index.ts')));
}

/** The imports of src/ that break the table, as "file -> target (unit)". */
function violations(): string[] {
  const found: string[] = [];
  for (const file of tsFiles(SRC)) {
    const unit = unitOf(file);
    const isSpec = file.endsWith('.spec.ts');
    for (const target of importsOf(file)) {
      const shown = `${relative(SRC, file)} -> ${relative(SRC, target)}`;
      if (!target.startsWith(SRC + sep)) {
        if (!(isSpec && target.startsWith(TEST_DATA + sep))) found.push(`${shown} (outside src)`);
        continue;
      }
      const to = unitOf(target);
      if (to === unit) continue;
      const mayImport = allowed.get(unit);
      if (!mayImport) found.push(`${shown} (${unit} has no row in LAYERS)`);
      else if (!mayImport.includes(to) && !(isSpec && SPEC_EXTRAS[unit]?.includes(to)))
        found.push(`${shown} (${unit} may not import ${to})`);
    }
  }
  return found;
}

describe('libs/card folder layers', () => {
  it('has no cycle in its own table: each row names only rows above it', () => {
    const above = new Set<string>();
    for (const [unit, mayImport] of LAYERS) {
      expect({ unit, below: mayImport.filter((u) => !above.has(u)) }).toEqual({ unit, below: [] });
      above.add(unit);
    }
  });

  it('finds the imports of every folder (the check is not vacuous)', () => {
    const units = new Set(tsFiles(SRC).map(unitOf));
    for (const [unit] of LAYERS) expect(units).toContain(unit);
    expect(importsOf(join(SRC, 'reader', 'reader-manager.ts'))).toContain(
      join(SRC, 'transport', 'card-transport.ts'),
    );
  });

  it('imports go one way between the folders of libs/card/src', () => {
    expect(violations()).toEqual([]);
  });
});
