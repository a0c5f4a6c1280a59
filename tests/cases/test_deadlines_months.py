"""Worked deadlines in months: a month ends on the same day of the month, or on the last day of a
shorter month, leap years included.

Every expected date below was counted by hand on a calendar; none was produced by the code.
"""

from datetime import date

import pytest

from cases.deadlines import Unit, add_months
from tests.helpers.deadlines import WorkedDeadline, assert_worked_out

D, M = Unit.DAYS, Unit.MONTHS

MONTH_ENDS = [
    # Leap years and month ends: months clamp to the end of a shorter month.
    WorkedDeadline(
        id="leap-1-month-from-31-jan-2024",
        start=date(2024, 1, 31),
        length=1,
        unit=M,
        due=date(2024, 2, 29),
        why="31 Jan 2024 + 1 month: February 2024 has 29 days, so Thu 29 Feb (open)",
    ),
    WorkedDeadline(
        id="leap-12-months-from-29-feb-2024",
        start=date(2024, 2, 29),
        length=12,
        unit=M,
        due=date(2025, 2, 28),
        why="29 Feb 2024 + 12 months: February 2025 has 28 days, so Fri 28 Feb 2025 (open)",
    ),
    WorkedDeadline(
        id="leap-48-months-from-29-feb-2024",
        start=date(2024, 2, 29),
        length=48,
        unit=M,
        due=date(2028, 2, 29),
        why="29 Feb 2024 + 48 months = Tue 29 Feb 2028, a leap day again (open)",
    ),
    WorkedDeadline(
        id="1-month-from-31-jan-2025",
        start=date(2025, 1, 31),
        length=1,
        unit=M,
        due=date(2025, 2, 28),
        why="31 Jan 2025 + 1 month: February 2025 has 28 days, so Fri 28 Feb (open)",
    ),
    WorkedDeadline(
        id="leap-day-counted-in-7-days",
        start=date(2024, 2, 22),
        length=7,
        unit=D,
        due=date(2024, 2, 29),
        why="s.71(1)(a): Thu 22 Feb + 7 = Thu 29 Feb 2024 (open)",
    ),
    WorkedDeadline(
        id="leap-30-days-from-15-feb-2024",
        start=date(2024, 2, 15),
        length=30,
        unit=D,
        due=date(2024, 3, 16),
        why="s.71(1)(a): 14 days to 29 Feb, 16 more to Sat 16 Mar 2024; a Saturday is not a general holiday",
    ),
    WorkedDeadline(
        id="31-mar-plus-1-month",
        start=date(2024, 3, 31),
        length=1,
        unit=M,
        due=date(2024, 4, 30),
        why="31 Mar + 1 month: April has 30 days, so Tue 30 Apr 2024 (open)",
    ),
    WorkedDeadline(
        id="31-aug-plus-1-month",
        start=date(2024, 8, 31),
        length=1,
        unit=M,
        due=date(2024, 9, 30),
        why="31 Aug + 1 month: September has 30 days, so Mon 30 Sep 2024 (open)",
    ),
    WorkedDeadline(
        id="30-nov-plus-3-months",
        start=date(2024, 11, 30),
        length=3,
        unit=M,
        due=date(2025, 2, 28),
        why="30 Nov 2024 + 3 months: February 2025 has 28 days, so Fri 28 Feb 2025 (open)",
    ),
    WorkedDeadline(
        id="31-mar-plus-2-months-ends-on-tuen-ng-saturday",
        start=date(2025, 3, 31),
        length=2,
        unit=M,
        due=date(2025, 6, 2),
        why="31 Mar + 2 months = Sat 31 May 2025, Tuen Ng Festival (Cap. 149); s.71(1)(b) past Sun 1 Jun to Mon 2 Jun",
    ),
]


@pytest.mark.parametrize("worked", MONTH_ENDS, ids=lambda worked: worked.id)
def test_worked_deadline(worked):
    assert_worked_out(worked)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2024, 3, 31), 1, date(2024, 4, 30)),
        (date(2024, 8, 31), 1, date(2024, 9, 30)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2024, 12, 31), 1, date(2025, 1, 31)),
        (date(2024, 12, 15), 13, date(2026, 1, 15)),
        (date(2024, 1, 15), 0, date(2024, 1, 15)),
    ],
)
def test_add_months_keeps_the_day_or_clamps_to_the_month_end(day, months, expected):
    assert add_months(day, months) == expected
