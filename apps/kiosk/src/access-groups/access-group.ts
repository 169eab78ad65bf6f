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
