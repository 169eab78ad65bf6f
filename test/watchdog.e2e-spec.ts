import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KioskRig } from './harness/kiosk-rig';
import { waitFor } from './harness/wait';

/**
 * The failures that raise no error, in the real kiosk: pcscd stopped with SIGSTOP (its socket
 * stays, the kernel even accepts connections for it) turns health 503 within the watchdog's
 * deadline, with an audit event and the LCD out of service; after SIGCONT cards are read again
 * without a restart. And systemd's side, with a stand-in systemd-notify on PATH: ready once the
 * first tap can be decided, alive every half WatchdogSec, stopping at SIGTERM.
 */
const UID = '04DA7C4D060001';
/** Look every 5 s, pcscd given 2 s: a fault shows within 7 s (and a margin for a loaded box). */
const NOTICED_WITHIN_MS = 12_000;

describe('the watchdog', () => {
  let rig: KioskRig;
  const bin = mkdtempSync(join(tmpdir(), 'kiosk-e2e-notify-'));
  const notes = join(bin, 'notes');

  beforeAll(async () => {
    // Records each call's arguments, one line each, as systemd would receive them.
    writeFileSync(join(bin, 'systemd-notify'), `#!/bin/sh\necho "$*" >> ${notes}\n`);
    chmodSync(join(bin, 'systemd-notify'), 0o755);
    rig = await KioskRig.start({
      vpcdPort: 0x9e20,
      env: {
        PATH: `${bin}:${process.env.PATH ?? ''}`,
        NOTIFY_SOCKET: join(bin, 'notify.sock'),
        WATCHDOG_USEC: '2000000',
      },
      prepare: (r) =>
        r.cli(['holder', 'add', '--group', 'Everyone', '--name', 'Watch Dot', '--uid', UID]),
    });
  });
  afterAll(async () => {
    await rig?.stop();
    rmSync(bin, { recursive: true, force: true });
  });

  const health = async () => {
    const res = await fetch(`${rig.kiosk.url}/api/v1/health`);
    return { status: res.status, text: JSON.stringify(await res.json()) };
  };
  const notified = () => readFileSync(notes, 'utf8').trim().split('\n');

  it('told systemd it is ready, then keeps telling it it is alive', async () => {
    expect(notified()[0]).toMatch(/^READY=1 STATUS=ready for the first tap MAINPID=\d+$/);
    const pings = notified().filter((l) => l === 'WATCHDOG=1').length;
    await waitFor('two more pings (every 1 s)', () =>
      notified().filter((l) => l === 'WATCHDOG=1').length >= pings + 2 ? true : undefined,
    );
  });

  it('notices a stopped pcscd in time, and reads cards again once it runs, without a restart', async () => {
    const pid = rig.kiosk.pid;
    expect((await health()).status).toBe(200);
    const stoppedAt = Date.now();
    rig.pcscd.signal('SIGSTOP');
    try {
      await waitFor(
        'health 503 naming pcscd',
        async () => {
          const h = await health();
          return h.status === 503 && /pcscd does not answer within 2000 ms/.test(h.text)
            ? true
            : undefined;
        },
        NOTICED_WITHIN_MS,
      );
      expect(Date.now() - stoppedAt).toBeLessThan(NOTICED_WITHIN_MS);
      await rig.door.waitForLcd('Out of service');
      expect(rig.audit().at(-1)).toMatchObject({
        type: 'device-event',
        outcome: 'pcscd-not-answering',
        reason: 'pcscd does not answer within 2000 ms',
      });
    } finally {
      rig.pcscd.signal('SIGCONT');
    }
    await waitFor(
      'health 200 again',
      async () => ((await health()).status === 200 ? true : undefined),
      NOTICED_WITHIN_MS,
    );
    expect(rig.audit().some((r) => r.outcome === 'pcscd-answering')).toBe(true);
    await rig.door.waitForLcd('Present card');
    expect(await rig.tap(UID)).toMatchObject({ outcome: 'granted' });
    expect(rig.kiosk.pid).toBe(pid);
  });

  it('tells systemd it is stopping at SIGTERM', async () => {
    expect(await rig.kiosk.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(notified().at(-1)).toBe('STOPPING=1 STATUS=stopping (SIGTERM)');
    await rig.restartKiosk(); // for afterAll's orderly stop
  });
});
