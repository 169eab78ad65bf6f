import { existsSync, readFileSync } from 'node:fs';
import { openTestDatabase, type TestDatabase } from '../testing/test-database';
import { TokensModule } from './tokens.module';
import { TokensService } from './tokens.service';

const CLI = { kind: 'cli', user: 'spec' } as const;

describe('TokensService on a real SQLite file', () => {
  let db: TestDatabase;
  let tokens: TokensService;

  beforeEach(async () => {
    db = await openTestDatabase([TokensModule]);
    tokens = db.module.get(TokensService);
  });
  afterEach(() => db.close());

  it('creates a random token, shown once, that authenticates as its role', async () => {
    const created = await tokens.create(
      { name: 'Front desk', role: 'operator', doors: ['front'] },
      CLI,
    );
    expect(created.token).toMatch(/^kiosk\.[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}$/);
    expect(tokens.authenticate(created.token)).toEqual({
      tokenId: created.id,
      name: 'Front desk',
      role: 'operator',
      doors: ['front'],
    });
    const other = await tokens.create({ name: 'Other', role: 'admin' }, CLI);
    expect(other.token).not.toBe(created.token);
  });

  it('keeps only the hash: the token is nowhere in the database, its WAL or the audit log', async () => {
    const created = await tokens.create({ name: 'Auditor', role: 'auditor' }, CLI);
    const secret = created.token.split('.')[2]!;
    const bytes = Buffer.concat(
      [db.path, `${db.path}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
    );
    expect(bytes.includes(Buffer.from('Auditor'))).toBe(true); // the search looks at the right bytes
    expect(bytes.includes(Buffer.from(secret))).toBe(false);
    expect(JSON.stringify(tokens.list())).not.toContain(secret);
    const actions = db
      .outside()
      .prepare("SELECT outcome, detail FROM audit_events WHERE type = 'admin-action'")
      .all();
    expect(actions).toEqual([
      { outcome: 'token-created', detail: expect.stringContaining('"name":"Auditor"') },
    ]);
    expect(JSON.stringify(actions)).not.toContain(secret);
  });

  it('refuses a wrong secret, an unknown id, a malformed token, a revoked and an expired one alike', async () => {
    const created = await tokens.create({ name: 'A', role: 'admin' }, CLI);
    const [, id, secret] = created.token.split('.');
    const wrongSecret = `kiosk.${id}.${secret!.slice(0, -1)}${secret!.endsWith('A') ? 'B' : 'A'}`;
    const unknownId = `kiosk.00000000-0000-4000-8000-000000000000.${secret}`;
    for (const bad of [
      wrongSecret,
      unknownId,
      'kiosk',
      '',
      `${created.token}x`,
      created.token.toUpperCase(),
    ])
      expect(() => tokens.authenticate(bad)).toThrow(
        expect.objectContaining({ code: 'unauthenticated' }),
      );

    const soon = await tokens.create(
      { name: 'Soon', role: 'admin', expiresAt: new Date(Date.now() + 60_000) },
      CLI,
    );
    expect(tokens.authenticate(soon.token).name).toBe('Soon');
    expect(() => tokens.authenticate(soon.token, new Date(Date.now() + 61_000))).toThrow(
      expect.objectContaining({ code: 'unauthenticated' }),
    );

    await tokens.revoke('A', CLI);
    expect(() => tokens.authenticate(created.token)).toThrow(
      expect.objectContaining({ code: 'unauthenticated' }),
    );
    expect(tokens.list().find((t) => t.name === 'A')?.revokedAt).toBeInstanceOf(Date);
  });

  it('refuses bad input with its code, and writes nothing', async () => {
    await tokens.create({ name: 'Taken', role: 'admin' }, CLI);
    await expect(tokens.create({ name: 'Taken', role: 'auditor' }, CLI)).rejects.toMatchObject({
      code: 'token-name-taken',
    });
    await expect(tokens.create({ name: '', role: 'admin' }, CLI)).rejects.toMatchObject({
      code: 'invalid-input',
    });
    await expect(
      tokens.create({ name: 'Bad\n\u001b[31mname', role: 'admin' }, CLI),
    ).rejects.toMatchObject({
      code: 'invalid-input',
    });
    await expect(
      tokens.create({ name: 'Doors', role: 'admin', doors: ['front'] }, CLI),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(
      tokens.create({ name: 'Past', role: 'admin', expiresAt: new Date(0) }, CLI),
    ).rejects.toMatchObject({ code: 'invalid-input' });
    await expect(tokens.revoke('Nobody', CLI)).rejects.toMatchObject({ code: 'token-not-found' });
    expect(tokens.list().map((t) => t.name)).toEqual(['Taken']);
  });
});
