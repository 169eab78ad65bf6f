export type HolderStatus = 'active' | 'suspended';

/** A holder as the rest of the app sees it. */
export interface HolderRecord {
  id: string;
  displayName: string;
  status: HolderStatus;
  validFrom: Date | null;
  validUntil: Date | null;
  /** The weekly schedule whose windows the holder may pass in; null: no time restriction. */
  scheduleId: string | null;
}
