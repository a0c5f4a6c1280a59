"""Hong Kong's closed days as ``cases.deadlines`` takes them, and deadlines worked out by hand.

The closed days are Sundays plus the Cap. 149 general holidays, which the ``holidays`` package
lists under its "optional" category (its default "public" category is the statutory holidays
list, which lacks Good Friday, the day following it and Easter Monday), plus any warning days
a worked deadline adds.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time

import holidays
from django.utils import translation

from cases import deadlines
from cases.deadlines import HONG_KONG_TIME, Unit, closed_day, compute_due
from cases.explanations import explain

HK_GENERAL_HOLIDAYS = dict(holidays.HK(categories=("optional",), years=range(2019, 2031)))
HK_CLOSED_DAYS = {day: (closed_day("general_holiday", name),) for day, name in HK_GENERAL_HOLIDAYS.items()}
BLACK_RAIN = (closed_day("black_rainstorm"),)
GALE = (closed_day("gale_warning"),)


def hk(year: int, month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment in Hong Kong time, 10:00 unless given."""
    return datetime(year, month, day, hour, minute, tzinfo=HONG_KONG_TIME)


@dataclass(frozen=True, kw_only=True)
class WorkedDeadline:
    """A period counted by hand on a calendar, and the due date it comes to."""

    id: str
    start: date | datetime  # a date means 10:00 Hong Kong time on that day
    length: int
    unit: Unit
    warnings: Mapping[date, tuple[deadlines.Reason, ...]] = field(default_factory=dict)
    pauses: tuple[tuple[datetime, datetime], ...] = ()
    extensions: tuple[int, ...] = ()
    due: date | datetime  # a datetime for hours, else the last day of the period
    why: str
    mentions: tuple[str, ...] = ()  # text the explanation must quote


def in_english(deadline: deadlines.Deadline) -> str:
    with translation.override("en"):
        return explain(deadline.steps)


def assert_worked_out(worked: WorkedDeadline) -> None:
    """The code comes to the due date counted by hand, shows it, and its explanation quotes what it must."""
    start = worked.start
    if not isinstance(start, datetime):
        start = datetime.combine(start, time(10), tzinfo=HONG_KONG_TIME)
    calendar = deadlines.hong_kong({**HK_CLOSED_DAYS, **worked.warnings})

    deadline = compute_due(
        start, worked.length, worked.unit, calendar, pauses=worked.pauses, extension_days=worked.extensions
    )

    if isinstance(worked.due, datetime):
        assert deadline.due_at == worked.due, worked.why
        assert deadline.display() == f"{worked.due.astimezone(HONG_KONG_TIME):%Y-%m-%dT%H:%M}"
    else:
        assert deadline.due_on == worked.due, worked.why
        assert deadline.display() == worked.due.isoformat()
    explanation = in_english(deadline)
    for text in worked.mentions:
        assert text in explanation
