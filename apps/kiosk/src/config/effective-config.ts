import { stringify } from 'yaml';
import type { KioskConfig, ResolvedKioskConfig } from './kiosk.config';
import type { DoorFile, KioskFile, ReaderFile } from './kiosk-file.schema';

/**
 * `kiosk config show`: the configuration the kiosk would run with, as a configuration file (so it
 * can be saved as one: the way from KIOSK_* variables to kiosk.yaml). Each field is listed here on
 * purpose, so nothing added to KioskConfig later is shown unless it is added here too. Key files
 * are named by path; their contents are never read.
 */
export function showKioskConfig(resolved: ResolvedKioskConfig): string {
  const { source, overrides } = resolved;
  const from =
    source.text === null ? `no file (${source.path} does not exist): the defaults` : source.path;
  const header = [
    '# The effective kiosk configuration (kiosk config show).',
    `# From: ${from}; KIOSK_* overrides: ${overrides.length ? overrides.join(', ') : 'none'}.`,
    '# Defaults are written out; key files are shown by path, never their contents.',
  ];
  return `${header.join('\n')}\n${stringify(toKioskFile(resolved.config), { lineWidth: 0 })}`;
}

export function toKioskFile(config: KioskConfig): KioskFile {
  const { cards, doorBus } = config;
  const readers = readerNames(config);
  return {
    database: {
      path: config.database.path,
      ...optional('maxMb', config.database.maxBytes && config.database.maxBytes / (1024 * 1024)),
      mmapMb: config.database.mmapBytes / (1024 * 1024),
    },
    panKeyFile: config.panKeyFile,
    auditKeyFile: config.auditKeyFile,
    http: {
      host: config.http.host,
      port: config.http.port,
      rateLimitPerMinute: config.http.rateLimitPerMinute,
    },
    log: { level: config.log.level, format: config.log.format },
    site: { timeZone: config.site.timeZone },
    audit: { ...optional('retentionDays', config.audit.retentionDays) },
    clock: { policy: config.clock.policy, requireSync: config.clock.requireSync },
    cards: {
      ...optional('followReaders', config.reader.pattern),
      methods: cards.methods.map((rule) => ({
        reader: rule.readerPattern,
        order: [...rule.order],
      })),
      uidFallbackForProcessorCards: cards.uidFallbackForProcessorCards,
      readTimeoutMs: cards.readTimeoutMs,
      purseFile: {
        cla: cards.purseFile.cla.toString(16).toUpperCase().padStart(2, '0'),
        masterFile: cards.purseFile.masterFile,
        purseFile: cards.purseFile.purseFile,
        offset: cards.purseFile.offset,
        length: cards.purseFile.length,
      },
      emvFallbackAids: [...cards.emvFallbackAids],
      ...optional('feedbackReaders', cards.feedbackReaders),
      ...optional('ntagGetVersionReaders', cards.ntagGetVersionReaders),
    },
    readers: [...readers.values()],
    doorBus: {
      ...optional('serialPort', doorBus.serialPort),
      baudRate: doorBus.baudRate as KioskFile['doorBus']['baudRate'],
      ...optional(
        'boards',
        doorBus.boards?.map((b) => ({ address: b.address, ...optional('name', b.name) })),
      ),
    },
    doors: config.doors.map((door): DoorFile => ({
      id: door.id,
      address: door.address,
      relayOutput: door.relayOutput,
      pulseMs: door.pulseMs,
      contactInput: door.contactInput,
      contactOpenWhen: door.contactActiveMeansOpen ? 'active' : 'inactive',
      ...optional('rexInput', door.rexInput),
      heldOpenMs: door.heldOpenMs,
      readers: door.readers.map((pattern) => readers.get(pattern)?.name ?? pattern),
      osdpReaders: [...door.osdpReaders],
    })),
  };
}

/**
 * The named readers by pattern: the file's, then one for each door pattern that has none (doors
 * from KIOSK_DOORS name patterns, not readers): `<door>-reader`, numbered when a door has several.
 */
function readerNames(config: KioskConfig): Map<string, ReaderFile> {
  const byPattern = new Map<string, ReaderFile>();
  for (const reader of config.readers)
    if (!byPattern.has(reader.pattern)) byPattern.set(reader.pattern, { ...reader });
  const taken = new Set(config.readers.map((r) => r.name));
  for (const door of config.doors) {
    door.readers.forEach((pattern, i) => {
      if (byPattern.has(pattern)) return;
      let name = door.readers.length === 1 ? `${door.id}-reader` : `${door.id}-reader-${i + 1}`;
      while (taken.has(name)) name = `${name}-x`;
      taken.add(name);
      byPattern.set(pattern, { name, pattern });
    });
  }
  return byPattern;
}

/** `{ key: value }`, or nothing when the value is null or undefined (the file omits the key). */
function optional<K extends string, V>(key: K, value: V | null | undefined): { [P in K]?: V } {
  return value === null || value === undefined ? {} : ({ [key]: value } as { [P in K]?: V });
}
