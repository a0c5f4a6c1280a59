"""Calendar days: adding or removing a holiday or warning day moves the open deadlines it affects."""

from datetime import date, datetime

import holidays
from django.db import transaction
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cases.models import (
    CalendarCode,
    CalendarDay,
    CalendarDayKind,
    Clock,
    ClockState,
    Jurisdiction,
    load_calendar,
)
from cases.services.base import save_with_actor
from cases.services.clocks import record_deadline_moved, refresh_due


def recompute_clocks(*, calendar_code: str, by, now: datetime, because: dict) -> int:
    """Recompute every running clock on a calendar; log each move, and ``because`` (the cause, as
    ``cases.timeline_messages`` keeps it), on its timelines. Returns how many moved.

    A clock whose due moment stays but whose explanation changes (a day's name, or an explanation
    never written as data) takes the new explanation without a timeline entry."""
    calendar = load_calendar(calendar_code)
    moved = 0
    clocks = (
        Clock.objects.filter(state=ClockState.RUNNING, rule__calendar=calendar_code)
        .select_related("rule", "case")
        # compute_deadline reads every clock's pauses and extensions
        .prefetch_related("pauses", "extensions")
        .select_for_update(of=("self",))
    )
    for clock in clocks:
        before, explained = clock.due_at, clock.explanation
        if refresh_due(clock, calendar):
            save_with_actor(clock, by=by, fields=["due_at", "explanation"])
            record_deadline_moved(clock, was=before, because=because, by=by, now=now)
            moved += 1
        elif clock.explanation != explained:
            save_with_actor(clock, by=by, fields=["explanation"])
    return moved


@transaction.atomic
def add_calendar_day(
    *,
    day: date,
    kind: str,
    name: str,
    source: str,
    by,
    now: datetime,
    name_zh: str = "",
    jurisdiction: str = Jurisdiction.HONG_KONG,
) -> tuple[CalendarDay, int]:
    """Record a holiday or warning day and move every open deadline it affects."""
    calendar_day = CalendarDay(
        jurisdiction=jurisdiction, date=day, kind=kind, name=name.strip(), name_zh=name_zh.strip(), source=source
    )
    calendar_day.full_clean()
    save_with_actor(calendar_day, by=by)
    because = {"kind": "day_added", "date": day.isoformat(), "reasons": [calendar_day.reason]}
    return calendar_day, _recompute_calendars_of(calendar_day, by=by, now=now, because=because)


@transaction.atomic
def remove_calendar_day(calendar_day: CalendarDay, *, by, now: datetime) -> int:
    """Remove a day entered by mistake and move every open deadline it affected back."""
    because = {"kind": "day_removed", "date": calendar_day.date.isoformat(), "reasons": [calendar_day.reason]}
    calendar_day._history_user = by
    calendar_day.delete()
    return _recompute_calendars_of(calendar_day, by=by, now=now, because=because)


def _recompute_calendars_of(calendar_day: CalendarDay, *, by, now: datetime, because: dict) -> int:
    return sum(recompute_clocks(calendar_code=code, by=by, now=now, because=because) for code in calendar_day.calendars)


@transaction.atomic
def sync_holidays(*, years, now: datetime) -> int:
    """Add Hong Kong's Cap. 149 general holidays for these years, with their English and Chinese
    names, and give a Chinese name to those on file without one; returns how many were new."""
    years = list(years)
    source = f"General Holidays Ordinance (Cap. 149), from the holidays package {holidays.__version__}"
    on_file = {
        day.date: day
        for day in CalendarDay.objects.filter(
            jurisdiction=Jurisdiction.HONG_KONG, kind=CalendarDayKind.GENERAL_HOLIDAY, date__year__in=years
        )
    }
    # Sundays are general holidays by definition, so the package leaves them out.
    names = holidays.HK(categories=("optional",), years=years)
    names_zh = holidays.HK(categories=("optional",), years=years, language="zh_HK")
    new_days, named_days = [], []
    for day, name in sorted(names.items()):
        known = on_file.get(day)
        if known is None:
            new_days.append(
                CalendarDay(
                    jurisdiction=Jurisdiction.HONG_KONG,
                    date=day,
                    kind=CalendarDayKind.GENERAL_HOLIDAY,
                    name=name,
                    name_zh=names_zh.get(day, ""),
                    source=source,
                )
            )
        elif not known.name_zh and names_zh.get(day):
            known.name_zh = names_zh[day]
            named_days.append(known)
    bulk_create_with_history(new_days, CalendarDay)
    bulk_update_with_history(named_days, CalendarDay, ["name_zh"])
    if new_days or named_days:
        because = {"kind": "holidays_added", "count": len(new_days)}
        recompute_clocks(calendar_code=CalendarCode.HONG_KONG, by=None, now=now, because=because)
    return len(new_days)
