import type { CardLogger } from '../src/card-logger';

export interface LogEntry {
  level: 'debug' | 'info' | 'warn' | 'error';
  fields: Record<string, unknown>;
  msg: string;
}

/** A CardLogger that keeps every entry, so a spec can check that an error is logged whole. */
export function recordingLogger() {
  const entries: LogEntry[] = [];
  const at = (level: LogEntry['level']) => (fields: object, msg: string) => {
    entries.push({ level, fields: fields as Record<string, unknown>, msg });
  };
  const logger: CardLogger = {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
  };
  return { logger, entries, find: (msg: string) => entries.filter((e) => e.msg === msg) };
}
