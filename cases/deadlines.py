"""Statutory time limits as pure date arithmetic: no database, no clock, no settings.

Hong Kong periods follow the Interpretation and General Clauses Ordinance (Cap. 1), s.71:

* (1)(a) a period of days from an event excludes the day of the event;
* (1)(b) if the last day is a general holiday, a gale warning day or a black rainstorm warning
  day, the period runs to the next day that is none of these;
* (1)(d) in a period of six days or less, those days are not counted at all.

"General holiday" is every Sunday plus the days of the General Holidays Ordinance (Cap. 149).
Which days those are is the caller's business: a ``Calendar`` is handed the closed days, each
with the reason that is quoted back in the explanation.

Every result carries the steps that produced it, so that staff can check a date by hand.
"""

import calendar as month_calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

HONG_KONG_TIME = ZoneInfo("Asia/Hong_Kong")


class Unit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


@dataclass(frozen=True)
class Calendar:
    """The days on which a period may not end, and how short periods treat them."""

    code: str
    # date -> why it is closed, e.g. "Christmas Day" or "a black rainstorm warning day"
    closed_days: Mapping[date, str] = field(default_factory=dict)
    # weekday number (Monday is 0) -> why it is closed, e.g. {6: "a Sunday"}
    closed_weekdays: Mapping[int, str] = field(default_factory=dict)
    # periods of this many days or fewer do not count closed days at all (Cap. 1 s.71(1)(d))
    short_period_days: int = 0
    timezone: ZoneInfo = HONG_KONG_TIME

    def why_closed(self, day: date) -> str | None:
        return self.closed_days.get(day) or self.closed_weekdays.get(day.weekday())

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and self.why_closed(day) is None


def hong_kong(closed_days: Mapping[date, str] | None = None) -> Calendar:
    """Hong Kong under Cap. 1 s.71, given its Cap. 149 holidays and its warning days."""
    return Calendar(
        code="hk", closed_days=dict(closed_days or {}), closed_weekdays={6: "a Sunday"}, short_period_days=6
    )


PLAIN = Calendar(code="none")


def long_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _short_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b}"


def _plural(length: int, unit: Unit) -> str:
    names = {
        Unit.HOURS: ("hour", "hours"),
        Unit.DAYS: ("day", "days"),
        Unit.WORKING_DAYS: ("working day", "working days"),
        Unit.MONTHS: ("month", "months"),
    }[unit]
    return f"{length} {names[length != 1]}"


@dataclass(frozen=True)
class Deadline:
    """When a period ends, and the steps that got there."""

    due_at: datetime
    unit: Unit
    steps: tuple[str, ...]

    @property
    def due_on(self) -> date:
        return self.due_at.date()

    @property
    def explanation(self) -> str:
        return "; ".join(self.steps)

    def display(self) -> str:
        """``YYYY-MM-DD``, or ``YYYY-MM-DDTHH:MM`` for a period counted in hours."""
        if self.unit == Unit.HOURS:
            return f"{self.due_at:%Y-%m-%dT%H:%M}"
        return self.due_on.isoformat()


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the last day of that month if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, month_calendar.monthrange(year, month)[1]))


def _run_past_closed_days(day: date, calendar: Calendar, steps: list[str], *, working_days: bool = False) -> date:
    """Cap. 1 s.71(1)(b): a period ending on a closed day runs to the next open day.

    A period of working days runs to the next working day, so past Saturdays as well.
    """
    skipped = []
    while True:
        reason = calendar.why_closed(day)
        if reason is None and working_days and day.weekday() == 5:
            reason = "a Saturday"
        if reason is None:
            break
        skipped.append((day, reason))
        day += timedelta(days=1)
    if skipped:
        first, reason = skipped[0]
        text = f"{long_date(first)} is {reason}"
        for other, other_reason in skipped[1:]:
            text += f", {_short_date(other)} {other_reason}"
        open_day = "a working day" if working_days else "neither a holiday nor a warning day"
        steps.append(f"{text}, so the period runs to the next day that is {open_day}: {long_date(day)}")
    return day


def _count_open_days(start: date, length: int, calendar: Calendar, steps: list[str]) -> date:
    """Cap. 1 s.71(1)(d): in a short period, closed days are not counted."""
    day, counted, skipped = start, 0, []
    while counted < length:
        day += timedelta(days=1)
        reason = calendar.why_closed(day)
        if reason is None:
            counted += 1
        else:
            skipped.append(f"{_short_date(day)} ({reason})")
    if skipped:
        steps.append(f"a period of {calendar.short_period_days} days or less does not count " + ", ".join(skipped))
    return day


def _count_working_days(start: date, length: int, calendar: Calendar, steps: list[str]) -> date:
    day, counted, holidays = start, 0, []
    while counted < length:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
        elif day.weekday() < 5:
            holidays.append(f"{_short_date(day)} ({calendar.why_closed(day)})")
    steps.append(
        "Saturdays and Sundays are not working days"
        + (", nor are " + ", ".join(holidays) if holidays else "")
        + f": the last working day is {long_date(day)}"
    )
    return day


def _end_of(day: date, calendar: Calendar) -> datetime:
    return datetime.combine(day, time.max, tzinfo=calendar.timezone)


def _paused_days(pauses: Sequence[tuple[datetime, datetime]], calendar: Calendar) -> int:
    return sum(
        (resumed.astimezone(calendar.timezone).date() - paused.astimezone(calendar.timezone).date()).days
        for paused, resumed in pauses
    )


def compute_due(
    start: datetime,
    length: int,
    unit: Unit | str,
    calendar: Calendar,
    *,
    pauses: Sequence[tuple[datetime, datetime]] = (),
    extension_days: Sequence[int] = (),
) -> Deadline:
    """When a period of ``length`` ``unit`` from ``start`` ends, after pauses and extensions.

    A pause or extension moves the due date on by its length and then past any closed day,
    so that it always gives at least the time it promises.
    """
    unit = Unit(unit)
    if length < 1:
        raise ValueError("A period must be at least 1 long.")
    if any(days < 1 for days in extension_days):
        raise ValueError("An extension must be at least 1 day.")
    if not isinstance(start, datetime) or start.tzinfo is None:
        raise ValueError("The start must be an aware datetime.")
    for paused, resumed in pauses:
        if paused.tzinfo is None or resumed.tzinfo is None or resumed < paused:
            raise ValueError("A pause needs aware start and end moments, the end not before the start.")
    steps: list[str] = []
    if unit == Unit.HOURS:
        return _compute_hours(start, length, calendar, pauses, extension_days)

    start_day = start.astimezone(calendar.timezone).date()
    period = f"{_plural(length, unit)} from {long_date(start_day)}"
    end = "ends" if length == 1 else "end"
    if unit == Unit.DAYS and length <= calendar.short_period_days:
        steps.append(f"{period}, not counting that day")
        day = _count_open_days(start_day, length, calendar, steps)
        steps.append(f"the period ends on {long_date(day)}")
    elif unit == Unit.WORKING_DAYS:
        steps.append(f"{period}, not counting that day")
        day = _count_working_days(start_day, length, calendar, steps)
    else:
        if unit == Unit.DAYS:
            day = start_day + timedelta(days=length)
            steps.append(f"{period}, not counting that day, {end} on {long_date(day)}")
        else:
            day = add_months(start_day, length)
            clamped = " (the month is shorter)" if day.day != start_day.day else ""
            steps.append(f"{period} {end} on {long_date(day)}{clamped}")
        day = _run_past_closed_days(day, calendar, steps)

    paused = _paused_days(pauses, calendar)
    if paused:
        day += timedelta(days=paused)
        steps.append(f"paused for {_plural(paused, Unit.DAYS)}, which moves it to {long_date(day)}")
        day = _run_past_closed_days(day, calendar, steps, working_days=unit == Unit.WORKING_DAYS)
    for days in extension_days:
        day += timedelta(days=days)
        steps.append(f"extended by {_plural(days, Unit.DAYS)} to {long_date(day)}")
        day = _run_past_closed_days(day, calendar, steps, working_days=unit == Unit.WORKING_DAYS)

    steps.append(f"due {long_date(day)}")
    return Deadline(due_at=_end_of(day, calendar), unit=unit, steps=tuple(steps))


def _compute_hours(start, length, calendar, pauses, extension_days) -> Deadline:
    local_start = start.astimezone(calendar.timezone)
    due = local_start + timedelta(hours=length)
    steps = [f"{length} hours from {local_start:%Y-%m-%d %H:%M} run without a break for holidays or weekends"]
    paused = sum((resumed - paused for paused, resumed in pauses), timedelta())
    if paused:
        due += paused
        steps.append(f"paused for {paused}, which moves it to {due:%Y-%m-%d %H:%M}")
    for days in extension_days:
        due += timedelta(days=days)
        steps.append(f"extended by {_plural(days, Unit.DAYS)} to {due:%Y-%m-%d %H:%M}")
    steps.append(f"due {due:%Y-%m-%d %H:%M}")
    return Deadline(due_at=due, unit=Unit.HOURS, steps=tuple(steps))
