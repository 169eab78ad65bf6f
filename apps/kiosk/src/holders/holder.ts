export type HolderStatus = 'active' | 'suspended';

/** A holder as the rest of the app sees it. */
export interface HolderRecord {
  id: string;
  displayName: string;
  status: HolderStatus;
  validFrom: Date | null;
  validUntil: Date | null;
}
