import { parseTapArgs, TEST_TOOL_NOTICE } from './tap-args';

describe('parseTapArgs', () => {
  it('has defaults: slot 0, vpcd port 35963, localhost, 800 ms', () => {
    expect(parseTapArgs(['04A224E2C35E80'])).toEqual({
      ok: true,
      args: {
        uid: '04A224E2C35E80',
        slot: 0,
        port: 35963,
        host: '127.0.0.1',
        holdMs: 800,
        kind: undefined,
      },
      effectivePort: 35963,
    });
  });

  it('reads every option; the slot adds to the port', () => {
    const parsed = parseTapArgs([
      '04:a2:24:e2',
      '--slot',
      '1',
      '--port',
      '40000',
      '--host',
      'localhost',
      '--hold',
      '1500',
      '--kind',
      'ntag216',
    ]);
    expect(parsed).toEqual({
      ok: true,
      args: {
        uid: '04A224E2',
        slot: 1,
        port: 40000,
        host: 'localhost',
        holdMs: 1500,
        kind: 'ntag216',
      },
      effectivePort: 40001,
    });
  });

  it('reads --profile, --pan and --hostile; the UID becomes optional', () => {
    const parsed = parseTapArgs(['--profile', 'emv-contactless', '--pan', '5413330089600010']);
    expect(parsed).toMatchObject({
      ok: true,
      args: { uid: undefined, profile: 'emv-contactless', pan: '5413330089600010' },
    });
    expect(parseTapArgs(['--profile', 'hostile', '--hostile', 'vanish'])).toMatchObject({
      ok: true,
      args: { profile: 'hostile', hostile: 'vanish' },
    });
  });

  it('--help says it is a test/demo tool and exits 0', () => {
    const parsed = parseTapArgs(['--help']);
    expect(parsed).toMatchObject({ ok: false, exitCode: 0 });
    if (!parsed.ok) expect(parsed.output.replace(/\s+/g, ' ')).toContain(TEST_TOOL_NOTICE);
  });

  it.each([
    [[], 'missing required argument: a UID, or --profile'],
    [['--profile', 'desfire'], 'Allowed choices are ntag216'],
    [['--profile', 'emv-contact', '--pan', '4111'], 'a PAN is 12 to 19 digits'],
    [['04A2'], 'a UID is 4, 7 or 10 bytes'],
    [['XYZXYZXY'], 'a UID is 4, 7 or 10 bytes'],
    [['DEADBEEF', '--slot', '2'], '--slot must be an integer from 0 to 1'],
    [['DEADBEEF', '--hold', '-5'], '--hold must be an integer'],
    [['DEADBEEF', '--port', 'abc'], '--port must be an integer'],
    [['DEADBEEF', '--kind', 'desfire'], 'Allowed choices are ntag216, mifare-classic-1k'],
    [['DEADBEEF', '--bogus'], "unknown option '--bogus'"],
  ])('refuses %j', (argv, message) => {
    const parsed = parseTapArgs(argv);
    expect(parsed).toMatchObject({ ok: false, exitCode: 1 });
    if (!parsed.ok) expect(parsed.output).toContain(message);
  });
});
