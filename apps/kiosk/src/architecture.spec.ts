import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

// The app's layering, checked on the source so that it stays true as modules are added
// (docs/architecture.md, "How a write flows").
const ROOT = __dirname;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts') ? [path] : [];
  });
}

const files = sourceFiles(ROOT).map((path) => {
  const source = readFileSync(path, 'utf8');
  return {
    path: relative(ROOT, path),
    source,
    imports: [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]!),
  };
});

const isRepository = (path: string) => path.endsWith('.repository.ts');
const inDatabase = (path: string) => path.startsWith('database/');
const inTesting = (path: string) => path.startsWith('testing/');

describe('app architecture', () => {
  it('finds the source files it checks', () => {
    expect(files.map((f) => f.path)).toEqual(
      expect.arrayContaining(['tap/tap.orchestrator.ts', 'holders/holders.service.ts']),
    );
  });

  it('gives no service, controller or orchestrator a database handle or an ORM', () => {
    const offenders = files
      .filter((f) => !isRepository(f.path) && !inDatabase(f.path) && !inTesting(f.path))
      .filter((f) => !f.path.endsWith('.entity.ts'))
      .filter((f) =>
        f.imports.some(
          (i) => i === 'better-sqlite3' || i === 'typeorm' || /database\/sqlite\//.test(i),
        ),
      )
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it('keeps each entity inside its own feature folder', () => {
    const offenders = files.flatMap((f) =>
      f.imports
        .filter((i) => i.endsWith('.entity'))
        .filter((i) => i.startsWith('..'))
        .map((i) => `${f.path} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it('lets only repositories and the database folder reach the SQLite connection', () => {
    const offenders = files
      .filter((f) => f.imports.some((i) => i.endsWith('/sqlite-connection')))
      .filter((f) => !isRepository(f.path) && !inDatabase(f.path))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });
});

describe('what the start loads', () => {
  it('leaves @nestjs/swagger to the OpenAPI folder, which loads it at the first request for the documents', () => {
    const offenders = files
      .filter((f) => !f.path.startsWith('openapi/'))
      .filter((f) => /^import (?!type )[^;]*from '@nestjs\/swagger'/m.test(f.source))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
  });

  it("leaves class-validator's index, which loads all of validator and libphonenumber-js, unloaded", () => {
    // validation/class-validator.ts takes each part from its own file; types may come from the index.
    const offenders = files
      .filter((f) => /^import (?!type )[^;]*from 'class-validator'/m.test(f.source))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
    const parts = files.find((f) => f.path === 'validation/class-validator.ts');
    expect(
      parts?.imports.filter((i) => i.startsWith('class-validator/cjs/')).length,
    ).toBeGreaterThan(10);
  });

  it("gives Nest Express's adapter from its own file, so that @nestjs/platform-express's index and multer stay unloaded", () => {
    const offenders = files
      .filter((f) => /^import (?!type )[^;]*from '@nestjs\/platform-express'/m.test(f.source))
      .map((f) => f.path);
    expect(offenders).toEqual([]);
    // Without an adapter NestFactory.create imports the index itself.
    const serve = files.find((f) => f.path === 'serve.ts');
    expect(serve?.source).toMatch(
      /NestFactory\.create<NestExpressApplication>\(AppModule, new ExpressAdapter\(\)/,
    );
  });

  it("calls terminus's HealthCheck without its OpenAPI part, which would load @nestjs/swagger", () => {
    const offenders = files
      .filter((f) => !f.path.startsWith('openapi/'))
      .filter((f) =>
        /@HealthCheck\((?!\{ noCache: true, swaggerDocumentation: false \}\))/.test(f.source),
      )
      .map((f) => f.path);
    expect(files.some((f) => f.source.includes('@HealthCheck('))).toBe(true);
    expect(offenders).toEqual([]);
  });
});
