import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's `gc()` (its gc extension), with the options V8 13 takes. */
type GcExtension = (options: { type: 'major'; execution: 'sync'; flavor: 'last-resort' }) => void;

/**
 * Gives back the memory the start used, once, as the service becomes ready.
 *
 * Loading the frameworks (about 3,000 modules) grows V8's young generation to its largest: about
 * 40 MiB of it resident, 7 MiB of it live. A kiosk then idles, and with little allocation no
 * collection comes that would shrink it: idle RSS stayed at 160-172 MiB for as long as it was
 * watched (bench/README.md, "Start-up and idle memory"). One memory-reducing full collection, the
 * kind V8 runs under memory pressure ('last-resort': repeated until nothing more is freed, then
 * the young generation shrunk and empty pages returned), takes it to about 125 MiB in 100-200 ms
 * (on two shared cores). A regular full collection frees as much but shrinks nothing. Under load
 * V8 grows the young generation again as it does in a fresh process; nothing else is limited,
 * unlike the V8 flags that were measured and rejected (they slow the audit export).
 *
 * V8 offers this collection to JavaScript only through its gc extension, which the
 * `--expose-gc` flag installs into each new context: the flag is set, one context made to take
 * the function from, and the flag cleared again, so that nothing else in the process gets a
 * global `gc` (Jest's leak detector takes it the same way). Returns the milliseconds it took.
 */
export function releaseStartUpMemory(): number {
  setFlagsFromString('--expose-gc');
  let gc: GcExtension;
  try {
    gc = runInNewContext('gc') as GcExtension;
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
  const start = performance.now();
  gc({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  return performance.now() - start;
}
