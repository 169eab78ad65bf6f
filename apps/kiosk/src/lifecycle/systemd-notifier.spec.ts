import { SystemdNotifier } from './systemd-notifier';

function aNotifier(env: NodeJS.ProcessEnv) {
  const sent: string[][] = [];
  const notifier = new SystemdNotifier(env, (assignments) => {
    sent.push([...assignments]);
    return Promise.resolve();
  });
  return { notifier, sent };
}

describe('SystemdNotifier', () => {
  it('says nothing when systemd did not ask (no NOTIFY_SOCKET)', async () => {
    const { notifier, sent } = aNotifier({ WATCHDOG_USEC: '30000000' });
    expect(notifier.active).toBe(false);
    expect(notifier.watchdogPingMs).toBeNull();
    await notifier.ready('ready');
    await notifier.alive();
    expect(sent).toEqual([]);
  });

  it('tells ready with its status and main pid, alive, and stopping', async () => {
    const { notifier, sent } = aNotifier({ NOTIFY_SOCKET: '/run/systemd/notify' });
    await notifier.ready('ready for the first tap');
    await notifier.alive();
    await notifier.stopping('stopping (SIGTERM)');
    expect(sent).toEqual([
      ['READY=1', 'STATUS=ready for the first tap', `MAINPID=${process.pid}`],
      ['WATCHDOG=1'],
      ['STOPPING=1', 'STATUS=stopping (SIGTERM)'],
    ]);
  });

  it.each([
    [{ WATCHDOG_USEC: '30000000' }, 15_000],
    [{ WATCHDOG_USEC: '1000' }, 1],
    [{ WATCHDOG_USEC: '30000000', WATCHDOG_PID: String(process.pid) }, 15_000],
    [{ WATCHDOG_USEC: '30000000', WATCHDOG_PID: '1' }, null], // meant for another process
    [{ WATCHDOG_USEC: '0' }, null],
    [{ WATCHDOG_USEC: 'soon' }, null],
    [{}, null],
  ])('pings every half watchdog period: %j gives %s ms', (env, ms) => {
    const { notifier } = aNotifier({ NOTIFY_SOCKET: '/run/systemd/notify', ...env });
    expect(notifier.watchdogPingMs).toBe(ms);
  });

  it('lets the caller know a message could not be sent', async () => {
    const notifier = new SystemdNotifier({ NOTIFY_SOCKET: '/x' }, () =>
      Promise.reject(new Error('spawn systemd-notify ENOENT')),
    );
    await expect(notifier.alive()).rejects.toThrow(/ENOENT/);
  });
});
