export type HolderStatus = 'active' | 'suspended';

/** A holder as the rest of the app sees it. */
export interface HolderRecord {
  id: string;
  /** The holder's name, as lists and the audit log show it. */
  displayName: string;
  /** What the door's LCD greets them with (null: the name). */
  lcdName: string | null;
  status: HolderStatus;
  validFrom: Date | null;
  validUntil: Date | null;
  notes: string | null;
  /** A visitor: lists can be filtered by it; their cards usually have a use count. */
  visitor: boolean;
  /** The access groups the holder belongs to; none: no door opens for them. */
  groupIds: string[];
}
