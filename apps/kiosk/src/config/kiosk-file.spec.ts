import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { Env } from './env-reader';
import { readKioskFileSource, type KioskFileSource } from './kiosk-file';
import { KioskConfigError, resolveKioskConfig } from './kiosk.config';

const fromText = (text: string): KioskFileSource => ({
  path: 'kiosk.yaml',
  namedBy: 'default',
  text,
  problem: null,
});
const load = (text: string, env: Env = {}) => resolveKioskConfig(env, fromText(text));
const problemsOf = (text: string, env: Env = {}): string[] => {
  try {
    load(text, env);
    return [];
  } catch (e) {
    if (!(e instanceof KioskConfigError)) throw e;
    return [...e.problems];
  }
};

const TWO_DOORS = `
readers:
  - { name: front-reader, pattern: Virtual PCD 00 00 }
  - { name: back-reader, pattern: "/ 01$/" }
doorBus:
  boards: [{ address: 0 }, { address: 1, name: back board }]
doors:
  - { id: front, relayOutput: 0, contactInput: 0, readers: [front-reader] }
  - { id: back, address: 1, relayOutput: 1, contactInput: 2, readers: [back-reader], osdpReaders: [0] }
`;

describe('the configuration file', () => {
  it('is mapped onto the KioskConfig, reader names resolved to their patterns', () => {
    const { config, overrides } = load(TWO_DOORS);
    expect(overrides).toEqual([]);
    expect(config.doors).toEqual([
      {
        id: 'front',
        address: 0,
        relayOutput: 0,
        pulseMs: 3000,
        contactInput: 0,
        contactActiveMeansOpen: true,
        rexInput: null,
        heldOpenMs: 30_000,
        readers: ['Virtual PCD 00 00'],
        osdpReaders: [],
      },
      expect.objectContaining({ id: 'back', address: 1, relayOutput: 1, readers: ['/ 01$/'] }),
    ]);
    expect(config.doorBus.boards).toEqual([
      { address: 0, name: null },
      { address: 1, name: 'back board' },
    ]);
    expect(config.readers.map((r) => r.name)).toEqual(['front-reader', 'back-reader']);
  });

  it('reads every section', () => {
    const { config } = load(`
database: { path: /var/lib/kiosk/kiosk.db, maxMb: 2, mmapMb: 64 }
panKeyFile: /tmp/pan.key
auditKeyFile: /tmp/audit.pem
http: { host: 0.0.0.0, port: 9000, rateLimitPerMinute: 1000 }
log: { level: debug, format: pretty }
site: { timeZone: America/New_York }
audit: { retentionDays: 30 }
clock: { policy: ignore-schedules, requireSync: true }
cards:
  followReaders: ACR
  methods: [{ reader: ACR, order: [uid] }]
  uidFallbackForProcessorCards: true
  readTimeoutMs: 800
  purseFile: { cla: 'bc', masterFile: '3f00', purseFile: '2902', offset: 0, length: 10 }
  emvFallbackAids: [a0000000041010]
  feedbackReaders: ACR
  ntagGetVersionReaders: /NTAG/i
doorBus: { serialPort: /dev/ttyUSB1, baudRate: 115200 }
`);
    expect(config.database).toEqual({
      path: '/var/lib/kiosk/kiosk.db',
      maxBytes: 2 * 1024 * 1024,
      mmapBytes: 64 * 1024 * 1024,
    });
    expect(config.panKeyFile).toBe('/tmp/pan.key');
    expect(config.auditKeyFile).toBe('/tmp/audit.pem');
    expect(config.http).toEqual({ host: '0.0.0.0', port: 9000, rateLimitPerMinute: 1000 });
    expect(config.log).toEqual({ level: 'debug', format: 'pretty' });
    expect(config.site.timeZone).toBe('America/New_York');
    expect(config.audit.retentionDays).toBe(30);
    expect(config.clock).toEqual({ policy: 'ignore-schedules', requireSync: true });
    expect(config.reader.pattern).toBe('ACR');
    expect(config.cards).toEqual({
      methods: [{ readerPattern: 'ACR', order: ['uid'] }],
      uidFallbackForProcessorCards: true,
      readTimeoutMs: 800,
      purseFile: { cla: 0xbc, masterFile: '3F00', purseFile: '2902', offset: 0, length: 10 },
      emvFallbackAids: ['A0000000041010'],
      feedbackReaders: 'ACR',
      ntagGetVersionReaders: '/NTAG/i',
    });
    expect(config.doorBus).toEqual({ serialPort: '/dev/ttyUSB1', baudRate: 115200, boards: null });
    expect(config.doors.map((d) => d.id)).toEqual(['main']); // no doors: the one-door form
  });

  it('is overridden key by key by the KIOSK_* variables that are set', () => {
    const file =
      'http: { port: 9000, host: 0.0.0.0 }\ndoors: [{ id: a, relayOutput: 0, contactInput: 0 }]';
    const { config, overrides } = load(file, {
      KIOSK_HTTP_PORT: '9100',
      KIOSK_DOORS: JSON.stringify([{ id: 'x', relay: 2, contactInput: 0 }]),
      KIOSK_LOG_LEVEL: ' ',
    });
    expect(config.http).toEqual({ host: '0.0.0.0', port: 9100, rateLimitPerMinute: 300 });
    expect(config.doors.map((d) => [d.id, d.relayOutput])).toEqual([['x', 2]]);
    expect(overrides).toEqual(['KIOSK_DOORS', 'KIOSK_HTTP_PORT']);
  });

  it('refuses an unknown key, a wrong type and a value out of range, naming the key path', () => {
    expect(
      problemsOf(`
htttp: { port: 80 }
http: { port: 70000, hots: x }
log: { level: loud }
cards: { uidFallbackForProcessorCards: "yes", purseFile: { purseFile: 2901 } }
doors:
  - { id: front, relayOutput: "one", contactInput: 0, colour: red }
  - { relayOutput: 1, contactInput: -1 }
`),
    ).toEqual([
      'http.port: expected a whole number from 0 to 65535 (got 70000)',
      'http.hots: unknown key (known: host, port, rateLimitPerMinute)',
      'log.level: expected one of fatal, error, warn, info, debug, trace (got "loud")',
      'cards.uidFallbackForProcessorCards: expected true or false (got "yes")',
      'cards.purseFile.purseFile: expected 2 byte(s) in hex, quoted ("…") (got 2901)',
      'doors[0].relayOutput: expected a whole number from 0 to 255 (got "one")',
      'doors[0].colour: unknown key (known: id, address, relayOutput, pulseMs, contactInput, contactOpenWhen, rexInput, heldOpenMs, readers, osdpReaders)',
      'doors[1].id: required',
      'doors[1].contactInput: expected a whole number from 0 to 255 (got -1)',
      'htttp: unknown key (known: database, panKeyFile, auditKeyFile, http, log, site, audit, clock, cards, readers, doorBus, doors)',
    ]);
  });

  it.each([
    [
      'site: { timeZone: Mars/Olympus }',
      'site.timeZone: not an IANA time zone (e.g. Europe/Berlin)',
    ],
    [
      'clock: { policy: deny-some }',
      'clock.policy: expected one of deny-scheduled, ignore-schedules, deny-all (got "deny-some")',
    ],
    [
      'doorBus: { baudRate: 1234 }',
      'doorBus.baudRate: expected one of 9600, 19200, 38400, 57600, 115200, 230400 (got 1234)',
    ],
    ['doors: []', 'doors: expected one or more doors'],
    [
      'readers: [{ name: "a b", pattern: x }]',
      "readers[0].name: expected 1-64 letters, digits, '.', '_' or '-' (got \"a b\")",
    ],
    [
      'cards: { methods: [{ reader: A, order: [uid, uid] }] }',
      'cards.methods[0].order: expected each method once',
    ],
    [
      'cards: { methods: [{ reader: A, order: [nfc] }] }',
      'cards.methods[0].order[0]: expected one of uid, emv, purse-file (got "nfc")',
    ],
    [
      'cards: { purseFile: { offset: 250 } }',
      'cards.purseFile.offset: offset and length reach past byte 256',
    ],
    [
      'cards: { emvFallbackAids: [A000] }',
      'cards.emvFallbackAids[0]: expected an AID: 5 to 16 bytes in hex (got "A000")',
    ],
    [
      'cards: { followReaders: "" }',
      'cards.followReaders: expected a reader name pattern, not empty (got "")',
    ],
    ['database: { maxMb: 0 }', 'database.maxMb: expected a whole number from 1 to 1000000 (got 0)'],
    [
      'database: { mmapMb: 4096 }',
      'database.mmapMb: expected a whole number from 0 to 2047 (got 4096)',
    ],
    ['database: ~', 'database: expected a mapping of keys (got null)'],
    ['- a\n- b', '(top level): expected a mapping of keys (got a list)'],
  ])('%s: one line', (text, problem) => {
    expect(problemsOf(text)).toEqual([problem]);
  });

  it('refuses a door that names a missing reader or board, and two doors on one relay', () => {
    expect(
      problemsOf(`
readers: [{ name: front-reader, pattern: PCD 00 }]
doorBus: { boards: [{ address: 0 }, { address: 1 }] }
doors:
  - { id: front, address: 1, relayOutput: 0, contactInput: 0, readers: [front-reader] }
  - { id: back, address: 1, relayOutput: 0, contactInput: 1, readers: [back-reader], osdpReaders: [0] }
  - { id: side, address: 2, relayOutput: 0, contactInput: 0, osdpReaders: [0] }
  - { id: front, address: 0, relayOutput: 3, contactInput: 0, readers: [front-reader] }
`),
    ).toEqual([
      'doors[1].readers[0]: no reader named "back-reader" (readers: front-reader)',
      'doors[1].relayOutput: relay 0 of board 1 is already door "front"',
      'doors[2].address: no board at address 2 (doorBus.boards: 0, 1)',
      'doors[3].id: "front" is already doors[0].id',
    ]);
  });

  it('refuses a door that shares its board and names no reader', () => {
    expect(
      problemsOf(`
doors:
  - { id: a, relayOutput: 0, contactInput: 0, osdpReaders: [1] }
  - { id: b, relayOutput: 1, contactInput: 1, osdpReaders: [1] }
  - { id: c, relayOutput: 2, contactInput: 2 }
`),
    ).toEqual([
      'doors[1].osdpReaders[0]: OSDP reader 1 of board 0 is already door "a"',
      'doors[2].readers: door "c" names no reader (readers or osdpReaders), and shares its board: no card could open it',
    ]);
  });

  it('checks doors from KIOSK_DOORS and KIOSK_DOOR_ADDRESS against the boards of the file', () => {
    const boards = 'doorBus: { boards: [{ address: 0 }] }';
    expect(
      problemsOf(boards, {
        KIOSK_DOORS: JSON.stringify([{ id: 'a', address: 3, relay: 0, contactInput: 0 }]),
      }),
    ).toEqual(['KIOSK_DOORS[0].address: no board at address 3 (doorBus.boards: 0)']);
    expect(problemsOf(boards, { KIOSK_DOOR_ADDRESS: '4' })).toEqual([
      'KIOSK_DOOR_ADDRESS=4: no board at address 4 (doorBus.boards: 0)',
    ]);
  });

  describe('reader patterns', () => {
    const huge = `/${'a'.repeat(80 * 1024)}/`;

    it('refuses one too large, in the file and in a variable, in one short line', () => {
      expect(problemsOf(`readers: [{ name: r, pattern: "${huge}" }]`)).toEqual([
        'readers[0].pattern: expected a pattern of at most 256 characters (got 81922 characters)',
      ]);
      const [line] = problemsOf('', { KIOSK_READER: huge });
      expect(line).toBe(
        `KIOSK_READER=/${'a'.repeat(59)}… (81922 characters): expected a pattern of at most 256 characters (got 81922)`,
      );
    });

    it('refuses one that can backtrack catastrophically, at once', () => {
      const started = Date.now();
      const unsafe =
        'a regular expression that can backtrack catastrophically (a repetition inside a repetition, or too many); simplify it';
      expect(problemsOf('cards: { methods: [{ reader: "/(a+)+$/", order: [uid] }] }')).toEqual([
        `cards.methods[0].reader: ${unsafe}`,
      ]);
      expect(problemsOf('', { KIOSK_READ_METHODS: '/(a+)+$/=uid' })).toEqual([
        `KIOSK_READ_METHODS=/(a+)+$/=uid: "/(a+)+$/": ${unsafe}`,
      ]);
      expect(problemsOf('', { KIOSK_READER_FEEDBACK: '/(x*)*y/' })).toEqual([
        `KIOSK_READER_FEEDBACK=/(x*)*y/: ${unsafe}`,
      ]);
      expect(
        problemsOf('', {
          KIOSK_DOORS: JSON.stringify([
            { id: 'a', relay: 0, contactInput: 0, readers: ['/(a*)*$/'] },
          ]),
        }),
      ).toEqual([`KIOSK_DOORS[0].readers[0]: ${unsafe}`]);
      expect(Date.now() - started).toBeLessThan(1000);
    });
  });

  describe('a method that needs the PAN key', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'kiosk-config-'));
      writeFileSync(join(dir, 'file'), 'x');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('is refused when the PAN key file cannot be created', () => {
      const keyFile = join(dir, 'file', 'pan.key');
      const why = `the PAN key file ${keyFile} cannot be created (${join(dir, 'file')} is not a directory)`;
      expect(
        problemsOf(
          `panKeyFile: ${keyFile}\ncards: { methods: [{ reader: A, order: [uid] }, { reader: B, order: [uid, purse-file] }] }`,
        ),
      ).toEqual([`cards.methods[1].order: "purse-file" needs the PAN key, and ${why}`]);
      expect(
        problemsOf('', { KIOSK_PAN_KEY_FILE: keyFile, KIOSK_READ_METHODS: 'A=emv;B=emv,uid' }),
      ).toEqual([`KIOSK_READ_METHODS: "emv" needs the PAN key, and ${why}`]);
    });

    it('is accepted when the key file exists or its directory can be made', () => {
      const methods = 'cards: { methods: [{ reader: A, order: [emv] }] }';
      expect(problemsOf(`panKeyFile: ${join(dir, 'new', 'dir', 'pan.key')}\n${methods}`)).toEqual(
        [],
      );
      expect(problemsOf(`panKeyFile: ${join(dir, 'file')}\n${methods}`)).toEqual([]);
      expect(problemsOf(`panKeyFile: ${dir}\n${methods}`)).toEqual([
        `cards.methods[0].order: "emv" needs the PAN key, and the PAN key file ${dir} is not a file`,
      ]);
    });
  });

  it('reports the file, the variables and the checks across keys all at once', () => {
    expect(
      problemsOf(
        `
http: { port: -1 }
readers: [{ name: r, pattern: "/(/" }]
doors:
  - { id: a, relayOutput: 0, contactInput: 0, readers: [nope] }
  - { id: b, relayOutput: 0, contactInput: 0, readers: [r] }
`,
        { KIOSK_LOG_FORMAT: 'colour' },
      ),
    ).toEqual([
      'http.port: expected a whole number from 0 to 65535 (got -1)',
      'readers[0].pattern: not a regular expression (SyntaxError: Invalid regular expression: /(/: Unterminated group)',
      'KIOSK_LOG_FORMAT=colour: expected one of json, pretty',
      'doors[0].readers[0]: no reader named "nope" (readers: r)',
      'doors[1].relayOutput: relay 0 of board 0 is already door "a"',
    ]);
  });

  it('names YAML that does not parse by line and column', () => {
    expect(problemsOf('http:\n  port: 80\n  port: 81\n')).toEqual([
      'kiosk.yaml: not YAML at line 3, column 3: Map keys must be unique',
    ]);
    expect(problemsOf('http: [80\n')[0]).toMatch(
      /^kiosk\.yaml: not YAML at line \d+, column \d+: /,
    );
  });

  it('is the defaults when empty', () => {
    expect(load('').config).toEqual(load('# nothing but a comment\n').config);
    expect(load('').config.http).toEqual({
      host: '127.0.0.1',
      port: 8080,
      rateLimitPerMinute: 300,
    });
  });

  it('never throws anything but the problems, each one line, whatever the YAML holds', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.constantFrom(null, true, 0, -1, 300, 8080, 1.5, '', 'x', '/(/', 'uid', 'front'),
        fc.array(tie('node'), { maxLength: 3 }),
        fc.dictionary(
          fc.constantFrom('http', 'port', 'doors', 'id', 'relayOutput', 'readers', 'cards', 'x'),
          tie('node'),
          { maxKeys: 4 },
        ),
      ),
    })).node;
    fc.assert(
      fc.property(value, (doc) => {
        for (const line of problemsOf(JSON.stringify(doc))) {
          expect(line).not.toContain('\n');
          expect(line).toMatch(/^\S.*: \S/);
        }
      }),
    );
  });
});

describe('readKioskFileSource', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-config-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('takes KIOSK_CONFIG, else ./kiosk.yaml, where a missing file means none', () => {
    const path = join(dir, 'kiosk.yaml');
    writeFileSync(path, 'http: { port: 1 }');
    expect(readKioskFileSource({ KIOSK_CONFIG: path })).toEqual({
      path,
      namedBy: 'KIOSK_CONFIG',
      text: 'http: { port: 1 }',
      problem: null,
    });
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      expect(readKioskFileSource({}).text).toBe('http: { port: 1 }');
      rmSync(path);
      expect(readKioskFileSource({ KIOSK_CONFIG: ' ' })).toEqual({
        path: './kiosk.yaml',
        namedBy: 'default',
        text: null,
        problem: null,
      });
    } finally {
      process.chdir(cwd);
    }
  });

  it('refuses a missing file that was named, or one that is no file', () => {
    const missing = join(dir, 'none.yaml');
    expect(readKioskFileSource({ KIOSK_CONFIG: missing }).problem).toBe(
      `KIOSK_CONFIG=${missing}: no such file`,
    );
    expect(readKioskFileSource({}, missing).problem).toBe(`${missing}: no such file`);
    const big = join(dir, 'big.yaml');
    writeFileSync(big, `# ${'x'.repeat(1024 * 1024)}`);
    expect(readKioskFileSource({}, big).problem).toBe(`${big}: larger than 1 MB`);
    expect(readKioskFileSource({}, dir).problem).toMatch(
      /^.*: EISDIR: illegal operation on a directory/,
    );
    expect(problemsOf('', {})).toEqual([]);
    expect(() => resolveKioskConfig({}, readKioskFileSource({ KIOSK_CONFIG: missing }))).toThrow(
      `Invalid kiosk configuration:\n  - KIOSK_CONFIG=${missing}: no such file`,
    );
  });
});
