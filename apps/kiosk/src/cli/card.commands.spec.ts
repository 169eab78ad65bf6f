import { Command, CommanderError } from 'commander';
import type { CardModuleOptions } from '@kiosk/card';
import { describeFailure } from './cli-failure';
import { cardCommands } from './card.commands';

type CardTransport = NonNullable<CardModuleOptions['transport']>;
type CardConnection = Awaited<ReturnType<CardTransport['connect']>>;
type TransportListener = Parameters<CardTransport['start']>[0];

const READER = 'Fake Reader 00 00';
// A contactless storage card (PC/SC part 3 ATR): the UID method reads it with GET DATA.
const STORAGE_ATR = Uint8Array.from(Buffer.from('3B8F8001804F0CA0000003060300030000000068', 'hex'));
const UID_AND_9000 = Uint8Array.from(Buffer.from('04A224E2C35E809000', 'hex'));

/** One reader, optionally with a card on it at start; `connect` says how the card answers. */
function fakeTransport(
  how: { card?: boolean; connect?: () => Promise<CardConnection> } = {},
): CardTransport {
  let listener: TransportListener | undefined;
  return {
    start(l) {
      listener = l;
      // Events come after start resolves, as pcsclite's do.
      setImmediate(() => {
        listener?.({ type: 'reader-attached', reader: READER });
        if (how.card)
          listener?.({
            type: 'card-inserted',
            reader: READER,
            atr: STORAGE_ATR,
            presentAtAttach: true,
          });
      });
      return Promise.resolve();
    },
    stop() {
      listener = undefined;
      return Promise.resolve();
    },
    connect: () => how.connect?.() ?? Promise.reject(new Error('no card script')),
  };
}

const answeringConnection = (): CardConnection => ({
  reader: READER,
  atr: STORAGE_ATR,
  protocol: 'T=1',
  transmit: () => Promise.resolve(UID_AND_9000),
  disconnect: () => Promise.resolve(),
});

/** Runs `kiosk card …` in process; resolves with its output, or with how it failed. */
async function runCard(transport: CardTransport, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  jest.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
  const program = new Command('kiosk').addCommand(cardCommands(() => transport));
  // Commander would exit the process on a bad option; here it throws instead.
  const all = (c: Command): Command[] => [c, ...c.commands.flatMap(all)];
  for (const c of all(program))
    c.exitOverride().configureOutput({ writeErr: (text) => (stderr += text) });
  let failure: unknown;
  try {
    await program.parseAsync(['card', ...args], { from: 'user' });
  } catch (err) {
    failure = err;
  } finally {
    jest.restoreAllMocks();
  }
  return { stdout, stderr, failure };
}

describe('kiosk card read', () => {
  it('prints the credential of a card that answers', async () => {
    const transport = fakeTransport({
      card: true,
      connect: () => Promise.resolve(answeringConnection()),
    });
    const { stdout, failure } = await runCard(transport, 'read', '--json', '--timeout', '5');
    expect(failure).toBeUndefined();
    expect(JSON.parse(stdout)).toMatchObject({
      reader: READER,
      outcome: { ok: true, method: 'uid', credential: { kind: 'uid', uid: '04A224E2C35E80' } },
    });
  });

  it('ends an internal error with its message and exit 70, logged with stack and cause', async () => {
    const bug = new TypeError('session state lost', { cause: new Error('the root cause') });
    const transport = fakeTransport({ card: true, connect: () => Promise.reject(bug) });
    const { stdout, stderr, failure } = await runCard(transport, 'read', '--timeout', '5');
    expect(stdout).toBe('');
    const { message, code } = describeFailure(failure);
    expect(code).toBe(70);
    expect(message).toContain('session state lost');
    expect(message).not.toContain('\n'); // one line at the end; the stack is in the log above
    expect(stderr).toContain('card read failed unexpectedly');
    expect(stderr).toContain('TypeError: session state lost\n    at '); // the stack
    expect(stderr).toContain('[cause]: Error: the root cause');
  });

  it('ends a PC/SC library that cannot start with its message and exit 70', async () => {
    const transport = fakeTransport();
    transport.start = () => Promise.reject(new Error('libpcsclite.so.1: cannot open'));
    const { stderr, failure } = await runCard(transport, 'read', '--timeout', '5');
    expect(describeFailure(failure)).toEqual({
      code: 70,
      message: expect.stringContaining('libpcsclite.so.1: cannot open'),
    });
    expect(stderr).toContain('Error: libpcsclite.so.1: cannot open\n    at ');
  });

  it.each([
    ['no card comes', fakeTransport(), []],
    ['no reader matches', fakeTransport({ card: true }), ['--reader', 'Other']],
  ])('keeps the timeout an expected end when %s: one line, exit 1', async (_, transport, more) => {
    const { stderr, failure } = await runCard(transport, 'read', '--timeout', '0.2', ...more);
    expect(describeFailure(failure)).toEqual({ code: 1, message: 'no card within 0.2 s' });
    expect(stderr).not.toContain('kiosk: error');
  });

  it('refuses a --reader that is not a valid /regex/ before starting: exit 1', async () => {
    const transport = fakeTransport();
    let started = false;
    transport.start = () => Promise.resolve(void (started = true));
    const { stderr, failure } = await runCard(transport, 'read', '--reader', '/[/');
    expect(failure).toBeInstanceOf(CommanderError);
    expect((failure as CommanderError).exitCode).toBe(1);
    expect(stderr).toMatch(/option '--reader <name>' argument '\/\[\/' is invalid/);
    expect(started).toBe(false);
  });
});
