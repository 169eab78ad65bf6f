import Database from 'better-sqlite3';
import { withPageCache } from './sqlite-pragmas';

describe('withPageCache', () => {
  const db = new Database(':memory:');
  const sql = { statement: (text: string) => db.prepare(text) };
  const cacheSize = () => db.pragma('cache_size', { simple: true }) as number;
  afterAll(() => db.close());

  it('runs the work with the cache raised, then sets it back', () => {
    db.pragma('cache_size = -3000');
    expect(withPageCache(sql, 64, () => cacheSize())).toBe(-64 * 1024);
    expect(cacheSize()).toBe(-3000);
  });

  it('sets it back when the work throws', () => {
    db.pragma('cache_size = 500');
    expect(() =>
      withPageCache(sql, 8, () => {
        throw new Error('bad row');
      }),
    ).toThrow('bad row');
    expect(cacheSize()).toBe(500);
  });
});
