import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DENY_REASONS } from '../access/access-decision';
import { AUDIT_CATALOGUE } from './audit-catalogue';

/** docs/audit-events.md read back: each `## \`type\`` section, its text and its outcome rows. */
function documented(): Map<string, { about: string; outcomes: Map<string, string> }> {
  const text = readFileSync(join(__dirname, '../../../../docs/audit-events.md'), 'utf8');
  const sections = new Map<string, { about: string; outcomes: Map<string, string> }>();
  for (const part of text.split(/^## /m).slice(1)) {
    const [heading = '', ...lines] = part.split('\n');
    const type = /^`([^`]+)`/.exec(heading)?.[1];
    if (!type) throw new Error(`docs/audit-events.md: a section that names no type: ${heading}`);
    const outcomes = new Map<string, string>();
    for (const line of lines) {
      const row = /^\| `([^`]+)` \| (.*) \|$/.exec(line);
      if (row) outcomes.set(row[1]!, row[2]!);
    }
    const about = lines.find((l) => l.trim() !== '') ?? '';
    sections.set(type, { about, outcomes });
  }
  return sections;
}

describe('docs/audit-events.md', () => {
  const docs = documented();

  it('describes every type the code can record, and no other', () => {
    expect([...docs.keys()]).toEqual(Object.keys(AUDIT_CATALOGUE));
  });

  it.each(Object.entries(AUDIT_CATALOGUE))(
    'describes every outcome of %s as the code does',
    (type, entry) => {
      const section = docs.get(type)!;
      expect(section.about).toBe(entry.about);
      expect(Object.fromEntries(section.outcomes)).toEqual(entry.outcomes);
    },
  );

  it('lists the deny reasons in the order they are checked', () => {
    const text = readFileSync(join(__dirname, '../../../../docs/audit-events.md'), 'utf8');
    expect(text).toContain(`in the order they are checked: ${DENY_REASONS.join(', ')}.`);
  });
});
