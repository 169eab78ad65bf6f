import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVERY_DOOR } from '../access/access-decision';
import { AllowlistRevisionsRepository } from '../allowlist/allowlist-revisions.repository';
import type { AdminActor } from '../audit/admin-actor';
import { AuditService } from '../audit/audit.service';
import { kioskConfig, type KioskConfigType } from '../config/kiosk.config';
import { UnitOfWork } from '../database/unit-of-work';
import type { WriteTransaction } from '../database/write-transaction';
import { InvalidNameError, checkedName } from '../naming/checked-name';
import { SchedulesRepository } from '../schedules/schedules.repository';
import { GROUP_SEPARATOR, type AccessGroupDoor, type AccessGroupRecord } from './access-group';
import { AccessGroupError, AccessGroupErrorCode } from './access-groups.errors';
import { AccessGroupsRepository } from './access-groups.repository';

export interface AccessGroupInput {
  name: string;
  doors: readonly AccessGroupDoor[];
}

/**
 * Access groups: which doors, and when. Each change is one transaction with its allowlist
 * revision and audit record, and applies from the very next tap.
 */
@Injectable()
export class AccessGroupsService {
  constructor(
    @Inject(kioskConfig.KEY) private readonly config: KioskConfigType,
    private readonly unitOfWork: UnitOfWork,
    private readonly groups: AccessGroupsRepository,
    private readonly schedules: SchedulesRepository,
    private readonly revisions: AllowlistRevisionsRepository,
    private readonly audit: AuditService,
  ) {}

  list(): AccessGroupRecord[] {
    return this.groups.all();
  }

  get(id: string): AccessGroupRecord {
    const group = this.groups.findById(id);
    if (!group) throw notFound(id);
    return group;
  }

  /** Creates a group (id null) or replaces what is given of one (doors as a whole). */
  save(
    id: string | null,
    input: Partial<AccessGroupInput>,
    actor: AdminActor,
  ): Promise<AccessGroupRecord> {
    const name = input.name === undefined ? undefined : checkedGroupName(input.name);
    const doors = input.doors === undefined ? undefined : this.checkedDoors(input.doors);
    return this.unitOfWork.write((tx) => {
      const before = id === null ? null : this.groups.findByIdIn(tx, id);
      if (id !== null && !before) throw notFound(id);
      if (!before && name === undefined)
        throw new AccessGroupError(AccessGroupErrorCode.InvalidDoors, 'name: a group needs a name');
      const after: AccessGroupRecord = {
        id: before?.id ?? randomUUID(),
        name: name ?? before!.name,
        doors: doors ?? before?.doors ?? [],
      };
      if (this.groups.idOfNameIn(tx, after.name, after.id))
        throw new AccessGroupError(
          AccessGroupErrorCode.NameTaken,
          `An access group named "${after.name}" exists`,
        );
      this.assertSchedulesExistIn(tx, after.doors);
      const at = new Date();
      this.groups.saveIn(tx, after, at, before === null);
      this.recordIn(tx, after.id, before ? 'update' : 'create', at, {
        actor,
        name: after.name,
        doors: after.doors,
      });
      return after;
    });
  }

  /** Deletes the group: its members keep their other groups; the audit log keeps the history. */
  async delete(id: string, actor: AdminActor): Promise<void> {
    await this.unitOfWork.write((tx) => {
      const group = this.groups.findByIdIn(tx, id);
      if (!group) throw notFound(id);
      const members = this.groups.memberCountIn(tx, id);
      const at = new Date();
      this.groups.deleteIn(tx, id);
      this.recordIn(tx, id, 'delete', at, { actor, name: group.name, members });
    });
  }

  /** Each door once, and each a door of this terminal or `*` (every door). */
  private checkedDoors(doors: readonly AccessGroupDoor[]): AccessGroupDoor[] {
    const known = new Set(this.config.doors.map((d) => d.id));
    const seen = new Set<string>();
    for (const [i, d] of doors.entries()) {
      if (d.doorId !== EVERY_DOOR && !known.has(d.doorId))
        throw new AccessGroupError(
          AccessGroupErrorCode.DoorNotFound,
          `doors[${i}].doorId: no door "${d.doorId}" on this terminal (doors: ${[...known].join(', ')}, or * for all)`,
        );
      if (seen.has(d.doorId))
        throw new AccessGroupError(
          AccessGroupErrorCode.InvalidDoors,
          `doors[${i}].doorId: "${d.doorId}" is listed twice`,
        );
      seen.add(d.doorId);
    }
    return [...doors].sort((a, b) => a.doorId.localeCompare(b.doorId));
  }

  private assertSchedulesExistIn(tx: WriteTransaction, doors: readonly AccessGroupDoor[]): void {
    for (const d of doors)
      if (d.scheduleId !== null && !this.schedules.findByIdIn(tx, d.scheduleId))
        throw new AccessGroupError(
          AccessGroupErrorCode.ScheduleNotFound,
          `No schedule "${d.scheduleId}" (door ${d.doorId})`,
        );
  }

  private recordIn(
    tx: WriteTransaction,
    id: string,
    action: 'create' | 'update' | 'delete',
    at: Date,
    detail: Record<string, unknown>,
  ): void {
    this.revisions.appendIn(tx, { entity: 'access-group', entityId: id, action, at });
    this.audit.recordIn(tx, {
      type: 'admin-action',
      at,
      outcome: `access-group-${action}d`,
      detail: { accessGroup: id, ...detail },
    });
  }
}

const notFound = (id: string) =>
  new AccessGroupError(AccessGroupErrorCode.NotFound, `No access group "${id}"`);

/** A group name, which may not hold `;`: the holders CSV file separates groups with it. */
function checkedGroupName(text: string): string {
  const name = checkedName(text, 'group name');
  if (name.includes(GROUP_SEPARATOR))
    throw new InvalidNameError(
      `A group name may not hold "${GROUP_SEPARATOR}" (the holders file separates groups with it)`,
    );
  return name;
}
