import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { HolidayWindow } from '../access/schedule-rule';
import { AllowlistRevisionsRepository } from '../allowlist/allowlist-revisions.repository';
import type { AdminActor } from '../audit/admin-actor';
import type { AuditOutcome } from '../audit/audit-catalogue';
import { AuditService } from '../audit/audit.service';
import { UnitOfWork } from '../database/unit-of-work';
import type { WriteTransaction } from '../database/write-transaction';
import { checkedName } from '../naming/checked-name';
import { HolidayCalendarsRepository } from './holiday-calendars.repository';
import {
  DAY_NAMES,
  END_TIME,
  START_TIME,
  holidayWindowsOf,
  weeklyWindowsOf,
  type HolidayWindowText,
  type ScheduleRecord,
  type WindowText,
} from './schedule';
import { ScheduleError, ScheduleErrorCode } from './schedules.errors';
import { SchedulesRepository } from './schedules.repository';

export interface ScheduleInput {
  name: string;
  holidayCalendarId: string | null;
  windows: readonly WindowText[];
  holidayWindows: readonly HolidayWindowText[];
}

/** At most this many stored windows a schedule: a week of ten shifts a day is 70. */
const MAX_WINDOWS = 200;

/**
 * Named weekly schedules. Each change is one transaction with its allowlist revision and audit
 * record, and applies from the very next tap (the access policy follows the revisions).
 */
@Injectable()
export class SchedulesService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly schedules: SchedulesRepository,
    private readonly calendars: HolidayCalendarsRepository,
    private readonly revisions: AllowlistRevisionsRepository,
    private readonly audit: AuditService,
  ) {}

  list(): ScheduleRecord[] {
    return this.schedules.all();
  }

  get(id: string): ScheduleRecord {
    const schedule = this.schedules.findById(id);
    if (!schedule) throw notFound(id);
    return schedule;
  }

  create(input: ScheduleInput, actor: AdminActor): Promise<ScheduleRecord> {
    const id = randomUUID();
    return this.save(null, id, input, actor);
  }

  /** Replaces what is given; windows given replace all the weekly (or holiday) windows. */
  update(id: string, change: Partial<ScheduleInput>, actor: AdminActor): Promise<ScheduleRecord> {
    return this.save(change, id, null, actor);
  }

  async delete(id: string, actor: AdminActor): Promise<void> {
    await this.unitOfWork.write((tx) => {
      const schedule = this.schedules.findByIdIn(tx, id);
      if (!schedule) throw notFound(id);
      const users = this.schedules.groupsUsingIn(tx, id);
      if (users.length > 0)
        throw new ScheduleError(
          ScheduleErrorCode.InUse,
          `Schedule "${schedule.name}" is used by access groups: ${users.join(', ')}`,
        );
      const at = new Date();
      this.schedules.deleteIn(tx, id);
      this.recordIn(tx, id, 'delete', 'schedule-deleted', { actor, name: schedule.name }, at);
    });
  }

  private save(
    change: Partial<ScheduleInput> | null,
    id: string,
    created: ScheduleInput | null,
    actor: AdminActor,
  ): Promise<ScheduleRecord> {
    const input = created ?? change ?? {};
    const name = input.name === undefined ? undefined : checkedName(input.name, 'schedule name');
    const weekly = input.windows === undefined ? undefined : checkedWindows(input.windows);
    const holidayWindows =
      input.holidayWindows === undefined ? undefined : checkedHolidayWindows(input.holidayWindows);
    return this.unitOfWork.write((tx) => {
      const before = created ? null : this.schedules.findByIdIn(tx, id);
      if (!created && !before) throw notFound(id);
      const after: ScheduleRecord = {
        id,
        name: name ?? before!.name,
        holidayCalendarId:
          input.holidayCalendarId === undefined
            ? (before?.holidayCalendarId ?? null)
            : input.holidayCalendarId,
        weekly: weekly ?? before?.weekly ?? [],
        holidayWindows: holidayWindows ?? before?.holidayWindows ?? [],
      };
      if (after.weekly.length + after.holidayWindows.length > MAX_WINDOWS)
        throw new ScheduleError(
          ScheduleErrorCode.InvalidWindow,
          `A schedule has at most ${MAX_WINDOWS} windows (each day of a line counts)`,
        );
      if (this.schedules.idOfNameIn(tx, after.name, id))
        throw new ScheduleError(
          ScheduleErrorCode.NameTaken,
          `A schedule named "${after.name}" exists`,
        );
      if (after.holidayCalendarId && !this.calendars.findByIdIn(tx, after.holidayCalendarId))
        throw new ScheduleError(
          ScheduleErrorCode.CalendarNotFound,
          `No holiday calendar "${after.holidayCalendarId}"`,
        );
      const at = new Date();
      this.schedules.saveIn(tx, after, at, created !== null);
      this.recordIn(
        tx,
        id,
        created ? 'create' : 'update',
        created ? 'schedule-created' : 'schedule-updated',
        { actor, ...(before ? { before: summary(before) } : {}), after: summary(after) },
        at,
      );
      return after;
    });
  }

  private recordIn(
    tx: WriteTransaction,
    id: string,
    action: string,
    outcome: AuditOutcome<'admin-action'>,
    detail: Record<string, unknown>,
    at: Date,
  ): void {
    this.revisions.appendIn(tx, { entity: 'schedule', entityId: id, action, at });
    this.audit.recordIn(tx, {
      type: 'admin-action',
      at,
      outcome,
      detail: { schedule: id, ...detail },
    });
  }
}

const notFound = (id: string) =>
  new ScheduleError(ScheduleErrorCode.ScheduleNotFound, `No schedule "${id}"`);

function checkedWindows(windows: readonly WindowText[]) {
  windows.forEach((w, i) => {
    checkedTimes(w, `windows[${i}]`);
    if (w.days.length === 0 || w.days.some((d) => !DAY_NAMES.includes(d)))
      throw new ScheduleError(
        ScheduleErrorCode.InvalidWindow,
        `windows[${i}].days: one or more of ${DAY_NAMES.join(', ')}`,
      );
  });
  return weeklyWindowsOf(windows);
}

function checkedHolidayWindows(windows: readonly HolidayWindowText[]): HolidayWindow[] {
  windows.forEach((w, i) => checkedTimes(w, `holidayWindows[${i}]`));
  return holidayWindowsOf(windows);
}

/** The DTOs check the form at the HTTP edge; this checks it for every caller. */
function checkedTimes(w: HolidayWindowText, where: string): void {
  if (!START_TIME.test(w.start) || !END_TIME.test(w.end))
    throw new ScheduleError(
      ScheduleErrorCode.InvalidWindow,
      `${where}: start is HH:MM from 00:00 to 23:59, end HH:MM from 00:01 to 24:00`,
    );
  if (w.start === w.end)
    throw new ScheduleError(
      ScheduleErrorCode.InvalidWindow,
      `${where}: a window needs an end other than its start (an end before the start crosses midnight)`,
    );
}

const summary = (s: ScheduleRecord) => ({
  name: s.name,
  holidayCalendarId: s.holidayCalendarId,
  weekly: s.weekly.length,
  holidayWindows: s.holidayWindows.length,
});
