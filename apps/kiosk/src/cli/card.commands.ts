import { createInterface } from 'node:readline';
import { inspect } from 'node:util';
import { Command, InvalidArgumentError } from 'commander';
import {
  compileReaderPattern,
  createReaderManager,
  describeAtr,
  formatAtrReport,
  PcscTransport,
  type CardLogger,
  type CardModuleOptions,
  type CardRead,
  type ReaderEvent,
} from '@kiosk/card';
import { ExitCode } from '../errors/exit-code';
import { CliFailure, print } from './cli-output';

type CardTransport = NonNullable<CardModuleOptions['transport']>;

/**
 * `kiosk card …`: installer tools on the card layer. No database, no Nest: the library directly.
 * `transport` replaces PC/SC (unit tests).
 */
export function cardCommands(
  transport: () => CardTransport = () => new PcscTransport({ logger: cardCliLogger }),
): Command {
  const card = new Command('card').description('check readers and cards (no database needed)');

  card
    .command('readers')
    .description('list the PC/SC readers and whether a card is on each')
    .option('--json', 'print JSON')
    .option('--wait <ms>', 'how long to listen for readers', '1500')
    .action(async (opts: { json?: boolean; wait: string }) => {
      const readers = await listReaders(transport(), Number(opts.wait) || 1500);
      print(opts.json, readers, () =>
        readers.length === 0
          ? 'No readers (is pcscd running?)'
          : readers
              .map((r) => `${r.reader}: ${r.cardPresent ? 'card present' : 'no card'}`)
              .join('\n'),
      );
    });

  card
    .command('read')
    .description(
      'wait for a card and print its kind, ATR, read method and credential (a PAN masked)',
    )
    .option('--reader <name>', 'substring or /regex/ of the reader name', parseReaderOption)
    .option('--timeout <s>', 'give up after this many seconds', '60')
    .option('--json', 'print JSON')
    .action(async (opts: { reader?: string; timeout: string; json?: boolean }) => {
      const timeoutMs = (Number(opts.timeout) || 60) * 1000;
      const read = await readOneCard(transport(), opts.reader, timeoutMs);
      print(opts.json, read, () => describeRead(read));
    });

  card
    .command('atr')
    .description(
      'explain an ATR (ISO/IEC 7816-3); "-" reads one ATR per line from stdin, JSON lines out',
    )
    .argument('<hex>', 'the ATR in hex, or - for stdin')
    .option('--json', 'print JSON')
    .action(async (hex: string, opts: { json?: boolean }) => {
      if (hex === '-') return explainStdin();
      const report = describeAtr(hex);
      print(opts.json, report, () => formatAtrReport(report).join('\n'));
      if (!report.valid) process.exitCode = 1;
    });
  return card;
}

/** One JSON object per input line, streamed: thousands of ATRs never sit in memory at once. */
async function explainStdin(): Promise<void> {
  const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    const ok = process.stdout.write(`${JSON.stringify(describeAtr(line))}\n`);
    if (!ok) await new Promise((resolve) => process.stdout.once('drain', resolve));
  }
}

async function listReaders(
  transport: CardTransport,
  waitMs: number,
): Promise<Array<{ reader: string; cardPresent: boolean }>> {
  const readers = new Map<string, boolean>();
  await startOrFail(() =>
    transport.start((event) => {
      if (event.type === 'reader-attached')
        readers.set(event.reader, readers.get(event.reader) ?? false);
      if (event.type === 'card-inserted') readers.set(event.reader, true);
      if (event.type === 'card-removed') readers.set(event.reader, false);
      if (event.type === 'reader-removed') readers.delete(event.reader);
    }),
  );
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  await transport.stop();
  // Sorted: readers report their first status in any order, and the listing should not.
  return [...readers]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reader, cardPresent]) => ({ reader, cardPresent }));
}

/**
 * Resolves with the first card read. Expected ends are one line and exit 1: no card (or no
 * matching reader) before the timeout. A fault in the kiosk (a bug in the read, the PC/SC
 * library failing in a way the card layer does not model) is logged whole and ends the command
 * with exit 70: printing it as a refused card would hide it behind exit 0.
 */
async function readOneCard(
  transport: CardTransport,
  readerPattern: string | undefined,
  timeoutMs: number,
): Promise<CardRead> {
  // A card already on the reader is read too: the installer put it there for this command.
  const manager = createReaderManager({
    transport,
    readerPattern,
    readPresentAtAttach: true,
    logger: cardCliLogger,
  });
  manager.on('reader', (event: ReaderEvent) => process.stderr.write(`${describeEvent(event)}\n`));
  let timer: NodeJS.Timeout | undefined;
  // Listening before start: a card already on the reader may be read as soon as it starts.
  const read = new Promise<CardRead>((resolve, reject) => {
    timer = setTimeout(
      () => reject(new CliFailure(`no card within ${timeoutMs / 1000} s`, ExitCode.refused)),
      timeoutMs,
    );
    // The manager logs the error (stack and cause) before emitting it, then emits a refusal for
    // the same card; the error comes first and ends the command.
    manager.once('error', (err) => reject(internalFault('reading the card failed', err)));
    manager.once('card-read', resolve);
  });
  // Awaited below; this only keeps a failure during start from counting as unhandled meanwhile.
  read.catch(() => undefined);
  try {
    await startOrFail(() => manager.start());
    process.stderr.write('waiting for a card…\n');
    return await read;
  } finally {
    clearTimeout(timer);
    await manager.stop();
  }
}

/** The PC/SC library cannot be loaded or started: an installation fault, not a card outcome. */
async function startOrFail(start: () => Promise<void>): Promise<void> {
  try {
    await start();
  } catch (err) {
    cardCliLogger.error({ err }, 'PC/SC could not be started');
    throw internalFault('PC/SC could not be started', err);
  }
}

/** One line for the end of the output; the whole error was logged above it. */
function internalFault(what: string, err: unknown): CliFailure {
  const message = err instanceof Error ? err.message : inspect(err);
  return new CliFailure(
    `${what}: ${message} (a fault in the kiosk: report it with the error above)`,
    ExitCode.internal,
  );
}

/**
 * The card layer's log in this command, on standard error (standard output is the answer).
 * Errors are unexpected faults and are printed whole: util.inspect keeps the stack, the `code`
 * and the `cause` chain. Warnings and below are dropped: they are expected faults the command
 * already shows (a lost pcscd is a 'service-lost' line) or bookkeeping after the read.
 */
export const cardCliLogger: CardLogger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: (fields: object, msg: string) => {
    const { err, ...rest } = fields as { err?: unknown };
    const context = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
    const detail = err === undefined ? '' : `\n${inspect(err)}`;
    process.stderr.write(`kiosk: error: ${msg}${context}${detail}\n`);
  },
};

/** `--reader`: a bad /regex/ is refused before anything starts (exit 1, commander's message). */
function parseReaderOption(value: string): string {
  const pattern = compileReaderPattern(value);
  if (!pattern.ok) throw new InvalidArgumentError(pattern.detail);
  return value;
}

function describeEvent(event: ReaderEvent): string {
  return 'reader' in event
    ? `${event.type}: ${event.reader}`
    : `${event.type}${event.detail ? `: ${event.detail}` : ''}`;
}

function describeRead(read: CardRead): string {
  const lines = [
    `reader:  ${read.reader}`,
    `card:    ${read.cardName ?? 'unknown'} (${read.cardKind})`,
    `ATR:     ${read.atr}`,
    `methods: ${read.methodsTried.join(', ') || 'none'} (${read.durationMs} ms)`,
  ];
  const o = read.outcome;
  if (!o.ok) {
    lines.push(`refused: ${o.reason}${o.detail ? ` (${o.detail})` : ''}`);
    // What an installer sends in for a card the kiosk cannot read: never a PAN.
    if (o.diagnosis) {
      lines.push(`AIDs:    ${o.diagnosis.aidsOffered.join(', ') || 'none offered'}`);
      lines.push(...o.diagnosis.steps.map((step) => `  ${step}`));
    }
  } else if (o.credential.kind === 'uid')
    lines.push(`UID:     ${o.credential.uid} (by ${o.method})`);
  else lines.push(`PAN:     ${o.credential.pan.masked} (by ${o.method})`);
  return lines.join('\n');
}
