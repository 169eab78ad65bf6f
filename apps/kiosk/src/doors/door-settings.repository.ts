import { Injectable } from '@nestjs/common';
import { SqliteConnection } from '../database/sqlite/sqlite-connection';
import type { WriteTransaction } from '../database/write-transaction';

/** What an administrator has set on a door, over its configuration (null: as configured). */
export interface DoorOverride {
  name: string | null;
  pulseMs: number | null;
  heldOpenMs: number | null;
  lockdown: boolean;
}

interface Row {
  door_id: string;
  name: string | null;
  pulse_ms: number | null;
  held_open_ms: number | null;
  lockdown: 0 | 1;
}

/** The door_settings table: kept across restarts, so a lockdown stays on until lifted. */
@Injectable()
export class DoorSettingsRepository {
  constructor(private readonly sql: SqliteConnection) {}

  all(): Map<string, DoorOverride> {
    const rows = this.sql
      .statement('SELECT door_id, name, pulse_ms, held_open_ms, lockdown FROM door_settings')
      .all() as Row[];
    return new Map(
      rows.map((r) => [
        r.door_id,
        {
          name: r.name,
          pulseMs: r.pulse_ms,
          heldOpenMs: r.held_open_ms,
          lockdown: r.lockdown === 1,
        },
      ]),
    );
  }

  saveIn(tx: WriteTransaction, doorId: string, o: DoorOverride, at: Date): void {
    tx.statement(
      `INSERT INTO door_settings (door_id, name, pulse_ms, held_open_ms, lockdown, updated_at)
       VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (door_id) DO UPDATE SET name = excluded.name, pulse_ms = excluded.pulse_ms,
         held_open_ms = excluded.held_open_ms, lockdown = excluded.lockdown,
         updated_at = excluded.updated_at`,
    ).run(doorId, o.name, o.pulseMs, o.heldOpenMs, o.lockdown ? 1 : 0, at.toISOString());
  }
}
