import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OutageJournal } from './outage-journal';
import { WriteOutage, type Outage } from './write-outage';

const OUTAGE: Outage = {
  since: new Date('2026-12-02T10:00:00.123Z'),
  cause: 'SQLITE_FULL: database or disk is full',
  failedWrites: 4,
  refusedTaps: 2,
  restarts: 0,
};

describe('OutageJournal', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'outage-journal-'));
    path = join(dir, 'kiosk.db-outage');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is made at its full size, private, holding no outage', () => {
    const journal = OutageJournal.open(path);
    expect(journal.read()).toBeNull();
    journal.close();
    expect(statSync(path).size).toBe(512);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('gives back the outage written, in another process (a restart)', () => {
    const first = OutageJournal.open(path);
    first.write(OUTAGE);
    first.close();
    const second = OutageJournal.open(path);
    expect(second.read()).toEqual(OUTAGE);
    second.write(null);
    expect(second.read()).toBeNull();
    second.close();
  });

  it('rewrites in place: same file, same size, whatever is written', () => {
    const journal = OutageJournal.open(path);
    const inode = statSync(path).ino;
    journal.write({ ...OUTAGE, cause: 'x'.repeat(5000) });
    expect(journal.read()?.cause).toBe('x'.repeat(300));
    journal.write(null);
    journal.close();
    expect(statSync(path)).toMatchObject({ ino: inode, size: 512 });
    expect(readFileSync(path, 'utf8').trim()).toBe('');
  });

  it.each([
    ['not JSON', '{ since'],
    ['a date that is none', JSON.stringify({ ...OUTAGE, since: 'yesterday' })],
    ['a negative count', JSON.stringify({ ...OUTAGE, refusedTaps: -1 })],
    ['a count that is text', JSON.stringify({ ...OUTAGE, restarts: '1' })],
    ['no cause', JSON.stringify({ ...OUTAGE, cause: undefined })],
  ])('reads %s as no outage, and makes the file whole again', (_what, text) => {
    writeFileSync(path, text);
    const journal = OutageJournal.open(path);
    expect(journal.read()).toBeNull();
    journal.close();
    expect(statSync(path).size).toBe(512);
  });

  it('says why it cannot be opened', () => {
    expect(() => OutageJournal.open(join(dir, 'missing', 'kiosk.db-outage'))).toThrow(/ENOENT/);
  });
});

describe('WriteOutage.resume', () => {
  it('takes up the previous outage: out of service again, counting on', () => {
    const outage = new WriteOutage();
    const changes: (Outage | null)[] = [];
    outage.on('changed', (o) => changes.push(o));
    outage.resume(OUTAGE);
    expect(changes).toEqual([{ ...OUTAGE, restarts: 1 }]);
    outage.tapRefused();
    expect(outage.outage).toMatchObject({ refusedTaps: 3, restarts: 1 });
  });

  it('adds what this run already counted to what the previous run did', () => {
    const outage = new WriteOutage();
    outage.failed(Object.assign(new Error('disk full'), { code: 'SQLITE_FULL' }));
    outage.tapRefused();
    const counted: Outage[] = [];
    outage.on('counted', (o) => counted.push(o));
    outage.resume(OUTAGE);
    expect(outage.outage).toEqual({ ...OUTAGE, failedWrites: 5, refusedTaps: 3, restarts: 1 });
    expect(counted).toHaveLength(1);
  });
});
