import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CurrentPrincipal, Roles, actorOf } from '../auth/access-control';
import { PageQuery, pageOf, type Page } from '../pagination/keyset-page';
import type { Principal } from '../tokens/api-token';
import type { HolidayCalendarRecord } from './holiday-calendars.repository';
import { HolidayCalendarsService } from './holiday-calendars.service';
import { toScheduleView, type ScheduleView } from './schedule';
import {
  CreateHolidayCalendarDto,
  CreateScheduleDto,
  UpdateHolidayCalendarDto,
  UpdateScheduleDto,
} from './schedules.dto';
import { SchedulesService } from './schedules.service';

/**
 * Weekly schedules and holiday calendars: full CRUD for admins, read for operators. A change
 * applies from the very next tap. Lists are pages by name (a site has a handful: they are read
 * whole and paged in memory).
 */
@Controller()
export class SchedulesController {
  constructor(
    private readonly schedules: SchedulesService,
    private readonly calendars: HolidayCalendarsService,
  ) {}

  @Get('schedules')
  @Roles('admin', 'operator')
  list(@Query() query: PageQuery): Page<ScheduleView> {
    return pageOf(this.schedules.list().map(toScheduleView), query);
  }

  @Get('schedules/:id')
  @Roles('admin', 'operator')
  get(@Param('id') id: string): ScheduleView {
    return toScheduleView(this.schedules.get(id));
  }

  @Post('schedules')
  async create(
    @Body() body: CreateScheduleDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ScheduleView> {
    const created = await this.schedules.create(
      {
        name: body.name,
        holidayCalendarId: body.holidayCalendarId ?? null,
        windows: body.windows,
        holidayWindows: body.holidayWindows ?? [],
      },
      actorOf(principal),
    );
    return toScheduleView(created);
  }

  @Patch('schedules/:id')
  async update(
    @Param('id') id: string,
    @Body() body: UpdateScheduleDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<ScheduleView> {
    return toScheduleView(await this.schedules.update(id, body, actorOf(principal)));
  }

  /** Refused (409) while an access group's door follows the schedule. */
  @Delete('schedules/:id')
  @HttpCode(204)
  deleteSchedule(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.schedules.delete(id, actorOf(principal));
  }

  @Get('holiday-calendars')
  @Roles('admin', 'operator')
  listCalendars(@Query() query: PageQuery): Page<HolidayCalendarRecord> {
    return pageOf(this.calendars.list(), query);
  }

  @Get('holiday-calendars/:id')
  @Roles('admin', 'operator')
  getCalendar(@Param('id') id: string): HolidayCalendarRecord {
    return this.calendars.get(id);
  }

  @Post('holiday-calendars')
  createCalendar(
    @Body() body: CreateHolidayCalendarDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<HolidayCalendarRecord> {
    return this.calendars.save(null, body, actorOf(principal));
  }

  @Patch('holiday-calendars/:id')
  updateCalendar(
    @Param('id') id: string,
    @Body() body: UpdateHolidayCalendarDto,
    @CurrentPrincipal() principal: Principal,
  ): Promise<HolidayCalendarRecord> {
    return this.calendars.save(id, body, actorOf(principal));
  }

  /** Refused (409) while a schedule follows the calendar. */
  @Delete('holiday-calendars/:id')
  @HttpCode(204)
  deleteCalendar(@Param('id') id: string, @CurrentPrincipal() principal: Principal) {
    return this.calendars.delete(id, actorOf(principal));
  }
}
