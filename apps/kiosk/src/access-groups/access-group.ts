/** An access group: a set of doors, each with the schedule it may be opened in. */
export interface AccessGroupRecord {
  id: string;
  name: string;
  /** By door id; `*` is every door of the terminal, present and future. */
  doors: AccessGroupDoor[];
}

export interface AccessGroupDoor {
  doorId: string;
  /** null: at any time. */
  scheduleId: string | null;
}

/** The holders CSV file separates a holder's groups with this: no group name holds one. */
export const GROUP_SEPARATOR = ';';
