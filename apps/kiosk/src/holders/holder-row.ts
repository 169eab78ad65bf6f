import { dateOrNull } from '../database/iso-date.transformer';
import type { HolderRecord, HolderStatus } from './holder';

/** A holder's fields as HOLDER_FIELDS reads them (the id is read beside them). */
export interface HolderFieldsRow {
  holder_display_name: string;
  holder_status: HolderStatus;
  holder_valid_from: string | null;
  holder_valid_until: string | null;
  holder_lcd_name: string | null;
  holder_notes: string | null;
  holder_visitor: 0 | 1;
  holder_group_ids: string;
}

/**
 * A holder's fields and their groups, for a statement on `holders` (the id is read beside them).
 * The groups are the row's own copy of holder_groups (migration 10; triggers keep it): no search
 * of holder_groups per holder. (The tap reads its holder's copy on the credential instead:
 * credentials.repository.ts.)
 */
export const HOLDER_FIELDS = `holders.display_name AS holder_display_name,
  holders.status AS holder_status, holders.valid_from AS holder_valid_from,
  holders.valid_until AS holder_valid_until, holders.lcd_name AS holder_lcd_name,
  holders.notes AS holder_notes, holders.visitor AS holder_visitor,
  holders.group_ids AS holder_group_ids`;

export function holderFromRow(id: string, row: HolderFieldsRow): HolderRecord {
  return {
    id,
    displayName: row.holder_display_name,
    status: row.holder_status,
    validFrom: dateOrNull(row.holder_valid_from),
    validUntil: dateOrNull(row.holder_valid_until),
    lcdName: row.holder_lcd_name,
    notes: row.holder_notes,
    visitor: row.holder_visitor === 1,
    groupIds: groupIdsOf(row.holder_group_ids),
  };
}

/** A group_ids column (space-separated ids, '' or null for none) as a sorted list. */
export function groupIdsOf(column: string | null): string[] {
  return column ? column.split(' ').sort() : [];
}
