import { once } from 'node:events';
import { OSDP_ID, OSDP_POLL } from '../osdp/osdp-codes';
import { decodeOsdpFrame, encodeOsdpFrame, scanOsdpFrames } from '../osdp/osdp-frame.codec';
import { decodeOsdpReply, encodeOsdpReply, type OsdpReply } from '../osdp/osdp-reply.codec';
import { DEFAULT_PD_ID } from '../simulator/osdp-pd-faults';
import { OsdpPdSimulator } from '../simulator/osdp-pd.simulator';
import { MemoryTransport } from './memory.transport';
import { OsdpAcu } from './osdp-acu';

// A PD that restarts faster than the ACU's offline timeout has forgotten the sequence number. The
// ACU must restart the count at 0 when the PD says so with osdp_NAK 'sequence-number', even when
// the PD numbers that NAK itself, as libosdp's PD does; the PD must never be reported offline.

jest.setTimeout(10_000);

const hex = (s: string): Uint8Array => Uint8Array.from(s.split(' ').map((b) => parseInt(b, 16)));

// Captured from libosdp's PD restarted mid-polling, in answer to osdp_POLL with SQN 3: address 0
// with the reply bit (0x80), LEN 9, CTRL 0x04 (CRC, SQN 0), osdp_NAK (0x41), error code 0x04
// (sequence number), CRC-16 0xF482 LSB first.
const LIBOSDP_SEQUENCE_NAK = hex('53 80 09 00 04 41 04 82 F4');
const SEQUENCE_NAK: OsdpReply = {
  kind: 'nak',
  reason: 'sequence-number',
  code: 4,
  detail: new Uint8Array(0),
};

interface Sent {
  code: number;
  sequence: number;
}

/** ACU at address 0 against a scripted PD; `answer` may replace its reply to any command. */
async function scriptedLine(answer: (command: Sent, earlier: Sent[]) => Uint8Array | null) {
  const [acuEnd, pdEnd] = MemoryTransport.pair();
  const sent: Sent[] = [];
  let rx: Uint8Array = new Uint8Array(0);
  pdEnd.on('data', (chunk) => {
    const scan = scanOsdpFrames(Uint8Array.from([...rx, ...chunk]));
    rx = scan.rest;
    for (const frame of scan.frames) {
      const command = { code: frame.code, sequence: frame.sequence };
      const bytes = answer(command, [...sent]) ?? normalReply(command);
      sent.push(command);
      void pdEnd.write(bytes);
    }
  });
  await pdEnd.open();
  const acu = new OsdpAcu(acuEnd, { addresses: [0], pollIntervalMs: 5, replyTimeoutMs: 60 });
  const offline: unknown[] = [];
  acu.on('pd-offline', (...args) => offline.push(args));
  acu.on('error', (err) => {
    throw err;
  });
  const online = once(acu, 'pd-online');
  await acu.start();
  await online;
  return { acu, sent, offline };
}

function normalReply(command: Sent): Uint8Array {
  const reply: OsdpReply =
    command.code === OSDP_ID
      ? { kind: 'pdid', id: DEFAULT_PD_ID }
      : command.code === OSDP_POLL
        ? { kind: 'ack' }
        : { kind: 'pdcap', capabilities: [] };
  return replyFrame(reply, command.sequence);
}

function replyFrame(reply: OsdpReply, sequence: number): Uint8Array {
  const { code, data } = encodeOsdpReply(reply);
  return encodeOsdpFrame({
    address: 0,
    reply: true,
    sequence: sequence as 0 | 1 | 2 | 3,
    check: 'crc',
    code,
    data,
  });
}

async function until(what: string, test: () => boolean): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!test()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const isPoll3 = (c: Sent): boolean => c.code === OSDP_POLL && c.sequence === 3;
/** The first osdp_POLL numbered 3: the PD restarted just before it. */
const firstPoll3 = (c: Sent, earlier: Sent[]): boolean => isPoll3(c) && !earlier.some(isPoll3);

describe('osdp_NAK sequence-number from a PD that restarted', () => {
  const stops: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
  });

  it('the captured libosdp frame is address 0, SQN 0, NAK sequence-number, with a valid CRC', () => {
    const frame = decodeOsdpFrame(LIBOSDP_SEQUENCE_NAK);
    expect(frame.ok).toBe(true);
    if (!frame.ok) return;
    expect(frame.value).toMatchObject({ address: 0, reply: true, sequence: 0, check: 'crc' });
    const reply = decodeOsdpReply(frame.value.code, frame.value.data);
    expect(reply.ok && reply.value).toMatchObject({ kind: 'nak', reason: 'sequence-number' });
  });

  it.each([
    ['numbered by the PD itself (libosdp)', LIBOSDP_SEQUENCE_NAK],
    ['numbered like the command', replyFrame(SEQUENCE_NAK, 3)],
  ])(
    'to osdp_POLL with SQN 3, %s: the ACU resends at 0 and the PD stays online',
    async (_name, nak) => {
      const line = await scriptedLine((c, earlier) => (firstPoll3(c, earlier) ? nak : null));
      stops.push(() => line.acu.stop());
      const at = (): number => line.sent.findIndex(isPoll3);
      await until('the NAK and four more polls', () => at() >= 0 && line.sent.length >= at() + 5);
      const after = line.sent.slice(at(), at() + 5).map((c) => [c.code, c.sequence]);
      expect(after).toEqual([
        [OSDP_POLL, 3],
        [OSDP_POLL, 0], // the same command again, from 0
        [OSDP_POLL, 1],
        [OSDP_POLL, 2],
        [OSDP_POLL, 3],
      ]);
      expect(line.offline).toEqual([]);
      expect(line.acu.isOnline(0)).toBe(true);
    },
  );

  it('another reply with the wrong number is still ignored: the ACU retries with the same one', async () => {
    const misnumbered = replyFrame({ kind: 'ack' }, 0);
    const line = await scriptedLine((c, earlier) => (firstPoll3(c, earlier) ? misnumbered : null));
    stops.push(() => line.acu.stop());
    const at = (): number => line.sent.findIndex(isPoll3);
    await until('the retry and the next poll', () => at() >= 0 && line.sent.length >= at() + 3);
    expect(line.sent.slice(at(), at() + 3).map((c) => c.sequence)).toEqual([3, 3, 1]);
    expect(line.offline).toEqual([]);
  });
});

describe('a simulated PD restarted during polling', () => {
  it('is never reported offline: the ACU restarts the count at 0 and polling goes on', async () => {
    const [acuEnd, pdEnd] = MemoryTransport.pair();
    const sim = new OsdpPdSimulator(pdEnd, { address: 1, view: null });
    const polls: number[] = [];
    sim.on('command', (command, sequence) => command.kind === 'poll' && polls.push(sequence));
    await sim.start();
    const acu = new OsdpAcu(acuEnd, { addresses: [1], pollIntervalMs: 5, replyTimeoutMs: 60 });
    const events: string[] = [];
    acu.on('pd-offline', () => events.push('pd-offline'));
    acu.on('pd-online', () => events.push('pd-online'));
    acu.on('pd-restarted', (address) => events.push(`pd-restarted ${address}`));
    const online = once(acu, 'pd-online');
    await acu.start();
    await online;
    try {
      await until('a few polls', () => polls.length >= 5);
      sim.reboot();
      const rebootedAt = polls.length;
      await until('polls after the restart', () => polls.length >= rebootedAt + 5);
      expect(polls.slice(rebootedAt, rebootedAt + 4)).toEqual([0, 1, 2, 3]);
      // Online throughout; told once that the board is back at power-on (to redraw its LCD).
      expect(events).toEqual(['pd-online', 'pd-restarted 1']);
      expect(acu.isOnline(1)).toBe(true);
    } finally {
      await acu.stop();
      await sim.stop();
    }
  });
});
