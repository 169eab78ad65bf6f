import { compileReaderPattern } from '@kiosk/card';
import type { KioskConfig } from '../config/kiosk.config';
import { ok, warn, type CheckResult } from './doctor-check';

const FIX =
  'plug the reader in, or correct the pattern (readers, doors[].readers, cards.followReaders)';

/**
 * Which of the readers pcscd has each door will read cards from, by the configuration's patterns
 * (the same matching as the service's). A door whose patterns match no reader present reads no
 * PC/SC card: a warning, since it may read its cards over OSDP. A door without patterns, on a
 * terminal of several doors, names no PC/SC reader and gets no line.
 */
export function checkDoorReaders(
  present: readonly string[],
  config: Pick<KioskConfig, 'reader' | 'doors'>,
): CheckResult[] {
  const followed = present.filter(matcher(config.reader.pattern ?? undefined));
  if (present.length > 0 && followed.length === 0)
    return [
      warn(
        'readers',
        `none of the ${present.length} readers matches cards.followReaders (${config.reader.pattern})`,
        FIX,
      ),
    ];
  const only = config.doors.length === 1;
  return config.doors.flatMap((door) => {
    if (door.readers.length === 0 && !only) return [];
    const matches = door.readers.map((p) => matcher(p));
    const reads = followed.filter((r) => matches.length === 0 || matches.some((m) => m(r)));
    const name = `door ${door.id}`;
    if (reads.length > 0) return [ok(name, `reads cards from ${reads.join(', ')}`)];
    const wanted = door.readers.length > 0 ? ` matches ${door.readers.join(', ')}` : '';
    return [warn(name, `no reader present${wanted}`, FIX)];
  });
}

function matcher(pattern: string | undefined): (reader: string) => boolean {
  const compiled = compileReaderPattern(pattern);
  // The configuration was validated: a pattern that does not compile matches nothing.
  return compiled.ok ? compiled.matches : () => false;
}
