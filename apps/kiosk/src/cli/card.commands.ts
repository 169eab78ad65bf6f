import { createInterface } from 'node:readline';
import { Command } from 'commander';
import {
  describeAtr,
  formatAtrReport,
  PcscTransport,
  ReaderManager,
  type CardRead,
  type ReaderEvent,
} from '@kiosk/card';
import { CliFailure, print } from './cli-output';

/** `kiosk card …`: installer tools on the card layer. No database, no Nest: the library directly. */
export function cardCommands(): Command {
  const card = new Command('card').description('check readers and cards (no database needed)');

  card
    .command('readers')
    .description('list the PC/SC readers and whether a card is on each')
    .option('--json', 'print JSON')
    .option('--wait <ms>', 'how long to listen for readers', '1500')
    .action(async (opts: { json?: boolean; wait: string }) => {
      const readers = await listReaders(Number(opts.wait) || 1500);
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
    .option('--reader <name>', 'substring or /regex/ of the reader name')
    .option('--timeout <s>', 'give up after this many seconds', '60')
    .option('--json', 'print JSON')
    .action(async (opts: { reader?: string; timeout: string; json?: boolean }) => {
      const read = await readOneCard(opts.reader, (Number(opts.timeout) || 60) * 1000);
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
  waitMs: number,
): Promise<Array<{ reader: string; cardPresent: boolean }>> {
  const transport = new PcscTransport();
  const readers = new Map<string, boolean>();
  await transport.start((event) => {
    if (event.type === 'reader-attached')
      readers.set(event.reader, readers.get(event.reader) ?? false);
    if (event.type === 'card-inserted') readers.set(event.reader, true);
    if (event.type === 'card-removed') readers.set(event.reader, false);
    if (event.type === 'reader-removed') readers.delete(event.reader);
  });
  await new Promise((resolve) => setTimeout(resolve, waitMs));
  await transport.stop();
  // Sorted: readers report their first status in any order, and the listing should not.
  return [...readers]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([reader, cardPresent]) => ({ reader, cardPresent }));
}

async function readOneCard(
  readerPattern: string | undefined,
  timeoutMs: number,
): Promise<CardRead> {
  // A card already on the reader is read too: the installer put it there for this command.
  const manager = new ReaderManager(new PcscTransport(), {
    readerPattern,
    readPresentAtAttach: true,
  });
  manager.on('error', () => undefined);
  manager.on('reader', (event: ReaderEvent) => process.stderr.write(`${describeEvent(event)}\n`));
  try {
    const read = new Promise<CardRead>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new CliFailure(`no card within ${timeoutMs / 1000} s`, 1)),
        timeoutMs,
      );
      manager.once('card-read', (r) => {
        clearTimeout(timer);
        resolve(r);
      });
    });
    await manager.start();
    process.stderr.write('waiting for a card…\n');
    return await read;
  } finally {
    await manager.stop();
  }
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
  if (!o.ok) lines.push(`refused: ${o.reason}${o.detail ? ` (${o.detail})` : ''}`);
  else if (o.credential.kind === 'uid') lines.push(`UID:     ${o.credential.uid} (by ${o.method})`);
  else lines.push(`PAN:     ${o.credential.pan.masked} (by ${o.method})`);
  return lines.join('\n');
}
