import { Injectable } from '@nestjs/common';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import type { WriteTransaction } from '../database/write-transaction';
import type { AccessGroupRecord } from './access-group';

interface GroupRow {
  id: string;
  name: string;
}
interface DoorRow {
  group_id: string;
  door_id: string;
  schedule_id: string | null;
}

type Sql = Pick<SqliteConnection, 'statement'>;

/** The access_groups, access_group_doors and holder_groups (membership) tables. */
@Injectable()
export class AccessGroupsRepository {
  constructor(private readonly sql: SqliteConnection) {}

  /** Every group with its doors, by name: the access policy holds them all in memory. */
  all(): AccessGroupRecord[] {
    const rows = this.sql
      .statement('SELECT id, name FROM access_groups ORDER BY name, id')
      .all() as GroupRow[];
    const byGroup = new Map<string, DoorRow[]>();
    for (const d of this.sql
      .statement(
        'SELECT group_id, door_id, schedule_id FROM access_group_doors ORDER BY group_id, door_id',
      )
      .all() as DoorRow[])
      byGroup.set(d.group_id, [...(byGroup.get(d.group_id) ?? []), d]);
    return rows.map((row) => withDoors(row, byGroup.get(row.id) ?? []));
  }

  findById(id: string): AccessGroupRecord | null {
    return this.findWith(this.sql, id);
  }

  findByIdIn(tx: WriteTransaction, id: string): AccessGroupRecord | null {
    return this.findWith(tx, id);
  }

  idOfNameIn(tx: WriteTransaction, name: string, exceptId: string | null): string | null {
    const row = tx
      .statement('SELECT id FROM access_groups WHERE name = ? AND id IS NOT ?')
      .get(name, exceptId) as { id: string } | undefined;
    return row?.id ?? null;
  }

  /** Inserts or replaces the group and all its doors, in the caller's transaction. */
  saveIn(tx: WriteTransaction, g: AccessGroupRecord, at: Date, isNew: boolean): void {
    if (isNew)
      tx.statement(
        'INSERT INTO access_groups (id, name, created_at, updated_at) VALUES (?, ?, ?, ?)',
      ).run(g.id, g.name, at.toISOString(), at.toISOString());
    else
      tx.statement('UPDATE access_groups SET name = ?, updated_at = ? WHERE id = ?').run(
        g.name,
        at.toISOString(),
        g.id,
      );
    tx.statement('DELETE FROM access_group_doors WHERE group_id = ?').run(g.id);
    const insert = tx.statement(
      'INSERT INTO access_group_doors (group_id, door_id, schedule_id) VALUES (?, ?, ?)',
    );
    for (const d of g.doors) insert.run(g.id, d.doorId, d.scheduleId);
  }

  /** Deletes the group; its memberships go with it (ON DELETE CASCADE). */
  deleteIn(tx: WriteTransaction, id: string): void {
    tx.statement('DELETE FROM access_groups WHERE id = ?').run(id);
  }

  /** How many holders the group has. */
  memberCountIn(tx: WriteTransaction, id: string): number {
    const row = tx
      .statement('SELECT count(*) AS n FROM holder_groups WHERE group_id = ?')
      .get(id) as {
      n: number;
    };
    return row.n;
  }

  /** Of `ids`, the ones that name no group. */
  missingIn(tx: WriteTransaction, ids: readonly string[]): string[] {
    const exists = tx.statement('SELECT 1 FROM access_groups WHERE id = ?');
    return ids.filter((id) => exists.get(id) === undefined);
  }

  /** Makes `groupIds` the holder's groups, in the caller's transaction. */
  setHolderGroupsIn(tx: WriteTransaction, holderId: string, groupIds: readonly string[]): void {
    tx.statement('DELETE FROM holder_groups WHERE holder_id = ?').run(holderId);
    this.addHolderGroupsIn(tx, holderId, groupIds);
  }

  /** Gives a new holder (none yet) their groups, in the caller's transaction. */
  addHolderGroupsIn(tx: WriteTransaction, holderId: string, groupIds: readonly string[]): void {
    const insert = tx.statement('INSERT INTO holder_groups (holder_id, group_id) VALUES (?, ?)');
    for (const groupId of new Set(groupIds)) insert.run(holderId, groupId);
  }

  private findWith(sql: Sql, id: string): AccessGroupRecord | null {
    const row = sql.statement('SELECT id, name FROM access_groups WHERE id = ?').get(id) as
      GroupRow | undefined;
    if (!row) return null;
    const doors = sql
      .statement(
        'SELECT group_id, door_id, schedule_id FROM access_group_doors WHERE group_id = ? ORDER BY door_id',
      )
      .all(id) as DoorRow[];
    return withDoors(row, doors);
  }
}

function withDoors(row: GroupRow, doors: readonly DoorRow[]): AccessGroupRecord {
  return {
    id: row.id,
    name: row.name,
    doors: doors.map((d) => ({ doorId: d.door_id, scheduleId: d.schedule_id })),
  };
}
