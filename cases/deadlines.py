"""Statutory time limits as pure date arithmetic: no database, no clock, no settings.

Hong Kong periods follow the Interpretation and General Clauses Ordinance (Cap. 1), s.71:

* (1)(a) a period of days from an event excludes the day of the event;
* (1)(b) if the last day is a general holiday, a gale warning day or a black rainstorm warning
  day, the period runs to the next day that is none of these;
* (1)(d) in a period of six days or less, those days are not counted at all.

"General holiday" is every Sunday plus the days of the General Holidays Ordinance (Cap. 149).
Which days those are is the caller's business: a ``Calendar`` is handed the closed days, each
with the reasons that are quoted back in the explanation.

Every result carries the steps that produced it, so that staff can check a date by hand. A step
is data, not prose: its ``kind`` and its arguments (dates as ISO strings, numbers, reasons), ready
to be stored as JSON and written out in the reader's language by ``cases.explanations``:

==============  =====================================  ============================================
kind            arguments                              reads (in English)
==============  =====================================  ============================================
days            length, start, end                     45 days from START, not counting that day,
                                                       end on END
months          length, start, end, clamped            3 months from START end on END (the month
                                                       is shorter)
count_from      length, unit, start                    5 days from START, not counting that day
not_counted     short_period_days, days                a period of 6 days or less does not count …
period_ends     end                                    the period ends on END
working_days    holidays, end                          Saturdays and Sundays are not working days,
                                                       nor are …: the last working day is END
runs_on         closed, to, working_days               DAY is REASON, so the period runs to the
                                                       next day that is …: TO
paused          days, to                               paused for 7 days, which moves it to TO
extended        days, to                               extended by 14 days to TO
hours           length, start                          72 hours from START run without a break …
paused_hours    minutes, to                            paused for 48 hours, which moves it to TO
due             on                                     due ON
==============  =====================================  ============================================

``days``, ``holidays`` and ``closed`` are lists of ``{"date": ISO date, "reasons": [reason, …]}``.
A reason is ``{"kind": …}`` plus, for a day on file, its ``name`` and ``name_zh``: ``sunday`` and
``saturday`` come from here, the other kinds (``general_holiday``, ``gale_warning``,
``black_rainstorm``) from the calendar's days. In the steps of a period counted in hours, ``start``,
``to`` and ``on`` are ISO date-times.
"""

import calendar as month_calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

HONG_KONG_TIME = ZoneInfo("Asia/Hong_Kong")

Reason = Mapping[str, str]
Step = dict[str, object]


def closed_day(kind: str, name: str = "", name_zh: str = "") -> Reason:
    """Why a day is closed: its kind, and the name it has on file in English and Chinese."""
    return {"kind": kind, "name": name, "name_zh": name_zh} if name or name_zh else {"kind": kind}


SUNDAY = closed_day("sunday")
SATURDAY = closed_day("saturday")


class Unit(StrEnum):
    HOURS = "hours"
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"


@dataclass(frozen=True)
class Calendar:
    """The days on which a period may not end, and how short periods treat them."""

    code: str
    # date -> why it is closed, e.g. (closed_day("general_holiday", "Christmas Day", "聖誕節"),)
    closed_days: Mapping[date, Sequence[Reason]] = field(default_factory=dict)
    # weekday number (Monday is 0) -> why it is closed, e.g. {6: (SUNDAY,)}
    closed_weekdays: Mapping[int, Sequence[Reason]] = field(default_factory=dict)
    # periods of this many days or fewer do not count closed days at all (Cap. 1 s.71(1)(d))
    short_period_days: int = 0
    timezone: ZoneInfo = HONG_KONG_TIME

    def why_closed(self, day: date) -> Sequence[Reason]:
        """The reasons the day is closed; empty when it is open."""
        return self.closed_days.get(day) or self.closed_weekdays.get(day.weekday()) or ()

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.why_closed(day)


def hong_kong(closed_days: Mapping[date, Sequence[Reason]] | None = None) -> Calendar:
    """Hong Kong under Cap. 1 s.71, given its Cap. 149 holidays and its warning days."""
    return Calendar(code="hk", closed_days=dict(closed_days or {}), closed_weekdays={6: (SUNDAY,)}, short_period_days=6)


PLAIN = Calendar(code="none")


@dataclass(frozen=True)
class Deadline:
    """When a period ends, and the steps that got there.

    ``window_starts_on`` is the first day whose opening or closing can change the result: every
    day the count looks at lies between it and the due day, since counting only ever moves
    forward. It is the day after the start for a period that counts or skips closed days on its
    way, the nominal end (before running past closed days) for a longer period, and None for a
    period in hours, which no day moves.
    """

    due_at: datetime
    unit: Unit
    steps: tuple[Step, ...]
    window_starts_on: date | None = None

    @property
    def due_on(self) -> date:
        return self.due_at.date()

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


def _closed(day: date, reasons: Sequence[Reason]) -> dict:
    return {"date": day.isoformat(), "reasons": [dict(reason) for reason in reasons]}


def _run_past_closed_days(day: date, calendar: Calendar, steps: list[Step], *, working_days: bool = False) -> date:
    """Cap. 1 s.71(1)(b): a period ending on a closed day runs to the next open day.

    A period of working days runs to the next working day, so past Saturdays as well.
    """
    skipped = []
    while True:
        reasons = calendar.why_closed(day)
        if not reasons and working_days and day.weekday() == 5:
            reasons = (SATURDAY,)
        if not reasons:
            break
        skipped.append(_closed(day, reasons))
        day += timedelta(days=1)
    if skipped:
        steps.append({"kind": "runs_on", "closed": skipped, "to": day.isoformat(), "working_days": working_days})
    return day


def _count_open_days(start: date, length: int, calendar: Calendar, steps: list[Step]) -> date:
    """Cap. 1 s.71(1)(d): in a short period, closed days are not counted."""
    day, counted, skipped = start, 0, []
    while counted < length:
        day += timedelta(days=1)
        reasons = calendar.why_closed(day)
        if not reasons:
            counted += 1
        else:
            skipped.append(_closed(day, reasons))
    if skipped:
        steps.append({"kind": "not_counted", "short_period_days": calendar.short_period_days, "days": skipped})
    return day


def _count_working_days(start: date, length: int, calendar: Calendar, steps: list[Step]) -> date:
    day, counted, holidays = start, 0, []
    while counted < length:
        day += timedelta(days=1)
        if calendar.is_working_day(day):
            counted += 1
        elif day.weekday() < 5:
            holidays.append(_closed(day, calendar.why_closed(day)))
    steps.append({"kind": "working_days", "holidays": holidays, "end": day.isoformat()})
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
    if unit == Unit.HOURS:
        return _compute_hours(start, length, calendar, pauses, extension_days)

    steps: list[Step] = []
    start_day = start.astimezone(calendar.timezone).date()
    counted_from = {"length": length, "start": start_day.isoformat()}
    if unit == Unit.DAYS and length <= calendar.short_period_days:
        window_starts_on = start_day + timedelta(days=1)
        steps.append({"kind": "count_from", **counted_from, "unit": unit.value})
        day = _count_open_days(start_day, length, calendar, steps)
        steps.append({"kind": "period_ends", "end": day.isoformat()})
    elif unit == Unit.WORKING_DAYS:
        window_starts_on = start_day + timedelta(days=1)
        steps.append({"kind": "count_from", **counted_from, "unit": unit.value})
        day = _count_working_days(start_day, length, calendar, steps)
    else:
        if unit == Unit.DAYS:
            day = start_day + timedelta(days=length)
            steps.append({"kind": "days", **counted_from, "end": day.isoformat()})
        else:
            day = add_months(start_day, length)
            steps.append(
                {"kind": "months", **counted_from, "end": day.isoformat(), "clamped": day.day != start_day.day}
            )
        window_starts_on = day
        day = _run_past_closed_days(day, calendar, steps)

    paused = _paused_days(pauses, calendar)
    if paused:
        day += timedelta(days=paused)
        steps.append({"kind": "paused", "days": paused, "to": day.isoformat()})
        day = _run_past_closed_days(day, calendar, steps, working_days=unit == Unit.WORKING_DAYS)
    for days in extension_days:
        day += timedelta(days=days)
        steps.append({"kind": "extended", "days": days, "to": day.isoformat()})
        day = _run_past_closed_days(day, calendar, steps, working_days=unit == Unit.WORKING_DAYS)

    steps.append({"kind": "due", "on": day.isoformat()})
    return Deadline(due_at=_end_of(day, calendar), unit=unit, steps=tuple(steps), window_starts_on=window_starts_on)


def same_deadline_as(
    start: datetime,
    unit: Unit | str,
    calendar: Calendar,
    *,
    pauses: Sequence[tuple[datetime, datetime]] = (),
    extension_days: Sequence[int] = (),
) -> tuple:
    """What ``compute_due`` reads of a start, its pauses and its extensions: periods of the same
    length and unit on the same calendar with the same key end at the same moment, with the same
    steps. A period counted in days, working days or months reads only the dates of its start and
    pauses in the calendar's time zone; one counted in hours, the moments themselves."""
    if Unit(unit) == Unit.HOURS:
        return (start, tuple(pauses), tuple(extension_days))
    zone = calendar.timezone
    return (
        start.astimezone(zone).date(),
        tuple((paused.astimezone(zone).date(), resumed.astimezone(zone).date()) for paused, resumed in pauses),
        tuple(extension_days),
    )


def _compute_hours(start, length, calendar, pauses, extension_days) -> Deadline:
    local_start = start.astimezone(calendar.timezone)
    due = local_start + timedelta(hours=length)
    steps: list[Step] = [{"kind": "hours", "length": length, "start": local_start.isoformat()}]
    paused = sum((resumed - paused for paused, resumed in pauses), timedelta())
    if paused:
        due += paused
        minutes = int(paused.total_seconds() // 60)
        steps.append({"kind": "paused_hours", "minutes": minutes, "to": due.isoformat()})
    for days in extension_days:
        due += timedelta(days=days)
        steps.append({"kind": "extended", "days": days, "to": due.isoformat()})
    steps.append({"kind": "due", "on": due.isoformat()})
    return Deadline(due_at=due, unit=Unit.HOURS, steps=tuple(steps))
