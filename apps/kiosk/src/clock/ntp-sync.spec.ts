import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BUILD_INFO_FILE, EARLIEST_PLAUSIBLE, earliestPlausible } from './build-date';
import { readNtpSync, type NtpSyncSources } from './ntp-sync';

const sources = (timedatectl: string | null, flag: boolean): NtpSyncSources => ({
  timedatectl: () => Promise.resolve(timedatectl),
  timesyncdFlag: () => Promise.resolve(flag),
});

describe('readNtpSync', () => {
  it.each([
    ['yes\n', false, 'synchronised'],
    ['no\n', true, 'not-synchronised'], // the kernel's word over timesyncd's since-boot flag
    [null, true, 'synchronised'],
    [null, false, 'unknown'],
    ['', false, 'unknown'],
  ] as const)('timedatectl %j, timesyncd flag %s: %s', async (answer, flag, expected) => {
    await expect(readNtpSync(sources(answer, flag))).resolves.toBe(expected);
  });

  it('answers on this machine, whatever it has', async () => {
    await expect(readNtpSync()).resolves.toMatch(/^(synchronised|not-synchronised|unknown)$/);
  });
});

describe('earliestPlausible', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'kiosk-build-'));
    mkdirSync(join(dir, 'apps', 'clock'), { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const from = () => join(dir, 'apps', 'clock');
  const built = (text: string) => writeFileSync(join(dir, BUILD_INFO_FILE), text);

  it('is the build date found above, when later than the floor', () => {
    built(JSON.stringify({ builtAt: '2027-03-04T05:06:07Z' }));
    expect(earliestPlausible(from())).toEqual(new Date('2027-03-04T05:06:07Z'));
  });

  it('is the floor with no build file, an earlier date, or a file that is no build date', () => {
    expect(earliestPlausible(from())).toEqual(EARLIEST_PLAUSIBLE);
    built(JSON.stringify({ builtAt: '2020-01-01T00:00:00Z' }));
    expect(earliestPlausible(from())).toEqual(EARLIEST_PLAUSIBLE);
    built('{ not json');
    expect(earliestPlausible(from())).toEqual(EARLIEST_PLAUSIBLE);
    built(JSON.stringify({ builtAt: 'yesterday' }));
    expect(earliestPlausible(from())).toEqual(EARLIEST_PLAUSIBLE);
  });
});
