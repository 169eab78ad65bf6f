import type { PcscdProbeResult } from '@kiosk/card';
import { FakeDoctorHost } from '../testing/fake-doctor-host';
import { formatCheckLine } from './doctor-check';
import {
  checkPcscd,
  listReadersInChild,
  PCSCD_DEADLINE_MS,
  type ReaderListing,
} from './pcscd.check';

const answering: PcscdProbeResult = { answering: true, protocol: '4.4', ms: 3 };
const probe = (result: PcscdProbeResult) => jest.fn((_ms: number) => Promise.resolve(result));

describe('the pcscd check', () => {
  it('names each reader when pcscd answers', async () => {
    const listing = { readers: ['Virtual PCD 00 00', 'Virtual PCD 00 01'] };
    const result = await checkPcscd(probe(answering), () => Promise.resolve(listing));
    expect(formatCheckLine(result)).toBe(
      'ok   pcscd: answering, 2 readers: Virtual PCD 00 00, Virtual PCD 00 01',
    );
  });

  it('probes with the watchdog deadline, and lists no readers of a daemon that does not answer', async () => {
    const p = probe({ answering: false, problem: 'pcscd does not answer within 2000 ms' });
    const list = jest.fn(() => Promise.resolve<ReaderListing>({ readers: [] }));
    const result = await checkPcscd(p, list);
    expect(p).toHaveBeenCalledWith(PCSCD_DEADLINE_MS);
    expect(list).not.toHaveBeenCalled();
    expect(formatCheckLine(result)).toBe(
      'FAIL pcscd: pcscd does not answer within 2000 ms - restart it: systemctl restart pcscd (journalctl -u pcscd says why it stopped)',
    );
  });

  it('says how to start a pcscd that is not running', async () => {
    const result = await checkPcscd(
      probe({
        answering: false,
        problem: 'pcscd is not running (no one at /run/pcscd/pcscd.comm)',
      }),
      () => Promise.resolve({ readers: [] }),
    );
    expect(result.fix).toMatch(/^start it: systemctl enable --now pcscd.socket/);
  });

  it('warns when there is no reader', async () => {
    const result = await checkPcscd(probe(answering), () => Promise.resolve({ readers: [] }));
    expect(result).toMatchObject({ status: 'warn', line: 'answering, no readers' });
  });

  it('fails when the readers cannot be listed in time', async () => {
    const result = await checkPcscd(probe(answering), () =>
      Promise.resolve({ problem: 'listing its readers did not finish within 6 s' }),
    );
    expect(result).toMatchObject({
      status: 'fail',
      line: 'answering (protocol 4.4), but listing its readers did not finish within 6 s',
    });
  });
});

describe('listing readers in a child process', () => {
  const cli = { node: '/usr/bin/node', script: '/opt/kiosk/cli.js' };
  const command = '/usr/bin/node /opt/kiosk/cli.js card readers --json --wait 1000';

  it('reads `kiosk card readers --json`', async () => {
    const host = new FakeDoctorHost().answer(command, {
      status: 0,
      stdout: '[{"reader":"A","cardPresent":false},{"reader":"B","cardPresent":true}]',
      stderr: '',
    });
    await expect(listReadersInChild(host, cli)()).resolves.toEqual({ readers: ['A', 'B'] });
  });

  it('reports a child killed at its deadline', async () => {
    const host = new FakeDoctorHost().answer(command, { error: 'timeout' });
    await expect(listReadersInChild(host, cli)()).resolves.toEqual({
      problem: 'listing its readers did not finish within 6 s',
    });
  });

  it('reports a child that failed with its first line', async () => {
    const host = new FakeDoctorHost().answer(command, {
      status: 70,
      stdout: '',
      stderr: 'kiosk: the pcsclite addon cannot be loaded\nat …',
    });
    await expect(listReadersInChild(host, cli)()).resolves.toEqual({
      problem: 'its readers cannot be listed (kiosk: the pcsclite addon cannot be loaded)',
    });
  });
});
