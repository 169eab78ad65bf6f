import { once } from 'node:events';
import { Session } from 'node:inspector/promises';
import { OsdpPdSimulator } from '../simulator/osdp-pd.simulator';
import { MemoryTransport } from './memory.transport';
import { OsdpAcu } from './osdp-acu';

jest.setTimeout(30_000);

const PD = 1;
/** Polls sampled: enough that the budget is far above the sampling's noise. */
const POLLS = 3000;
/**
 * What the poll loop and the OSDP codecs throw away a poll, in bytes: the codecs on both ends
 * (the simulator's PD decodes the command and encodes its reply with them), the loop's own
 * functions, and the built-ins they call; the memory transport's and the simulator's own not. The loop runs as long as the kiosk does, on every PD many times a
 * second whether anyone taps or not, and its garbage is what V8's young generation collects: the
 * more garbage, the more scavenges, and each adds whatever was live at that moment to the count
 * that makes V8 grow the young generation (bench/README.md, "Memory along taps").
 * Measured here: about 10,500 bytes a poll when each poll encoded osdp_POLL anew, built its
 * transaction options, made new empty arrays for the absent parts of each frame, its header and
 * the receive buffer, copied each chunk into a joined buffer, and ran the CRC and the checksum
 * over a subarray with a byte iterator (an iterator result a byte until V8 optimises the loop);
 * about 6,200 since.
 */
const BUDGET_BYTES_PER_POLL = 8_000;
/** The loop's files, and the codecs' folder (their allocations as the loop calls them). */
const MINE = ['/link/osdp-acu.ts', '/link/osdp-bus.ts', '/link/osdp-transaction.ts', '/osdp/'];

interface SamplingNode {
  callFrame: { url: string };
  selfSize: number;
  children: SamplingNode[];
}

/** Bytes allocated in `MINE`, with the built-ins those functions called (`new Uint8Array`...). */
function garbageOf(node: SamplingNode, callerIsMine = false): number {
  const url = node.callFrame.url;
  const mine = url === '' ? callerIsMine : MINE.some((part) => url.includes(part));
  const own = mine ? node.selfSize : 0;
  return node.children.reduce((sum, child) => sum + garbageOf(child, mine), own);
}

describe('the OSDP poll loop', () => {
  it(`throws away less than ${BUDGET_BYTES_PER_POLL} bytes a poll`, async () => {
    const [acuEnd, pdEnd] = MemoryTransport.pair();
    const sim = new OsdpPdSimulator(pdEnd, { address: PD, view: null });
    let polls = 0;
    sim.on('command', (command) => {
      if (command.kind === 'poll') polls += 1;
    });
    await sim.start();
    const acu = new OsdpAcu(acuEnd, { addresses: [PD], pollIntervalMs: 0 });
    const session = new Session();
    session.connect();
    try {
      const online = once(acu, 'pd-online');
      await acu.start();
      await online;
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 64,
        // Garbage included: what a poll throws away is what is measured.
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
      const from = polls;
      while (polls - from < POLLS) await new Promise((resolve) => setTimeout(resolve, 20));
      const sampled = polls - from;
      const { profile } = await session.post('HeapProfiler.stopSampling');
      const perPoll = garbageOf(profile.head) / sampled;
      expect(perPoll).toBeGreaterThan(500); // the files were found: this measures something
      expect(perPoll).toBeLessThan(BUDGET_BYTES_PER_POLL);
    } finally {
      session.disconnect();
      await acu.stop();
      await sim.stop();
    }
  });
});
