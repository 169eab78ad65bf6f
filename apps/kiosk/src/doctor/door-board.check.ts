import { OsdpAcu, SerialTransport, type DoorLinkFault, type OsdpAcuEvents } from '@kiosk/door';
import type { DoorSettings } from '../config/doors.config';
import { fail, ok, warn, type CheckResult } from './doctor-check';

type PdId = NonNullable<OsdpAcuEvents['pd-online'][1]['id']>;

/** How long the boards have to answer osdp_ID and osdp_CAP (three tries of 200 ms each, and slack). */
export const BOARD_DEADLINE_MS = 3000;

export type BoardAnswer =
  | { readonly address: number; readonly answered: true; readonly id: PdId | null }
  | { readonly address: number; readonly answered: false };

/** What asking the boards found: their answers, or why the port could not be opened. */
export type BoardPoll =
  | { readonly answers: readonly BoardAnswer[] }
  | { readonly openProblem: string; readonly held: boolean };

/** What the running service says of each door's board (its health), when it holds the port. */
export type ServiceDoors =
  | { readonly doors: ReadonlyArray<{ doorId: string; address: number; online: boolean }> }
  | { readonly problem: string };

/**
 * Opens the port as the service does (libs/door's ACU on a SerialTransport) and lets each PD be
 * discovered: osdp_ID, then osdp_CAP, from sequence number 0 (OSDP v2.2). Every address ends
 * online, or offline after its retries, or the deadline passes; then the port is closed again.
 * serialport locks the port (flock): one the service has open fails with "Cannot lock port".
 */
export async function pollBoards(
  port: { path: string; baudRate: number },
  addresses: readonly number[],
  deadlineMs = BOARD_DEADLINE_MS,
): Promise<BoardPoll> {
  // No second probe of an offline PD within the deadline: its first silence is the answer.
  const acu = new OsdpAcu(new SerialTransport(port), {
    addresses: [...addresses],
    offlineProbeMs: 60_000,
  });
  const answers = new Map<number, BoardAnswer>();
  let openFault: DoorLinkFault | null = null;
  let timer: NodeJS.Timeout | undefined;
  const settled = new Promise<void>((resolve) => {
    const settle = () => {
      if (openFault || answers.size === addresses.length) resolve();
    };
    acu.on('pd-online', (address, info) => {
      answers.set(address, { address, answered: true, id: info.id ?? null });
      settle();
    });
    acu.on('pd-offline', (address, reason) => {
      if (reason === 'no-reply') answers.set(address, { address, answered: false });
      settle();
    });
    acu.on('transport-lost', (fault) => {
      openFault ??= fault;
      settle();
    });
    acu.on('error', () => undefined); // an internal error leaves the PD unanswered: reported so
    timer = setTimeout(resolve, deadlineMs);
  });
  await acu.start();
  await settled;
  clearTimeout(timer);
  await acu.stop();
  if (openFault) return openProblem(openFault);
  return {
    answers: addresses.map(
      (address) => answers.get(address) ?? { address, answered: false as const },
    ),
  };
}

function openProblem(fault: DoorLinkFault): BoardPoll {
  // Not `instanceof Error`: the binding's error may come from another realm (a test's sandbox).
  const message = (fault.cause as { message?: unknown } | undefined)?.message;
  const cause = typeof message === 'string' ? message : '';
  const text = `${fault.message}${cause ? `: ${cause}` : ''}`;
  return { openProblem: text, held: /cannot lock port/i.test(text) };
}

/** One line per board on the bus, naming the doors wired to it. */
export function boardLines(
  doors: readonly DoorSettings[],
  baudRate: number,
  poll: BoardPoll,
  /** Asked only when another process holds the port. */
  held: ServiceDoors | null,
): CheckResult[] {
  const addresses = [...new Set(doors.map((d) => d.address))];
  const name = (address: number) =>
    `door board ${address} (${doors
      .filter((d) => d.address === address)
      .map((d) => d.id)
      .join(', ')})`;
  if ('openProblem' in poll) {
    if (!poll.held)
      return [fail('door board', poll.openProblem, 'see the serial line above; ls -l the port')];
    if (held === null || 'problem' in held)
      return [
        warn(
          'door board',
          `not asked: the serial port is held by another process (the kiosk service?)${held ? `, whose health does not answer (${held.problem})` : ''}`,
          'systemctl status kiosk; or stop it and run kiosk doctor again',
        ),
      ];
    return addresses.map((address) => {
      const online = held.doors.filter((d) => d.address === address).every((d) => d.online);
      return online
        ? ok(name(address), 'the running kiosk service holds the port and reports it online')
        : fail(
            name(address),
            'the running kiosk service holds the port and reports it offline',
            `check the wiring (A/B, ground), the board's OSDP address (${address}) and baud rate (${baudRate})`,
          );
    });
  }
  return poll.answers.map((answer) =>
    answer.answered
      ? ok(name(answer.address), `answers osdp_ID at ${baudRate} baud${describeId(answer.id)}`)
      : fail(
          name(answer.address),
          `no answer to osdp_ID at ${baudRate} baud`,
          `check the wiring (A/B, ground, power), the board's OSDP address (${answer.address}) and baud rate (doorBus.baudRate)`,
        ),
  );
}

function describeId(id: PdId | null): string {
  if (id === null) return '';
  const vendor = `0x${id.vendorCode.toString(16).padStart(6, '0')}`;
  const { major, minor, build } = id.firmware;
  return `: vendor ${vendor}, model ${id.model}, serial ${id.serialNumber}, firmware ${major}.${minor}.${build}`;
}

/** The running service's view of its doors, from its health (open on loopback without a token). */
export async function askServiceDoors(http: { host: string; port: number }): Promise<ServiceDoors> {
  const host = ['0.0.0.0', '::', ''].includes(http.host) ? '127.0.0.1' : http.host;
  try {
    const response = await fetch(
      `http://${host.includes(':') ? `[${host}]` : host}:${http.port}/api/v1/health`,
      {
        signal: AbortSignal.timeout(2000),
      },
    );
    const body = (await response.json()) as {
      details?: { doors?: { doors?: Array<{ doorId: string; address: number; online: boolean }> } };
    };
    const doors = body.details?.doors?.doors;
    return doors ? { doors } : { problem: `HTTP ${response.status}, no doors in it` };
  } catch (err) {
    return { problem: (err as Error).message };
  }
}
