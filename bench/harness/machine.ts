import { execFileSync } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem, type as osType, release } from 'node:os';

/** What ran the benchmarks: results from another machine are not comparable, only ratios. */
export interface MachineDescription {
  cpuModel: string;
  cores: number;
  memoryMiB: number;
  freeMemoryMiB: number;
  loadAverage: number[];
  os: string;
  node: string;
  commit: string;
  dirty: boolean;
}

export function describeMachine(): MachineDescription {
  const cpu = cpus();
  return {
    cpuModel: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    memoryMiB: Math.round(totalmem() / 2 ** 20),
    freeMemoryMiB: Math.round(freemem() / 2 ** 20),
    // The machine is shared: a high load at the start says the absolute numbers are pessimistic.
    loadAverage: loadavg().map((l) => Math.round(l * 100) / 100),
    os: `${osType()} ${release()}`,
    node: process.version,
    commit: git(['rev-parse', 'HEAD']) ?? 'unknown',
    dirty: (git(['status', '--porcelain', '--untracked-files=no']) ?? '') !== '',
  };
}

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}
