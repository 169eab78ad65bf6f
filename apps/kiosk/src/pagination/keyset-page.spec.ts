import fc from 'fast-check';
import { decodeCursor, encodeCursor, pageOf } from './keyset-page';

const items = (names: string[]) => names.map((name, i) => ({ id: `id${i}`, name }));

describe('pageOf', () => {
  it('pages by name then id, and says where the next page starts', () => {
    const all = items(['Cy', 'Ada', 'Bo', 'Ada']);
    const first = pageOf(all, { limit: 2 });
    expect(first.items.map((i) => [i.name, i.id])).toEqual([
      ['Ada', 'id1'],
      ['Ada', 'id3'],
    ]);
    const second = pageOf(all, { limit: 2, cursor: first.next! });
    expect(second).toEqual({ items: [all[2], all[0]], next: null });
  });

  it('filters by part of the name in any case, and the cursor keeps the filter', () => {
    const all = items(['Night shift', 'Day shift', 'Office', 'SHIFT leads']);
    const page = pageOf(all, { name: 'shift', limit: 2 });
    expect(page.items.map((i) => i.name)).toEqual(['Day shift', 'Night shift']);
    expect(pageOf(all, { name: 'shift', limit: 2, cursor: page.next! }).items).toEqual([all[3]]);
  });

  it('refuses a cursor it did not give', () => {
    for (const cursor of ['x', encodeCursor({ name: 'a', id: 'b' }).slice(2), 'WzFd'])
      expect(() => pageOf([], { cursor })).toThrow(
        expect.objectContaining({ code: 'invalid-input' }),
      );
  });

  it('walks every item once, in order, whatever the page size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 30 }),
        fc.integer({ min: 1, max: 7 }),
        (names, limit) => {
          const all = items(names);
          const seen = [];
          let cursor: string | undefined;
          for (;;) {
            const page = pageOf(all, { limit, cursor });
            seen.push(...page.items);
            if (!page.next) break;
            cursor = page.next;
          }
          expect(seen.map((i) => i.id).sort()).toEqual(all.map((i) => i.id).sort());
          expect(seen).toEqual(
            [...seen].sort((a, b) =>
              a.name < b.name ? -1 : a.name > b.name ? 1 : a.id < b.id ? -1 : 1,
            ),
          );
          expect(decodeCursor(encodeCursor({ name: 'n', id: 'i' }))).toEqual({
            name: 'n',
            id: 'i',
          });
        },
      ),
    );
  });
});
