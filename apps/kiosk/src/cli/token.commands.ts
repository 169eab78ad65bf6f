import { Command, Option } from 'commander';
import { TOKEN_ROLES, type ApiTokenRecord, type TokenRole } from '../tokens/api-token';
import { TokensService } from '../tokens/tokens.service';
import { cliActor, withCliContext } from './cli-context';
import { parseDateOption, print } from './cli-output';

function describe(t: ApiTokenRecord): string {
  const state = t.revokedAt
    ? `revoked ${t.revokedAt.toISOString()}`
    : t.expiresAt
      ? `expires ${t.expiresAt.toISOString()}`
      : 'no expiry';
  const doors = t.doors ? ` doors ${t.doors.join(',')}` : '';
  return `${t.name} [${t.role}]${doors} ${state}`;
}

/** `kiosk token …`: API tokens for the admin API (README, "API tokens"). */
export function tokenCommands(): Command {
  const token = new Command('token').description('API tokens for the HTTP admin API');

  token
    .command('create')
    .description('create a token; it is printed once and never again (only its hash is kept)')
    .requiredOption('--name <name>', 'a name for the token, unique (1-64 characters)')
    .addOption(
      new Option('--role <role>', 'what it may do').choices([...TOKEN_ROLES]).makeOptionMandatory(),
    )
    .option('--doors <ids>', 'operator only: the door ids it may act on, comma-separated')
    .option('--expires <iso-date>', 'when it stops working', parseDateOption)
    .option('--json', 'print JSON')
    .action(
      async (opts: {
        name: string;
        role: TokenRole;
        doors?: string;
        expires?: Date;
        json?: boolean;
      }) => {
        const created = await withCliContext((app) =>
          app.get(TokensService).create(
            {
              name: opts.name,
              role: opts.role,
              doors:
                opts.doors
                  ?.split(',')
                  .map((d) => d.trim())
                  .filter(Boolean) ?? null,
              expiresAt: opts.expires ?? null,
            },
            cliActor(),
          ),
        );
        print(opts.json, created, () =>
          [
            `Created ${describe(created)}`,
            `Token (shown this once; keep it like a password): ${created.token}`,
            'Use it as: Authorization: Bearer <token>',
          ].join('\n'),
        );
      },
    );

  token
    .command('list')
    .description('list tokens (names, roles, expiry; never the tokens themselves)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const tokens = await withCliContext((app) => app.get(TokensService).list());
      print(opts.json, tokens, () =>
        tokens.length === 0 ? 'No tokens.' : tokens.map(describe).join('\n'),
      );
    });

  token
    .command('revoke')
    .description('revoke a token by name: it stops working at once')
    .argument('<name>', 'the token name')
    .option('--json', 'print JSON')
    .action(async (name: string, opts: { json?: boolean }) => {
      const revoked = await withCliContext((app) =>
        app.get(TokensService).revoke(name, cliActor()),
      );
      print(opts.json, revoked, () => `Revoked ${describe(revoked)}`);
    });
  return token;
}
