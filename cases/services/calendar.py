"""Calendar days: adding or removing a holiday or warning day moves the open deadlines it affects."""

from datetime import date, datetime

import holidays
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cases.deadlines import long_date
from cases.models import (
    CalendarCode,
    CalendarDay,
    CalendarDayKind,
    CaseEvent,
    Clock,
    ClockState,
    Jurisdiction,
    load_calendar,
)
from cases.services.base import record_event, save_with_actor
from cases.services.clocks import due_text, refresh_due


def recompute_clocks(*, calendar_code: str, by, now: datetime, reason: str) -> int:
    """Recompute every running clock on a calendar; log each move on its case. Returns how many moved."""
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
        before = clock.due_at
        if refresh_due(clock, calendar):
            save_with_actor(clock, by=by, fields=["due_at", "explanation"])
            was = long_date(timezone.localtime(before).date())
            text = f"{clock.rule.code}: due {was} → {due_text(clock)} ({reason}). {clock.explanation}"
            record_event(clock.case, CaseEvent.Kind.DEADLINE_MOVED, by=by, now=now, text=text)
            moved += 1
    return moved


@transaction.atomic
def add_calendar_day(
    *, day: date, kind: str, name: str, source: str, by, now: datetime, jurisdiction: str = Jurisdiction.HONG_KONG
) -> tuple[CalendarDay, int]:
    """Record a holiday or warning day and move every open deadline it affects."""
    calendar_day = CalendarDay(jurisdiction=jurisdiction, date=day, kind=kind, name=name.strip(), source=source)
    calendar_day.full_clean()
    save_with_actor(calendar_day, by=by)
    reason = f"{long_date(day)} added as {calendar_day.reason}"
    return calendar_day, _recompute_calendars_of(calendar_day, by=by, now=now, reason=reason)


@transaction.atomic
def remove_calendar_day(calendar_day: CalendarDay, *, by, now: datetime) -> int:
    """Remove a day entered by mistake and move every open deadline it affected back."""
    reason = f"{long_date(calendar_day.date)} is no longer {calendar_day.reason}"
    calendar_day._history_user = by
    calendar_day.delete()
    return _recompute_calendars_of(calendar_day, by=by, now=now, reason=reason)


def _recompute_calendars_of(calendar_day: CalendarDay, *, by, now: datetime, reason: str) -> int:
    return sum(recompute_clocks(calendar_code=code, by=by, now=now, reason=reason) for code in calendar_day.calendars)


@transaction.atomic
def sync_holidays(*, years, now: datetime) -> int:
    """Add Hong Kong's Cap. 149 general holidays for these years; returns how many were new."""
    years = list(years)
    source = f"General Holidays Ordinance (Cap. 149), from the holidays package {holidays.__version__}"
    existing = set(
        CalendarDay.objects.filter(
            jurisdiction=Jurisdiction.HONG_KONG, kind=CalendarDayKind.GENERAL_HOLIDAY, date__year__in=years
        ).values_list("date", flat=True)
    )
    # Sundays are general holidays by definition, so the package leaves them out.
    new_days = [
        CalendarDay(
            jurisdiction=Jurisdiction.HONG_KONG,
            date=day,
            kind=CalendarDayKind.GENERAL_HOLIDAY,
            name=name,
            source=source,
        )
        for day, name in sorted(holidays.HK(categories=("optional",), years=years).items())
        if day not in existing
    ]
    bulk_create_with_history(new_days, CalendarDay)
    if new_days:
        reason = f"{len(new_days)} general holidays added"
        recompute_clocks(calendar_code=CalendarCode.HONG_KONG, by=None, now=now, reason=reason)
    return len(new_days)
