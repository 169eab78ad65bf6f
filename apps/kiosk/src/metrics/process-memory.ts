import { readFileSync } from 'node:fs';

/**
 * The process's own memory: RssAnon of /proc/self/status (kernel's proc(5)), in bytes; null where
 * there is no such line (not Linux). The RSS counts, besides it, file pages mapped into the
 * process (the `node` binary's, and the database's read through database.mmapMb), which are the
 * kernel's file cache and grow on a large site as taps read its pages: this is the figure to
 * alert on (docs/operations.md, "Memory").
 */
export function anonymousRssBytes(status: string = readFileSync('/proc/self/status', 'utf8')) {
  const match = /^RssAnon:\s+(\d+) kB$/m.exec(status);
  return match ? Number(match[1]) * 1024 : null;
}
