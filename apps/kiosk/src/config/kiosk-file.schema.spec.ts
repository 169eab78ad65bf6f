import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { parse } from 'yaml';
import { kioskFileJsonSchemaText } from './kiosk-file.schema';
import { resolveKioskConfig } from './kiosk.config';

const ROOT = join(__dirname, '..', '..', '..', '..');
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

type Node = { properties?: Record<string, Node>; items?: Node };

/** Every key path the schema allows: `doors[].relayOutput`. */
function keyPaths(node: Node, prefix = ''): string[] {
  const own = Object.entries(node.properties ?? {}).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...keyPaths(child, path)];
  });
  return node.items ? [...own, ...keyPaths(node.items, `${prefix}[]`)] : own;
}

/** Every key path a value holds, in the same form. */
function valuePaths(value: unknown, prefix = ''): string[] {
  if (Array.isArray(value)) return value.flatMap((item) => valuePaths(item, `${prefix}[]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, child]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    return [path, ...valuePaths(child, path)];
  });
}

describe('kiosk.schema.json', () => {
  it('is the one generated from the schema (npm run build && npm run config:schema)', () => {
    expect(read('kiosk.schema.json')).toBe(kioskFileJsonSchemaText());
  });

  it('refuses what the loader refuses by type, range or key', () => {
    const validate = new Ajv2020({ allErrors: true }).compile(
      JSON.parse(read('kiosk.schema.json')),
    );
    expect(validate({ http: { port: 70000 }, colour: 'red', doors: [{ id: 'a' }] })).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual([
      ' must NOT have additional properties',
      '/http/port must be <= 65535',
      "/doors/0 must have required property 'relayOutput'",
      "/doors/0 must have required property 'contactInput'",
    ]);
  });
});

describe('kiosk.example.yaml', () => {
  const example: unknown = parse(read('kiosk.example.yaml'));

  it('passes the loader', () => {
    // Its PAN key path is the installed one; here, one that can be created.
    const env = { KIOSK_PAN_KEY_FILE: join(tmpdir(), 'kiosk-example', 'pan.key') };
    const source = { path: 'kiosk.example.yaml', namedBy: 'argument', problem: null } as const;
    const { config } = resolveKioskConfig(env, { ...source, text: read('kiosk.example.yaml') });
    expect(config.doors.map((d) => [d.id, d.address, d.readers])).toEqual([
      ['front', 0, ['ACR122U PICC Interface 00']],
      ['back', 1, ['/Identiv .* 01$/']],
    ]);
  });

  it('passes the JSON Schema (ajv)', () => {
    const validate = new Ajv2020({ allErrors: true }).compile(
      JSON.parse(read('kiosk.schema.json')),
    );
    expect(validate(example) ? [] : validate.errors).toEqual([]);
  });

  it('shows every key', () => {
    const schema = JSON.parse(read('kiosk.schema.json')) as Node;
    const shown = new Set(valuePaths(example));
    expect(keyPaths(schema)).toHaveLength(56);
    expect(keyPaths(schema).filter((path) => !shown.has(path))).toEqual([]);
  });
});
