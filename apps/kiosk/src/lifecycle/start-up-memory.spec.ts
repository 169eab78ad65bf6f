import { getHeapSpaceStatistics } from 'node:v8';
import { releaseStartUpMemory } from './start-up-memory';

const MiB = 1024 * 1024;

function youngGenerationResidentMiB(): number {
  const space = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (!space) throw new Error('V8 reports no new_space');
  return space.physical_space_size / MiB;
}

/** Objects that live through a few scavenges, as a start's do: V8 grows the young generation. */
function allocateLikeAStart(): void {
  let kept: Array<{ n: number; s: string }> = [];
  for (let n = 0; n < 400_000; n++) {
    kept.push({ n, s: `module ${n}` });
    if (kept.length > 200_000) kept = kept.slice(100_000);
  }
}

describe('releaseStartUpMemory', () => {
  it('shrinks the young generation that a burst of allocation grew', () => {
    allocateLikeAStart();
    expect(youngGenerationResidentMiB()).toBeGreaterThan(8);

    const ms = releaseStartUpMemory();

    expect(youngGenerationResidentMiB()).toBeLessThan(4);
    expect(ms).toBeGreaterThanOrEqual(0);
  });

  it('leaves no global gc behind', () => {
    releaseStartUpMemory();

    expect(typeof (globalThis as { gc?: unknown }).gc).toBe('undefined');
    expect(typeof (global as { gc?: unknown }).gc).toBe('undefined');
  });
});
