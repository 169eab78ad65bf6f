import type { z } from 'zod';
import { kioskFileJsonSchema } from './kiosk-file.schema';

/** `doors[1].relayOutput`: how a problem names a key of the file. */
export function keyPath(path: ReadonlyArray<PropertyKey>): string {
  const joined = path
    .map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`))
    .join('')
    .replace(/^\./, '');
  return joined === '' ? '(top level)' : joined;
}

/** One zod issue as problem lines, `path.to.key: problem` (one line per unknown key). */
export function describeIssue(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeys(issue.path);
    return issue.keys.map(
      (key) => `${keyPath([...issue.path, key])}: unknown key (known: ${known.join(', ')})`,
    );
  }
  return [`${keyPath(issue.path)}: ${problemOf(issue)}`];
}

function problemOf(issue: z.core.$ZodIssue): string {
  const input = (issue as { input?: unknown }).input;
  if (issue.code === 'invalid_type' && input === undefined) return 'required';
  const message = issue.message.startsWith('Invalid input') ? genericMessage(issue) : issue.message;
  // A list or mapping is shown only where one was not expected (a type problem).
  const scalar = input === null || typeof input !== 'object' || issue.code === 'invalid_type';
  const shown =
    input === undefined || issue.code === 'custom' || !scalar ? '' : ` (got ${show(input)})`;
  return message.includes('(got ') ? message : `${message}${shown}`;
}

function genericMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type')
    return `expected ${EXPECTED[issue.expected] ?? issue.expected}`;
  if (issue.code === 'invalid_value')
    return `expected one of ${issue.values.map(String).join(', ')}`;
  return issue.message;
}

const EXPECTED: Record<string, string> = {
  object: 'a mapping of keys',
  array: 'a list',
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
};

function show(value: unknown): string {
  if (typeof value === 'string' && value.length > 40) return `${value.length} characters`;
  if (Array.isArray(value)) return 'a list';
  if (value !== null && typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}

type JsonSchemaNode = { properties?: Record<string, JsonSchemaNode>; items?: JsonSchemaNode };
let schemaRoot: JsonSchemaNode | undefined;

/** The keys the schema allows at `path`, from the JSON Schema generated from it. */
function knownKeys(path: ReadonlyArray<PropertyKey>): string[] {
  schemaRoot ??= kioskFileJsonSchema() as JsonSchemaNode;
  let node: JsonSchemaNode | undefined = schemaRoot;
  for (const part of path)
    node = typeof part === 'number' ? node?.items : node?.properties?.[String(part)];
  return Object.keys(node?.properties ?? {});
}
