import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { DataSource } from 'typeorm';
import { KIOSK_MIGRATIONS } from '@kiosk/migrations';
import { openTestDatabase } from '../testing/test-database';
import { TokensModule } from './tokens.module';
import { TokensService } from './tokens.service';

const CLI = { kind: 'cli', user: 'spec' } as const;

/**
 * Migration 7 makes api_tokens anew (SQLite cannot change a CHECK in place): down to the schema
 * before it and up again, no token may be lost or changed, and only then may monitor tokens be.
 */
describe('the monitor role (migration 7), down and up on a database with tokens', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kiosk-monitor-role-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every token working, revoked ones revoked, and drops monitor tokens going down', async () => {
    const path = join(dir, 'kiosk.db');
    const first = await openTestDatabase([TokensModule], { KIOSK_DB: path });
    const tokens = first.module.get(TokensService, { strict: false });
    const admin = await tokens.create({ name: 'admin', role: 'admin' }, CLI);
    const desk = await tokens.create({ name: 'desk', role: 'operator', doors: ['front'] }, CLI);
    const gone = await tokens.create({ name: 'gone', role: 'auditor' }, CLI);
    await tokens.revoke('gone', CLI);
    await tokens.create({ name: 'prometheus', role: 'monitor' }, CLI);
    await first.close();

    const source = new DataSource({
      type: 'better-sqlite3',
      database: path,
      migrations: KIOSK_MIGRATIONS,
    });
    await source.initialize();
    // Down to before migration 7 (AddMonitorRole): the later ones first.
    const seventh = KIOSK_MIGRATIONS.findIndex((m) => m.name.startsWith('AddMonitorRole'));
    for (let i = KIOSK_MIGRATIONS.length - 1; i >= seventh; i -= 1)
      await source.undoLastMigration();
    await source.destroy();
    const old = new Database(path);
    try {
      expect(old.prepare('SELECT name, role FROM api_tokens ORDER BY name').all()).toEqual([
        { name: 'admin', role: 'admin' },
        { name: 'desk', role: 'operator' },
        { name: 'gone', role: 'auditor' },
      ]);
      const monitor = old.prepare(
        "INSERT INTO api_tokens (id, name, role, secret_hash, created_at) VALUES ('x', 'x', 'monitor', 'h', 't')",
      );
      expect(() => monitor.run()).toThrow(/CHECK constraint failed/);
    } finally {
      old.close();
    }

    const again = await openTestDatabase([TokensModule], { KIOSK_DB: path });
    try {
      const upgraded = again.module.get(TokensService, { strict: false });
      expect(upgraded.authenticate(admin.token)).toMatchObject({ name: 'admin', role: 'admin' });
      expect(upgraded.authenticate(desk.token)).toMatchObject({
        role: 'operator',
        doors: ['front'],
      });
      expect(() => upgraded.authenticate(gone.token)).toThrow();
      const monitor = await upgraded.create({ name: 'prometheus', role: 'monitor' }, CLI);
      expect(upgraded.authenticate(monitor.token)).toMatchObject({ role: 'monitor' });
    } finally {
      await again.close();
    }
  });
});
