"""Worked deadlines in days and working days: short periods that do not count closed days, Sundays
and Saturdays, warning days, and the example in the guidance.

Every expected date below was counted by hand on a calendar; none was produced by the code.
"""

from datetime import UTC, date, datetime

import pytest
from django.utils import translation

from cases import deadlines
from cases.deadlines import HONG_KONG_TIME, Unit, closed_day, compute_due
from cases.explanations import explain_step
from tests.helpers.deadlines import (
    BLACK_RAIN,
    GALE,
    HK_CLOSED_DAYS,
    WorkedDeadline,
    assert_worked_out,
    hk,
    in_english,
)

D, WD, M = Unit.DAYS, Unit.WORKING_DAYS, Unit.MONTHS

DAYS_AND_WARNINGS = [
    # Short periods and Sundays.
    WorkedDeadline(
        id="1-day-from-saturday-skips-the-sunday",
        start=date(2024, 12, 7),
        length=1,
        unit=D,
        due=date(2024, 12, 9),
        why="s.71(1)(d): Sun 8 Dec (general holiday) not counted; Mon 9 Dec",
    ),
    WorkedDeadline(
        id="1-day-from-friday-ends-on-saturday",
        start=date(2024, 12, 6),
        length=1,
        unit=D,
        due=date(2024, 12, 7),
        why="s.71(1)(a): Fri 6 + 1 = Sat 7 Dec; a Saturday is neither a general holiday nor skipped",
    ),
    WorkedDeadline(
        id="6-days-from-monday-skip-one-sunday",
        start=date(2024, 12, 2),
        length=6,
        unit=D,
        due=date(2024, 12, 9),
        why="s.71(1)(d): Tue 3 - Sat 7 (5), Sun 8 not counted, Mon 9 Dec (6)",
    ),
    # Warning days.
    WorkedDeadline(
        id="black-rain-on-the-last-day-runs-on",
        start=date(2024, 5, 24),
        length=10,
        unit=D,
        warnings={date(2024, 6, 3): BLACK_RAIN},
        due=date(2024, 6, 4),
        why="s.71(1)(a): Fri 24 May + 10 = Mon 3 Jun, a black rainstorm warning day; s.71(1)(b) to Tue 4 Jun",
        mentions=("Mon 3 Jun 2024 is a black rainstorm warning day", "Tue 4 Jun 2024"),
    ),
    WorkedDeadline(
        id="black-rain-inside-a-short-period-is-not-counted",
        start=date(2024, 5, 31),
        length=3,
        unit=D,
        warnings={date(2024, 6, 3): BLACK_RAIN},
        due=date(2024, 6, 5),
        why="s.71(1)(d): Sat 1 Jun (1), Sun 2 and Mon 3 (black rainstorm) not counted, Tue 4 (2), Wed 5 (3)",
    ),
    WorkedDeadline(
        id="black-rain-inside-a-long-period-is-counted",
        start=date(2024, 5, 28),
        length=10,
        unit=D,
        warnings={date(2024, 6, 3): BLACK_RAIN},
        due=date(2024, 6, 7),
        why="s.71(1)(d) does not apply to 10 days: Tue 28 May + 10 = Fri 7 Jun; the Mon 3 Jun warning is counted",
    ),
    WorkedDeadline(
        id="gale-the-day-after-tuen-ng-on-the-last-day",
        start=date(2024, 6, 3),
        length=7,
        unit=D,
        warnings={date(2024, 6, 11): GALE},
        due=date(2024, 6, 12),
        why="s.71(1)(a): Mon 3 + 7 = Mon 10 Jun (Tuen Ng Festival); s.71(1)(b) past Tue 11 (gale warning) to Wed 12",
        mentions=("Dragon Boat Festival", "Tue 11 Jun a gale warning day"),
    ),
    WorkedDeadline(
        id="gale-on-a-saturday-last-day",
        start=date(2024, 9, 6),
        length=8,
        unit=D,
        warnings={date(2024, 9, 14): GALE},
        due=date(2024, 9, 16),
        why="s.71(1)(a): Fri 6 + 8 = Sat 14 Sep, a gale warning day; s.71(1)(b) past Sun 15 to Mon 16 Sep",
    ),
    WorkedDeadline(
        id="gale-then-sunday-then-black-rain-after-1-month",
        start=date(2024, 9, 5),
        length=1,
        unit=M,
        warnings={date(2024, 10, 5): GALE, date(2024, 10, 7): BLACK_RAIN},
        due=date(2024, 10, 8),
        why="1 month from 5 Sep = Sat 5 Oct (gale); s.71(1)(b) past Sun 6 and Mon 7 (black rainstorm) to Tue 8 Oct",
    ),
    WorkedDeadline(
        id="gale-is-not-a-working-day",
        start=date(2024, 9, 5),
        length=2,
        unit=WD,
        warnings={date(2024, 9, 6): GALE},
        due=date(2024, 9, 10),
        why="working days: Fri 6 Sep (gale warning) skipped, Mon 9 (1), Tue 10 (2)",
    ),
    # The example in the guidance.
    WorkedDeadline(
        id="45-days-from-3-oct-2024-end-on-a-sunday",
        start=date(2024, 10, 3),
        length=45,
        unit=D,
        due=date(2024, 11, 18),
        why="s.71(1)(a): Thu 3 Oct + 45 = Sun 17 Nov, a general holiday; s.71(1)(b) to Mon 18 Nov 2024",
        mentions=("Sun 17 Nov 2024", "Mon 18 Nov 2024"),
    ),
    WorkedDeadline(
        id="45-days-from-a-utc-evening-count-from-the-hong-kong-day",
        start=datetime(2024, 10, 2, 17, 30, tzinfo=UTC),
        length=45,
        unit=D,
        due=date(2024, 11, 18),
        why="17:30 UTC Wed 2 Oct = 01:30 HKT Thu 3 Oct, the day of the event; + 45 = Sun 17 Nov; to Mon 18 Nov",
        mentions=("45 days from Thu 3 Oct 2024",),
    ),
    # Working days, plain weeks.
    WorkedDeadline(
        id="10-working-days-skip-two-weekends",
        start=date(2024, 12, 2),
        length=10,
        unit=WD,
        due=date(2024, 12, 16),
        why="working days: Tue 3 - Fri 6 (4), Mon 9 - Fri 13 (9), Mon 16 Dec (10)",
    ),
    WorkedDeadline(
        id="1-working-day-from-friday-is-monday",
        start=date(2024, 12, 6),
        length=1,
        unit=WD,
        due=date(2024, 12, 9),
        why="working days: Sat 7 and Sun 8 are not working days; Mon 9 Dec (1)",
    ),
]


@pytest.mark.parametrize("worked", DAYS_AND_WARNINGS, ids=lambda worked: worked.id)
def test_worked_deadline(worked):
    assert_worked_out(worked)


def test_45_days_from_3_oct_2024_explain_the_sunday_and_the_monday():
    deadline = compute_due(hk(2024, 10, 3), 45, "days", deadlines.hong_kong(HK_CLOSED_DAYS))

    assert deadline.due_on == date(2024, 11, 18)
    assert "Sun 17 Nov 2024 is a Sunday" in in_english(deadline)
    with translation.override("en"):
        assert explain_step(deadline.steps[-1]) == "due Mon 18 Nov 2024"


def test_a_sunday_a_saturday_and_a_warning_day_are_closed_for_their_own_structured_reasons():
    gale = closed_day("gale_warning", "Signal No. 8")
    calendar = deadlines.hong_kong({date(2024, 12, 9): (gale,)})

    # 5 working days from Mon 2 Dec skip Mon 9 Dec, a gale warning day, and end on Tue 10 Dec; 5 days
    # more is Sun 15 Dec, so Mon 16 Dec. Without the gale they end on Mon 9 Dec, and 5 days more is
    # Sat 14 Dec: a period of working days runs on past the Saturday as well as the Sunday.
    deadline = compute_due(hk(2024, 12, 2), 5, Unit.WORKING_DAYS, calendar, extension_days=(5,))

    working_days, extended, runs_on, due = deadline.steps[1:]
    assert working_days == {
        "kind": "working_days",
        "holidays": [{"date": "2024-12-09", "reasons": [gale]}],
        "end": "2024-12-10",
    }
    assert extended == {"kind": "extended", "days": 5, "to": "2024-12-15"}
    assert runs_on["closed"] == [{"date": "2024-12-15", "reasons": [{"kind": "sunday"}]}]
    assert due == {"kind": "due", "on": "2024-12-16"}
    saturday = compute_due(hk(2024, 12, 2), 5, Unit.WORKING_DAYS, deadlines.hong_kong(), extension_days=(5,))
    assert saturday.steps[-2]["closed"] == [
        {"date": "2024-12-14", "reasons": [{"kind": "saturday"}]},
        {"date": "2024-12-15", "reasons": [{"kind": "sunday"}]},
    ]


def test_a_day_period_is_due_at_the_end_of_its_last_day_in_hong_kong():
    deadline = compute_due(hk(2024, 10, 3), 45, Unit.DAYS, deadlines.hong_kong(HK_CLOSED_DAYS))

    assert deadline.due_at == datetime(2024, 11, 18, 23, 59, 59, 999999, tzinfo=HONG_KONG_TIME)


def test_the_plain_calendar_ignores_sundays_and_holidays():
    deadline = compute_due(hk(2024, 10, 3), 45, Unit.DAYS, deadlines.PLAIN)
    short = compute_due(hk(2024, 12, 24), 1, Unit.DAYS, deadlines.PLAIN)

    assert deadline.due_on == date(2024, 11, 17)
    assert short.due_on == date(2024, 12, 25)
