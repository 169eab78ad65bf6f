import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { preProcessFile } from 'typescript';

/**
 * The folders of libs/door/src depend one way (README, "Layers"): each row may import only the
 * rows it names, all above it, so no cycle can form. Above all, link/ (the ACU, and DoorBoard: one
 * PD's commands in the app's words) never imports door/ (the rules of one door, built on the
 * link). ESLint covers the lib's borders (no app, no card lib, pure codecs); this, the folders.
 */
const LAYERS: ReadonlyArray<readonly [unit: string, mayImport: readonly string[]]> = [
  ['decoded.ts', []],
  ['osdp', ['decoded.ts']],
  ['link', ['osdp']],
  ['door', ['osdp', 'link']],
  ['door.module.ts', ['link']],
  ['index.ts', ['decoded.ts', 'osdp', 'link', 'door', 'door.module.ts']],
  // The PD side of the wire, for tests and the demo: codecs, a transport and the LCD's lines.
  ['simulator', ['osdp', 'link']],
];

/** Specs may also use the simulator as the PD on the other end of the line. */
const SPEC_EXTRAS: readonly string[] = ['simulator'];

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

/** The imports of src/ that break the table, as "file -> target (reason)". */
function violations(): string[] {
  const found: string[] = [];
  for (const file of tsFiles(SRC)) {
    const unit = unitOf(file);
    const isSpec = file.endsWith('.spec.ts');
    for (const target of importsOf(file)) {
      const shown = `${relative(SRC, file)} -> ${relative(SRC, target)}`;
      if (!target.startsWith(SRC + sep)) {
        found.push(`${shown} (outside src)`);
        continue;
      }
      const to = unitOf(target);
      if (to === unit) continue;
      const mayImport = allowed.get(unit);
      if (!mayImport) found.push(`${shown} (${unit} has no row in LAYERS)`);
      else if (!mayImport.includes(to) && !(isSpec && SPEC_EXTRAS.includes(to)))
        found.push(`${shown} (${unit} may not import ${to})`);
    }
  }
  return found;
}

describe('libs/door folder layers', () => {
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
    expect(importsOf(join(SRC, 'door', 'door-supervisor.ts'))).toContain(
      join(SRC, 'link', 'osdp-acu.ts'),
    );
  });

  it('link/ never imports door/', () => {
    const intoDoor = tsFiles(join(SRC, 'link')).flatMap((file) =>
      importsOf(file)
        .filter((target) => target.startsWith(join(SRC, 'door') + sep))
        .map((target) => `${relative(SRC, file)} -> ${relative(SRC, target)}`),
    );
    expect(intoDoor).toEqual([]);
  });

  it('imports go one way between the folders of libs/door/src', () => {
    expect(violations()).toEqual([]);
  });
});
