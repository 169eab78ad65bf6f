import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AllowlistRevisionsRepository } from '../allowlist/allowlist-revisions.repository';
import type { AdminActor } from '../audit/admin-actor';
import { AuditService } from '../audit/audit.service';
import { UnitOfWork } from '../database/unit-of-work';
import { checkedName } from '../naming/checked-name';
import {
  HolidayCalendarsRepository,
  type HolidayCalendarRecord,
} from './holiday-calendars.repository';
import { ScheduleError, ScheduleErrorCode } from './schedules.errors';

export interface HolidayCalendarInput {
  name: string;
  dates: readonly { date: string; name?: string }[];
}

/** At most this many dates a calendar: public holidays for a few decades. */
const MAX_DATES = 1000;

/** Holiday calendars: changes are revisions and audited, like every change to who may pass. */
@Injectable()
export class HolidayCalendarsService {
  constructor(
    private readonly unitOfWork: UnitOfWork,
    private readonly calendars: HolidayCalendarsRepository,
    private readonly revisions: AllowlistRevisionsRepository,
    private readonly audit: AuditService,
  ) {}

  list(): HolidayCalendarRecord[] {
    return this.calendars.all();
  }

  get(id: string): HolidayCalendarRecord {
    const calendar = this.calendars.findById(id);
    if (!calendar) throw notFound(id);
    return calendar;
  }

  /** Creates a calendar (id null) or replaces what is given of one. */
  save(
    id: string | null,
    input: Partial<HolidayCalendarInput>,
    actor: AdminActor,
  ): Promise<HolidayCalendarRecord> {
    const name =
      input.name === undefined ? undefined : checkedName(input.name, 'holiday calendar name');
    const dates = input.dates === undefined ? undefined : checkedDates(input.dates);
    return this.unitOfWork.write((tx) => {
      const before = id === null ? null : this.calendars.findByIdIn(tx, id);
      if (id !== null && !before) throw notFound(id);
      if (!before && name === undefined)
        throw new ScheduleError(ScheduleErrorCode.InvalidDate, 'name: a calendar needs a name');
      const after: HolidayCalendarRecord = {
        id: before?.id ?? randomUUID(),
        name: name ?? before!.name,
        dates: dates ?? before?.dates ?? [],
      };
      if (this.calendars.idOfNameIn(tx, after.name, after.id))
        throw new ScheduleError(
          ScheduleErrorCode.NameTaken,
          `A holiday calendar named "${after.name}" exists`,
        );
      const at = new Date();
      this.calendars.saveIn(tx, after, at, before === null);
      const action = before ? 'update' : 'create';
      this.revisions.appendIn(tx, { entity: 'holiday-calendar', entityId: after.id, action, at });
      this.audit.recordIn(tx, {
        type: 'admin-action',
        at,
        outcome: before ? 'holiday-calendar-updated' : 'holiday-calendar-created',
        detail: { actor, holidayCalendar: after.id, name: after.name, dates: after.dates.length },
      });
      return after;
    });
  }

  async delete(id: string, actor: AdminActor): Promise<void> {
    await this.unitOfWork.write((tx) => {
      const calendar = this.calendars.findByIdIn(tx, id);
      if (!calendar) throw notFound(id);
      const users = this.calendars.schedulesUsingIn(tx, id);
      if (users.length > 0)
        throw new ScheduleError(
          ScheduleErrorCode.InUse,
          `Holiday calendar "${calendar.name}" is followed by schedules: ${users.join(', ')}`,
        );
      const at = new Date();
      this.calendars.deleteIn(tx, id);
      this.revisions.appendIn(tx, {
        entity: 'holiday-calendar',
        entityId: id,
        action: 'delete',
        at,
      });
      this.audit.recordIn(tx, {
        type: 'admin-action',
        at,
        outcome: 'holiday-calendar-deleted',
        detail: { actor, holidayCalendar: id, name: calendar.name },
      });
    });
  }
}

const notFound = (id: string) =>
  new ScheduleError(ScheduleErrorCode.CalendarNotFound, `No holiday calendar "${id}"`);

/** Real calendar dates (2026-02-30 is refused), each once, in order. */
function checkedDates(dates: HolidayCalendarInput['dates']): HolidayCalendarRecord['dates'] {
  if (dates.length > MAX_DATES)
    throw new ScheduleError(ScheduleErrorCode.InvalidDate, `dates: at most ${MAX_DATES}`);
  const seen = new Map<string, string>();
  dates.forEach((d, i) => {
    if (!isCalendarDate(d.date))
      throw new ScheduleError(
        ScheduleErrorCode.InvalidDate,
        `dates[${i}].date: a calendar date YYYY-MM-DD from 1970 to 2999`,
      );
    if (seen.has(d.date))
      throw new ScheduleError(ScheduleErrorCode.InvalidDate, `dates[${i}].date: ${d.date} twice`);
    seen.set(d.date, d.name === undefined ? '' : checkedName(d.name, 'holiday name'));
  });
  return [...seen.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, name]) => ({ date, name }));
}

function isCalendarDate(text: string): boolean {
  if (!/^(19[7-9]\d|2\d{3})-\d{2}-\d{2}$/.test(text)) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}
