import { Injectable } from '@nestjs/common';
import { AccessGroupsRepository } from '../access-groups/access-groups.repository';
import { AllowlistRevisionsRepository } from '../allowlist/allowlist-revisions.repository';
import { HolidayCalendarsRepository } from '../schedules/holiday-calendars.repository';
import { SchedulesRepository } from '../schedules/schedules.repository';
import type { GroupDoorRule } from './access-decision';
import type { Schedule } from './schedule-rule';

export interface GroupRule {
  doors: readonly GroupDoorRule[];
}

interface Loaded {
  revision: number;
  groups: ReadonlyMap<string, GroupRule>;
}

/**
 * The access groups with their doors, schedules and holidays, in memory as the rule reads them.
 * A site has a handful of each, read on every tap: loading them once per change keeps the tap at
 * the holder's own lookups. Kept in step by the allowlist revision: every change to a group,
 * schedule or calendar appends one in its transaction, so when the latest revision is not the
 * one loaded (a change by the API, or by the CLI in another process), the next tap reloads first.
 */
@Injectable()
export class AccessPolicy {
  private loaded: Loaded | null = null;

  constructor(
    private readonly revisions: AllowlistRevisionsRepository,
    private readonly groups: AccessGroupsRepository,
    private readonly schedules: SchedulesRepository,
    private readonly calendars: HolidayCalendarsRepository,
  ) {}

  /**
   * The rules of these groups, as of the latest change: `revision`, when the caller has just read
   * it with its own lookup (the tap does), or read now.
   */
  groupsOf(groupIds: readonly string[], revision = this.revisions.latest()): GroupRule[] {
    const { groups } = this.current(revision);
    const rules: GroupRule[] = [];
    for (const id of groupIds) {
      const rule = groups.get(id);
      if (rule) rules.push(rule);
    }
    return rules;
  }

  private current(revision: number): Loaded {
    if (this.loaded?.revision !== revision) this.loaded = this.load(revision);
    return this.loaded;
  }

  private load(revision: number): Loaded {
    const holidays = new Map(
      this.calendars.all().map((c) => [c.id, new Set(c.dates.map((d) => d.date))]),
    );
    const schedules = new Map<string, Schedule>(
      this.schedules.all().map((s) => [
        s.id,
        {
          weekly: s.weekly,
          holidayWindows: s.holidayWindows,
          holidays: (s.holidayCalendarId && holidays.get(s.holidayCalendarId)) || new Set(),
        },
      ]),
    );
    const groups = new Map<string, GroupRule>(
      this.groups.all().map((g) => [
        g.id,
        {
          doors: g.doors.map((d) => ({
            doorId: d.doorId,
            // A schedule id always names a schedule (a foreign key; deleting one in use is
            // refused); were it ever missing, the door stays shut rather than open at any time.
            schedule: d.scheduleId === null ? null : (schedules.get(d.scheduleId) ?? CLOSED),
          })),
        },
      ]),
    );
    return { revision, groups };
  }
}

const CLOSED: Schedule = { weekly: [], holidayWindows: [], holidays: new Set() };
