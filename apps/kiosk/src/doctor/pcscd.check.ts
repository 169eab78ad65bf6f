import type { PcscdProbeResult } from '@kiosk/card';
import { fail, ok, warn, type CheckResult } from './doctor-check';
import type { DoctorHost } from './doctor-host';

/** How long pcscd has to answer CMD_VERSION: the watchdog's deadline. */
export const PCSCD_DEADLINE_MS = 2000;
/** How long `kiosk card readers` may take in its child process, listening included. */
const LIST_DEADLINE_MS = 6000;
const LISTEN_MS = 1000;

export type ReaderListing = { readers: string[] } | { problem: string };

/**
 * pcscd answering, then its readers. The probe speaks pcscd's protocol on a socket with a
 * deadline; only then are the readers listed, and in a child process (`kiosk card readers`) that
 * is killed at its deadline: libpcsclite's first call blocks the thread when the daemon is
 * stopped (SIGSTOP) after the probe, and nothing in this process may wait on it.
 */
export async function checkPcscd(
  probe: (deadlineMs: number) => Promise<PcscdProbeResult>,
  listReaders: () => Promise<ReaderListing>,
): Promise<CheckResult> {
  const answer = await probe(PCSCD_DEADLINE_MS);
  if (!answer.answering)
    return fail(
      'pcscd',
      answer.problem,
      answer.problem.includes('not running')
        ? 'start it: systemctl enable --now pcscd.socket (apt-get install pcscd if missing)'
        : 'restart it: systemctl restart pcscd (journalctl -u pcscd says why it stopped)',
    );
  const listing = await listReaders();
  if ('problem' in listing)
    return fail(
      'pcscd',
      `answering (protocol ${answer.protocol}), but ${listing.problem}`,
      'systemctl restart pcscd, then run kiosk card readers',
    );
  if (listing.readers.length === 0)
    return warn(
      'pcscd',
      'answering, no readers',
      'plug the card reader in (lsusb; journalctl -u pcscd), unless every door reads cards over OSDP',
    );
  const n = listing.readers.length;
  return ok('pcscd', `answering, ${n} reader${n === 1 ? '' : 's'}: ${listing.readers.join(', ')}`);
}

/** `kiosk card readers --json` of this very command line, run as a child with a deadline. */
export function listReadersInChild(
  host: DoctorHost,
  cli: { node: string; script: string },
): () => Promise<ReaderListing> {
  return async () => {
    const run = await host.run(
      cli.node,
      [cli.script, 'card', 'readers', '--json', '--wait', String(LISTEN_MS)],
      LIST_DEADLINE_MS,
    );
    if ('error' in run)
      return {
        problem:
          run.error === 'timeout'
            ? `listing its readers did not finish within ${LIST_DEADLINE_MS / 1000} s`
            : `its readers cannot be listed (${run.error})`,
      };
    if (run.status !== 0)
      return { problem: `its readers cannot be listed (${firstLine(run.stderr) || run.status})` };
    try {
      const rows = JSON.parse(run.stdout) as Array<{ reader: string }>;
      return { readers: rows.map((r) => r.reader) };
    } catch {
      return { problem: `kiosk card readers printed no JSON (${firstLine(run.stdout)})` };
    }
  };
}

const firstLine = (text: string) => text.trim().split('\n')[0] ?? '';
