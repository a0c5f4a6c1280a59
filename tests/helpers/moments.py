"""Moments in Hong Kong time. Tests pass time in as ``now=``; nothing reads or freezes the clock."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

HONG_KONG = ZoneInfo("Asia/Hong_Kong")
# A fixed "now" for services and factories.
NOW = datetime(2026, 3, 2, 10, 30, tzinfo=HONG_KONG)
TODAY = NOW.date()


def at(*args) -> datetime:
    """``datetime(*args)`` in Hong Kong time: ``at(2026, 3, 2)`` is midnight, ``at(2026, 3, 2, 9, 30)`` 09:30."""
    return datetime(*args, tzinfo=HONG_KONG)


def end_of(day: date) -> datetime:
    """The last moment of a Hong Kong day: when a deadline counted in days falls due."""
    return datetime.combine(day, time.max, tzinfo=HONG_KONG)
