import { DEFAULT_FALLBACK_AIDS } from '@kiosk/card';
import type { Env } from './env-reader';
import { KioskConfigError, loadKioskConfig as load } from './kiosk.config';

// The environment alone, whatever kiosk.yaml the working directory holds (kiosk-file.spec.ts has the file).
const NO_FILE = { path: './kiosk.yaml', namedBy: 'default', text: null, problem: null } as const;
const loadKioskConfig = (env: Env) => load(env, NO_FILE);

describe('loadKioskConfig', () => {
  it('gives the embedded defaults for an empty environment', () => {
    const config = loadKioskConfig({ KIOSK_TIME_ZONE: 'Europe/Berlin' });
    expect(config).toEqual({
      database: { path: './data/kiosk.db', maxBytes: null, mmapBytes: 1024 * 1024 * 1024 },
      panKeyFile: './data/pan-hmac.key',
      auditKeyFile: './data/audit-ed25519.pem',
      http: { host: '127.0.0.1', port: 8080, rateLimitPerMinute: 300 },
      log: { level: 'info', format: 'json' },
      reader: { pattern: null },
      readers: [],
      cards: {
        methods: [],
        uidFallbackForProcessorCards: false,
        readTimeoutMs: 5000,
        purseFile: { cla: 0xbc, masterFile: '3F00', purseFile: '2901', offset: 104, length: 8 },
        emvFallbackAids: [...DEFAULT_FALLBACK_AIDS],
        feedbackReaders: null,
        ntagGetVersionReaders: null,
      },
      doorBus: { serialPort: null, baudRate: 9600, boards: null },
      doors: [
        {
          id: 'main',
          address: 0,
          relayOutput: 0,
          pulseMs: 3000,
          contactInput: 0,
          contactActiveMeansOpen: true,
          rexInput: null,
          heldOpenMs: 30_000,
          readers: [],
          osdpReaders: [],
        },
      ],
      site: { timeZone: 'Europe/Berlin' },
      audit: { retentionDays: null },
      clock: { policy: 'deny-scheduled', requireSync: false },
    });
  });

  it('reads every KIOSK_* key', () => {
    const config = loadKioskConfig({
      KIOSK_DB: '/var/lib/kiosk/kiosk.db',
      KIOSK_DB_MMAP_MB: '0',
      KIOSK_PAN_KEY_FILE: '/etc/kiosk/pan-hmac.key',
      KIOSK_HTTP_HOST: '0.0.0.0',
      KIOSK_HTTP_PORT: '9000',
      KIOSK_HTTP_RATE_LIMIT: '5000',
      KIOSK_LOG_LEVEL: 'debug',
      KIOSK_LOG_FORMAT: 'pretty',
      KIOSK_READER: 'ACR122',
      KIOSK_DOOR_ID: 'lobby',
      KIOSK_DOOR_PORT: '/dev/ttyUSB0',
      KIOSK_DOOR_BAUD: '115200',
      KIOSK_DOOR_ADDRESS: '5',
      KIOSK_DOOR_RELAY: '1',
      KIOSK_DOOR_PULSE_MS: '5000',
      KIOSK_DOOR_CONTACT_INPUT: '2',
      KIOSK_DOOR_CONTACT_OPEN_WHEN: 'inactive',
      KIOSK_DOOR_REX_INPUT: '3',
      KIOSK_DOOR_HELD_OPEN_MS: '60000',
      KIOSK_CLOCK_POLICY: 'deny-all',
      KIOSK_CLOCK_REQUIRE_SYNC: 'true',
    });
    expect(config.clock).toEqual({ policy: 'deny-all', requireSync: true });
    expect(config.database.path).toBe('/var/lib/kiosk/kiosk.db');
    expect(config.database.mmapBytes).toBe(0);
    expect(config.panKeyFile).toBe('/etc/kiosk/pan-hmac.key');
    expect(config.http).toEqual({ host: '0.0.0.0', port: 9000, rateLimitPerMinute: 5000 });
    expect(config.log).toEqual({ level: 'debug', format: 'pretty' });
    expect(config.reader.pattern).toBe('ACR122');
    expect(config.doorBus).toEqual({ serialPort: '/dev/ttyUSB0', baudRate: 115200, boards: null });
    expect(config.doors).toEqual([
      {
        id: 'lobby',
        address: 5,
        relayOutput: 1,
        pulseMs: 5000,
        contactInput: 2,
        contactActiveMeansOpen: false,
        rexInput: 3,
        heldOpenMs: 60_000,
        readers: [],
        osdpReaders: [],
      },
    ]);
  });

  it('reports every bad key at once', () => {
    let error: unknown;
    try {
      loadKioskConfig({
        KIOSK_HTTP_PORT: 'eighty',
        KIOSK_DOOR_BAUD: '1234',
        KIOSK_DOOR_ADDRESS: '127',
        KIOSK_LOG_LEVEL: 'loud',
        KIOSK_LOG_FORMAT: 'colour',
        KIOSK_READER: '/(/',
        KIOSK_CLOCK_POLICY: 'deny-some',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(KioskConfigError);
    const problems = (error as KioskConfigError).problems;
    expect(problems).toHaveLength(7);
    expect(problems.join('\n')).toMatch(/KIOSK_READER=\/\(\/: not a regular expression/);
    expect(problems.join('\n')).toMatch(/KIOSK_HTTP_PORT=eighty/);
    expect(problems.join('\n')).toMatch(/KIOSK_DOOR_BAUD=1234: expected one of 9600/);
    expect(problems.join('\n')).toMatch(
      /KIOSK_DOOR_ADDRESS=127: expected a whole number from 0 to 126/,
    );
    expect(problems.join('\n')).toMatch(/KIOSK_LOG_LEVEL=loud/);
    expect(problems.join('\n')).toMatch(/KIOSK_LOG_FORMAT=colour: expected one of json, pretty/);
    expect(problems.join('\n')).toMatch(
      /KIOSK_CLOCK_POLICY=deny-some: expected one of deny-scheduled, ignore-schedules, deny-all/,
    );
  });

  it('names each bad card-reading value', () => {
    const problemsOf = (env: Record<string, string>): string[] => {
      try {
        loadKioskConfig(env);
        return [];
      } catch (e) {
        return [...(e as KioskConfigError).problems];
      }
    };
    expect(problemsOf({ KIOSK_READ_METHODS: 'ACR122=uid,nfc' })).toEqual([
      'KIOSK_READ_METHODS=ACR122=uid,nfc: "ACR122=uid,nfc" is not pattern=methods (of uid, emv, purse-file, each once)',
    ]);
    expect(problemsOf({ KIOSK_READ_METHODS: 'uid' })[0]).toMatch(/"uid" is not pattern=methods/);
    expect(problemsOf({ KIOSK_READ_METHODS: 'A=uid,uid' })[0]).toMatch(/each once/);
    expect(problemsOf({ KIOSK_READ_METHODS: '=uid' })[0]).toMatch(/"=uid" is not pattern=methods/);
    // Every bad rule is named, not only the first.
    expect(problemsOf({ KIOSK_READ_METHODS: 'A=nfc;B=uid;C=' })).toEqual([
      expect.stringContaining('"A=nfc" is not'),
      expect.stringContaining('"C=" is not'),
    ]);
    expect(problemsOf({ KIOSK_READ_METHODS: '/(/=uid' })[0]).toMatch(
      /"\/\(\/": not a regular expression/,
    );
    expect(problemsOf({ KIOSK_UID_FALLBACK: 'yes' })).toEqual([
      'KIOSK_UID_FALLBACK=yes: expected true or false',
    ]);
    expect(problemsOf({ KIOSK_PURSE_CLA: 'BCD' })).toEqual([
      'KIOSK_PURSE_CLA=BCD: expected 1 byte(s) in hex',
    ]);
    expect(problemsOf({ KIOSK_PURSE_FILE: '29' })).toEqual([
      'KIOSK_PURSE_FILE=29: expected 2 byte(s) in hex',
    ]);
    expect(problemsOf({ KIOSK_PURSE_LENGTH: '11' })[0]).toMatch(/from 1 to 10/);
    expect(problemsOf({ KIOSK_PURSE_OFFSET: '250', KIOSK_PURSE_LENGTH: '8' })).toEqual([
      'KIOSK_PURSE_OFFSET=250: with length 8, past byte 256',
    ]);
    expect(problemsOf({ KIOSK_EMV_AIDS: 'A0000000041010,A000' })).toEqual([
      'KIOSK_EMV_AIDS=A0000000041010,A000: "A000" is no AID (5 to 16 bytes in hex)',
    ]);
    expect(problemsOf({ KIOSK_READER_FEEDBACK: '/[/' })[0]).toMatch(
      /^KIOSK_READER_FEEDBACK=\/\[\/: not a regular expression/,
    );
    expect(problemsOf({ KIOSK_READ_TIMEOUT_MS: '100' })[0]).toMatch(/from 500 to 60000/);
  });

  it('treats blank values as unset and yields a frozen object', () => {
    const config = loadKioskConfig({ KIOSK_DOOR_PORT: '  ', KIOSK_READER: '' });
    expect(config.doorBus.serialPort).toBeNull();
    expect(config.reader.pattern).toBeNull();
    expect(Object.isFrozen(config.doors[0])).toBe(true);
  });

  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadKioskConfig(env);
      return [];
    } catch (e) {
      return [...(e as KioskConfigError).problems];
    }
  };

  it('reads several doors from KIOSK_DOORS, with their readers', () => {
    const config = loadKioskConfig({
      KIOSK_DOORS: JSON.stringify([
        { id: 'front', address: 0, relay: 0, contactInput: 0, readers: ['Virtual PCD 00 00'] },
        {
          id: 'back',
          address: 1,
          relay: 1,
          contactInput: 2,
          contactOpenWhen: 'inactive',
          rexInput: 3,
          pulseMs: 1000,
          heldOpenMs: 5000,
          readers: ['/ 01$/'],
          osdpReaders: [0],
        },
      ]),
    });
    expect(config.doors.map((d) => d.id)).toEqual(['front', 'back']);
    expect(config.doors[1]).toEqual({
      id: 'back',
      address: 1,
      relayOutput: 1,
      pulseMs: 1000,
      contactInput: 2,
      contactActiveMeansOpen: false,
      rexInput: 3,
      heldOpenMs: 5000,
      readers: ['/ 01$/'],
      osdpReaders: [0],
    });
  });

  it('names every problem of KIOSK_DOORS with its path, all at once', () => {
    expect(problemsOf({ KIOSK_DOORS: '{' })[0]).toMatch(/^KIOSK_DOORS: not JSON/);
    expect(problemsOf({ KIOSK_DOORS: '[]' })).toEqual([
      'KIOSK_DOORS: expected a JSON array of one or more doors',
    ]);
    expect(
      problemsOf({
        KIOSK_DOORS: JSON.stringify([
          { id: 'a', relay: 0, contactInput: 0, readers: ['A'], colour: 'red' },
          { id: 'a', relay: 0, contactInput: 300, readers: ['/(/'] },
          { relay: 1, contactInput: 1, address: 200 },
        ]),
      }),
    ).toEqual([
      expect.stringMatching(/^KIOSK_DOORS\[0\]\.colour: unknown key/),
      'KIOSK_DOORS[1].contactInput=300: expected a whole number from 0 to 255',
      'KIOSK_DOORS[1].readers[0]: not a regular expression (SyntaxError: Invalid regular expression: /(/: Unterminated group)',
      "KIOSK_DOORS[2].id: required, 1-64 letters, digits, '.', '_' or '-'",
      'KIOSK_DOORS[2].address=200: expected a whole number from 0 to 126',
      'KIOSK_DOORS[1].id: "a" is already KIOSK_DOORS[0].id',
      'KIOSK_DOORS[1].relay: relay 0 of board 0 is already door "a"',
      'KIOSK_DOORS[1].readers: door "a" names no reader (readers or osdpReaders), and shares its board: no card could open it',
    ]);
  });

  it('refuses a time zone that is not an IANA zone', () => {
    expect(problemsOf({ KIOSK_TIME_ZONE: 'Mars/Olympus' })).toEqual([
      'KIOSK_TIME_ZONE=Mars/Olympus: not an IANA time zone (e.g. Europe/Berlin)',
    ]);
    expect(loadKioskConfig({ KIOSK_TIME_ZONE: 'America/New_York' }).site.timeZone).toBe(
      'America/New_York',
    );
  });
});
