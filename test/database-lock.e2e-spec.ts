import Database from 'better-sqlite3';
import { KioskRig } from './harness/kiosk-rig';
import { doorHealth } from './harness/health';
import { waitFor } from './harness/wait';

/**
 * Another process (a CLI command, a backup, an installer's sqlite3 shell) holds the database
 * write lock for 12 s while the door is forced open and closed. The kiosk keeps its events in
 * order and writes them when the lock frees; it never blocks its event loop waiting, so health
 * keeps answering, and says that writes are waiting.
 */
const HOLD_MS = 12_000;

interface Health {
  status: string;
  details: { database: { status: string; waiting: number; problem?: string } };
}

describe('another process holds the database write lock', () => {
  let rig: KioskRig;

  beforeAll(async () => {
    rig = await KioskRig.start({ vpcdPort: 0x9cf0 });
  });
  afterAll(() => rig?.stop());

  const doorEvents = () =>
    rig
      .audit()
      .filter((row) => row.type === 'door-event')
      .map((row) => row.outcome);

  it('keeps door events in order until the lock frees, and health answers throughout', async () => {
    await waitFor('the door known closed', async () =>
      (await doorHealth(rig.kiosk.url)).contact === 'closed' ? true : undefined,
    );
    const before = doorEvents().length;
    const other = new Database(rig.dbPath);
    const answers: { ms: number; health: Health }[] = [];
    try {
      other.prepare('BEGIN IMMEDIATE').run();
      const locked = Date.now();
      rig.door.simulator.setDoorOpen(true);
      setTimeout(() => rig.door.simulator.setDoorOpen(false), 1500);
      while (Date.now() - locked < HOLD_MS) {
        const started = performance.now();
        const response = await fetch(`${rig.kiosk.url}/api/v1/health`);
        const health = (await response.json()) as Health;
        answers.push({ ms: performance.now() - started, health });
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      // Nothing could be written while the lock was held.
      expect(doorEvents().length).toBe(before);
    } finally {
      other.prepare('ROLLBACK').run();
      other.close();
    }
    await waitFor('the door events to be written', () =>
      doorEvents().length >= before + 4 ? true : undefined,
    );
    expect(doorEvents().slice(before)).toEqual([
      'opened',
      'forced-open',
      'closed',
      'forced-open-cleared',
    ]);
    expect(rig.cli(['audit', 'verify'])).toMatch(/^Audit chain intact/);

    const slowest = Math.max(...answers.map((a) => a.ms));
    process.stdout.write(
      `health while locked: ${answers.length} answers, slowest ${slowest.toFixed(1)} ms\n`,
    );
    expect(answers.length).toBeGreaterThan(50);
    // The event loop never waits on the lock for long (busy_timeout 20 ms, then async retries);
    // before, one write blocked it for the 5 s busy timeout, and health took 9.8 s. The bound is
    // far from both: a loaded machine answers in a few hundred ms (318 seen), a blocked loop in 5 s.
    expect(slowest).toBeLessThan(1500);
    const waiting = answers.filter((a) => a.health.details.database.waiting > 0);
    expect(waiting.length).toBeGreaterThan(0);
    expect(answers.at(-1)?.health.details.database).toMatchObject({
      status: 'down',
      problem: expect.stringContaining('waiting for the database write lock'),
    });
    const after = (await (await fetch(`${rig.kiosk.url}/api/v1/health`)).json()) as Health;
    expect(after.details.database).toMatchObject({ status: 'up', waiting: 0 });
  });
});
