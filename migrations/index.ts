import { CreateAllowlistAndAudit1795392000000 } from './1795392000000-create-allowlist-and-audit';
import { AddSchedules1796256000000 } from './1796256000000-add-schedules';
import { AddApiTokens1796342400000 } from './1796342400000-add-api-tokens';
import { AddCredentialUses1796428800000 } from './1796428800000-add-credential-uses';
import { AddAccessGroups1796515200000 } from './1796515200000-add-access-groups';
import { AddAuditRetention1796601600000 } from './1796601600000-add-audit-retention';
import { AddMonitorRole1796688000000 } from './1796688000000-add-monitor-role';
import { AddHoldersByNameIndex1796774400000 } from './1796774400000-add-holders-by-name-index';
import { HoldersWithoutRowid1796860800000 } from './1796860800000-holders-without-rowid';
import { HolderGroupIds1796947200000 } from './1796947200000-holder-group-ids';
import { CoverHolderList1797033600000 } from './1797033600000-cover-holder-list';
import { CredentialHolderCopy1797120000000 } from './1797120000000-credential-holder-copy';

/** Every migration, oldest first. Listed by hand so the build needs no file globbing at run time. */
export const KIOSK_MIGRATIONS = [
  CreateAllowlistAndAudit1795392000000,
  AddSchedules1796256000000,
  AddApiTokens1796342400000,
  AddCredentialUses1796428800000,
  AddAccessGroups1796515200000,
  AddAuditRetention1796601600000,
  AddMonitorRole1796688000000,
  AddHoldersByNameIndex1796774400000,
  HoldersWithoutRowid1796860800000,
  HolderGroupIds1796947200000,
  CoverHolderList1797033600000,
  CredentialHolderCopy1797120000000,
];
