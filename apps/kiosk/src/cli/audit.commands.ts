import { createWriteStream } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import { Command, Option } from 'commander';
import { AuditExportService } from '../audit/audit-export.service';
import { verifyAuditExport } from '../audit/audit-export-verify';
import { checkAuditStatement, type AuditHead, type Signed } from '../audit/audit-statement';
import { AuditService } from '../audit/audit.service';
import { AttendanceReportService } from '../reports/attendance-report.service';
import { auditVerifyText } from './audit-verify-text';
import { cliActor, withCliContext } from './cli-context';
import { CliFailure, parseDateOption, print } from './cli-output';

export function auditCommands(): Command {
  const audit = new Command('audit').description('the tamper-evident audit log');

  audit
    .command('verify')
    .description(
      're-hash the whole chain (exit 1 if a record was altered or removed); or check an export file, on any machine',
    )
    .option('--file <export>', 'verify an export (CSV or NDJSON) instead; needs no database')
    .option('--public-key <pem-file>', "the terminal's public key (kiosk audit public-key)")
    .option(
      '--since-head <head-file>',
      'also prove the log was only appended to since this signed head',
    )
    .option('--json', 'print JSON')
    .action(
      async (opts: { file?: string; publicKey?: string; sinceHead?: string; json?: boolean }) => {
        if (opts.file) return verifyFile(opts.file, opts.publicKey, opts.json);
        const head = opts.sinceHead
          ? (JSON.parse(await readFile(opts.sinceHead, 'utf8')) as Signed<AuditHead>)
          : null;
        const { result, unrecorded } = await withCliContext(async (app) => {
          const exports = app.get(AuditExportService);
          const service = app.get(AuditService);
          if (head) {
            const signature = checkAuditStatement(head, exports.publicKey);
            if (!signature.ok)
              throw new CliFailure(
                `The head is not signed by this terminal: ${signature.problem}`,
                1,
              );
          }
          const verified = head ? await service.verifySinceHead(head) : await service.verify();
          // Recorded after it; a log tampered with may refuse the record (a number taken): the
          // result is still told, and why it is not in the log.
          const recorded = await service
            .recordVerification(cliActor(), verified, head?.seq ?? null)
            .then(
              () => null,
              (err: unknown) => (err instanceof Error ? err.message : String(err)),
            );
          return { result: verified, unrecorded: recorded };
        });
        print(opts.json, result, () => auditVerifyText(result, head?.seq));
        if (unrecorded !== null)
          process.stderr.write(`kiosk: this verification could not be recorded: ${unrecorded}\n`);
        if (result.break) throw new CliFailure('', 1);
      },
    );

  audit
    .command('export')
    .description('write the records of a range, with a signed checkpoint at the end')
    .addOption(
      new Option('--format <format>', 'csv or ndjson').choices(['csv', 'ndjson']).default('csv'),
    )
    .option('--from <iso-date>', 'from this moment (inclusive)', parseDateOption)
    .option('--to <iso-date>', 'to this moment (exclusive)', parseDateOption)
    .option('--type <types>', 'record types, comma-separated', (v) => v.split(',').filter(Boolean))
    .option('--out <file>', 'write to this file (mode 0600; default: standard output)')
    .action(
      async (opts: {
        format: 'csv' | 'ndjson';
        from?: Date;
        to?: Date;
        type?: string[];
        out?: string;
      }) => {
        await withCliContext(async (app) => {
          const exports = app.get(AuditExportService);
          const filter = { from: opts.from, to: opts.to, types: opts.type };
          // A progress bar on the terminal when the records go to a file, not down a pipe.
          const bar =
            opts.out && process.stderr.isTTY
              ? new SingleBar({
                  format: 'exporting [{bar}] {value}/{total} records',
                  stream: process.stderr,
                })
              : null;
          bar?.start(exports.count(filter) + 1, 0); // + the export's own record
          const source = await exports.export(opts.format, filter, cliActor());
          const counter = new Transform({
            transform(chunk: Buffer, _encoding, done) {
              bar?.increment(chunk.toString('utf8').split('\n').length - 1);
              done(null, chunk);
            },
          });
          await pipeline(
            source,
            counter,
            opts.out ? createWriteStream(opts.out, { mode: 0o600 }) : process.stdout,
          );
          bar?.stop();
        });
      },
    );

  audit
    .command('head')
    .description(
      'the head of the log now, signed by the terminal: keep it elsewhere, for --since-head',
    )
    .action(async () => {
      const head = await withCliContext((app) => app.get(AuditExportService).head());
      process.stdout.write(`${JSON.stringify(head, null, 2)}\n`);
    });

  audit
    .command('public-key')
    .description("the terminal's audit public key (PEM): what exports and heads are verified with")
    .action(async () => {
      const pem = await withCliContext((app) => app.get(AuditExportService).publicKeyPem);
      process.stdout.write(pem);
    });

  audit
    .command('report')
    .description('reports read from the log')
    .command('attendance')
    .description('per holder and site-local day, the first and last grant at each door (CSV)')
    .option('--from <iso-date>', 'from this moment (inclusive)', parseDateOption)
    .option('--to <iso-date>', 'to this moment (exclusive)', parseDateOption)
    .option('--out <file>', 'write to this file (mode 0600; default: standard output)')
    .action(async (opts: { from?: Date; to?: Date; out?: string }) => {
      const csv = await withCliContext((app) =>
        app.get(AttendanceReportService).csv({ from: opts.from, to: opts.to }),
      );
      if (opts.out) await writeFile(opts.out, csv, { mode: 0o600 });
      else process.stdout.write(csv);
    });

  return audit;
}

async function verifyFile(file: string, publicKeyFile: string | undefined, json?: boolean) {
  const pem = publicKeyFile === undefined ? undefined : await readFile(publicKeyFile, 'utf8');
  const result = verifyAuditExport(await readFile(file, 'utf8'), pem);
  print(json, result, () =>
    [
      result.ok
        ? `Export verified: ${result.rows} records, signed by the terminal key ${fingerprintOf(result)}`
        : `Export NOT verified (${result.rows} records read)`,
      ...(result.signature.ok
        ? result.signature.trustedKey
          ? []
          : [
              "  the signature was checked against the key in the file only: give --public-key to check it is the terminal's",
            ]
        : [`  signature: ${result.signature.problem}`]),
      ...result.problems.map(
        (p) => `  ${p.seq === null ? '' : `seq ${p.seq}: `}${p.problem}: ${p.detail}`,
      ),
    ].join('\n'),
  );
  if (!result.ok || !result.signature.ok) throw new CliFailure('', 1);
}

const fingerprintOf = (r: ReturnType<typeof verifyAuditExport>) =>
  r.signature.ok ? `${r.signature.fingerprint.slice(0, 16)}…` : '';
