import {
  readNtpSyncAtStart,
  takeNtpSyncReadAtStart,
  timedatectlAtStart,
} from './start-up-ntp-sync';

/** Holds the event loop, as the module loading after main.ts's read does. */
function holdTheLoop(ms: number): void {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

describe('timedatectlAtStart', () => {
  it("takes an answer that came while the loop was held past the deadline (execFile's own timeout would have killed it)", async () => {
    const read = timedatectlAtStart(['sh', '-c', 'echo yes'], 50);
    const answer = read();
    holdTheLoop(400);
    await expect(answer).resolves.toBe('yes\n');
  });

  it('stops a timedatectl that does not answer within the deadline, counted from the loop running', async () => {
    const started = performance.now();
    const answer = timedatectlAtStart(['sleep', '5'], 100)();
    await expect(answer).resolves.toBeNull();
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('answers null for a command that cannot run', async () => {
    await expect(timedatectlAtStart(['/nonexistent/timedatectl'], 100)()).resolves.toBeNull();
  });
});

describe('readNtpSyncAtStart', () => {
  it('hands its read to the first taker only', async () => {
    expect(takeNtpSyncReadAtStart()).toBeNull();
    readNtpSyncAtStart({
      timedatectl: () => Promise.resolve('no\n'),
      timesyncdFlag: () => Promise.resolve(true),
    });
    const read = takeNtpSyncReadAtStart();
    expect(takeNtpSyncReadAtStart()).toBeNull();
    await expect(read).resolves.toBe('not-synchronised');
  });
});
