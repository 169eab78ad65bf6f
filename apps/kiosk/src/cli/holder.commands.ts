import { createWriteStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { text as streamText } from 'node:stream/consumers';
import { pipeline } from 'node:stream/promises';
import { Command, Option } from 'commander';
import { ExitCode } from '../errors/exit-code';
import { HoldersCsvService } from '../holders/holders-csv.service';
import { HolderImportRefusedError } from '../holders/holders.errors';
import { AccessGroupError, AccessGroupErrorCode } from '../access-groups/access-groups.errors';
import { AccessGroupsRepository } from '../access-groups/access-groups.repository';
import { CredentialsService } from '../credentials/credentials.service';
import { HoldersService } from '../holders/holders.service';
import { cliActor, withCliContext } from './cli-context';
import { parseDateOption, print } from './cli-output';
import { readPansFromStdin } from './pan-input';

export function holderCommands(): Command {
  const holder = new Command('holder').description('enrol and list card holders');

  holder
    .command('add')
    .description('enrol a holder with one or more card UIDs')
    .requiredOption('--name <name>', 'display name shown on the door LCD (1-64 characters)')
    .addOption(
      new Option('--uid <hex...>', 'card UID as hex (4, 7 or 10 bytes), e.g. 04A224E2C35E80'),
    )
    .option('--pan-stdin', 'also enrol bank cards: card numbers on standard input, one per line')
    .option(
      '--group <name...>',
      'access groups to join, by name (e.g. Everyone); a holder in no group opens no door',
    )
    .option('--lcd-name <text>', 'what the LCD greets them with, if not the name (1-16 characters)')
    .option('--visitor', 'mark the holder as a visitor')
    .option('--uses <n>', 'a visitor: each card is good for this many entries', (v) => Number(v))
    .option('--valid-from <iso-date>', 'first moment the holder may pass', parseDateOption)
    .option(
      '--valid-until <iso-date>',
      'moment from which the holder may no longer pass',
      parseDateOption,
    )
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        name: string;
        uid?: string[];
        panStdin?: boolean;
        uses?: number;
        validFrom?: Date;
        validUntil?: Date;
        group?: string[];
        lcdName?: string;
        visitor?: boolean;
        json?: boolean;
      }) => {
        const pans = opts.panStdin ? await readPansFromStdin() : [];
        const created = await withCliContext((app) =>
          app.get(HoldersService).create(
            {
              displayName: opts.name,
              lcdName: opts.lcdName ?? null,
              visitor: opts.visitor ?? false,
              groupIds: groupIdsByName(app.get(AccessGroupsRepository), opts.group ?? []),
              uids: opts.uid ?? [],
              pans,
              validFrom: opts.validFrom,
              validUntil: opts.validUntil,
              uses: opts.uses ?? null,
            },
            cliActor(),
          ),
        );
        print(opts.json, created, () =>
          [
            `Enrolled ${created.displayName} (${created.id})`,
            ...created.credentials.map((c) => `  ${c.kind} ${c.display}`),
            ...(created.groupIds.length === 0
              ? ['  in no access group: no door opens for them until they join one (--group)']
              : [`  groups: ${(opts.group ?? []).join(', ')}`]),
          ].join('\n'),
        );
      },
    );

  holder
    .command('list')
    .description('list holders and their cards')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const rows = await withCliContext(async (app) => {
        const credentials = app.get(CredentialsService);
        const groupNames = new Map(
          app
            .get(AccessGroupsRepository)
            .all()
            .map((g) => [g.id, g.name]),
        );
        const holders = app.get(HoldersService).list();
        return Promise.all(
          holders.map(async (h) => ({
            id: h.id,
            displayName: h.displayName,
            status: h.status,
            groups: h.groupIds.map((id) => groupNames.get(id) ?? id),
            credentials: (await credentials.listForHolder(h.id)).map((c) => ({
              kind: c.kind,
              display: c.display,
              status: c.status,
            })),
          })),
        );
      });
      print(opts.json, rows, () =>
        rows.length === 0
          ? 'No holders enrolled.'
          : rows
              .map(
                (h) =>
                  `${h.displayName} [${h.status}] ${h.credentials.map((c) => c.display).join(', ')}` +
                  ` (groups: ${h.groups.join(', ') || 'none'})`,
              )
              .join('\n'),
      );
    });
  holder
    .command('export')
    .description(
      'write every holder as CSV (bank cards only masked: they cannot be imported again)',
    )
    .option('--out <file>', 'write to this file (default: standard output)')
    .action(async (opts: { out?: string }) => {
      await withCliContext(async (app) => {
        const csv = app.get(HoldersCsvService).exportCsv();
        await pipeline(
          csv,
          opts.out ? createWriteStream(opts.out, { mode: 0o600 }) : process.stdout,
        );
      });
    });

  holder
    .command('import')
    .description('enrol holders from a CSV file, all or nothing (see the README for its columns)')
    .argument('<file>', 'the CSV file; - for standard input')
    .option('--dry-run', 'check the file and report every bad line; change nothing')
    .option('--json', 'print JSON')
    .action(async (file: string, opts: { dryRun?: boolean; json?: boolean }) => {
      const text = file === '-' ? await streamText(process.stdin) : await readFile(file, 'utf8');
      const report = await withCliContext((app) =>
        app.get(HoldersCsvService).importCsv(text, opts.dryRun ?? false, cliActor()),
      ).catch((err: unknown) => {
        if (err instanceof HolderImportRefusedError)
          return {
            dryRun: false,
            holders: 0,
            cards: 0,
            problems: [...err.problems],
            panCardsNotImported: 0,
          };
        throw err;
      });
      print(opts.json, report, () =>
        [
          report.problems.length > 0
            ? `${report.dryRun ? 'Would not import' : 'Nothing imported'}: ${report.problems.length} line(s) cannot be imported`
            : `${report.dryRun ? 'Would import' : 'Imported'} ${report.holders} holder(s) with ${report.cards} card(s)`,
          ...report.problems.map((p) => `  line ${p.line}: ${p.problem}`),
          ...(report.panCardsNotImported > 0
            ? [
                `  ${report.panCardsNotImported} bank card(s) in the file were not imported: enrol them again`,
              ]
            : []),
        ].join('\n'),
      );
      if (report.problems.length > 0) process.exitCode = ExitCode.refused;
    });

  return holder;
}

/** The ids of the named access groups; a name that is no group is refused, naming the groups. */
function groupIdsByName(groups: AccessGroupsRepository, names: readonly string[]): string[] {
  const all = groups.all();
  return names.map((name) => {
    const group = all.find((g) => g.name === name);
    if (!group)
      throw new AccessGroupError(
        AccessGroupErrorCode.NotFound,
        `No access group named "${name}" (groups: ${all.map((g) => g.name).join(', ') || 'none'})`,
      );
    return group.id;
  });
}
