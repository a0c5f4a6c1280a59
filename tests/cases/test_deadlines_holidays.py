"""Worked deadlines around Hong Kong's general holidays (Cap. 149): Lunar New Year, Ching Ming,
Easter, Christmas and New Year, counted in days, working days and months.

Every expected date below was counted by hand on a calendar; none was produced by the code.
"""

from datetime import date

import pytest

from cases.deadlines import Unit
from tests.helpers.deadlines import WorkedDeadline, assert_worked_out

D, WD, M = Unit.DAYS, Unit.WORKING_DAYS, Unit.MONTHS

HOLIDAYS = [
    # Lunar New Year 2024: Sat 10 Feb first day, Sun 11 Feb second day (a Sunday),
    # Mon 12 Feb third day and Tue 13 Feb fourth day (Cap. 149, in lieu of the Sunday).
    WorkedDeadline(
        id="lny-2024-3-days-do-not-count-four-closed-days",
        start=date(2024, 2, 9),
        length=3,
        unit=D,
        due=date(2024, 2, 16),
        why="s.71(1)(d): Sat 10 (LNY), Sun 11, Mon 12, Tue 13 Feb not counted; Wed 14, Thu 15, Fri 16",
    ),
    WorkedDeadline(
        id="lny-2024-10-days-end-on-third-day",
        start=date(2024, 2, 2),
        length=10,
        unit=D,
        due=date(2024, 2, 14),
        why="s.71(1)(a): Fri 2 + 10 = Mon 12 Feb, third day of LNY; s.71(1)(b) past Tue 13 (fourth day) to Wed 14",
        mentions=("The third day of Chinese New Year",),
    ),
    WorkedDeadline(
        id="lny-2024-7-days-end-on-first-day",
        start=date(2024, 2, 3),
        length=7,
        unit=D,
        due=date(2024, 2, 14),
        why="s.71(1)(a): Sat 3 + 7 = Sat 10 Feb, LNY; s.71(1)(b) past Sun 11, Mon 12, Tue 13 to Wed 14",
    ),
    WorkedDeadline(
        id="lny-2024-6-days-skip-the-holidays",
        start=date(2024, 2, 8),
        length=6,
        unit=D,
        due=date(2024, 2, 19),
        why="s.71(1)(d) applies at 6: Fri 9, Wed 14, Thu 15, Fri 16, Sat 17, (Sun 18 skipped) Mon 19",
    ),
    WorkedDeadline(
        id="lny-2024-7-days-count-the-holidays",
        start=date(2024, 2, 8),
        length=7,
        unit=D,
        due=date(2024, 2, 15),
        why="s.71(1)(d) stops at 7: Thu 8 + 7 = Thu 15 Feb, an open day; ends before the 6-day period does",
    ),
    WorkedDeadline(
        id="lny-2024-3-working-days",
        start=date(2024, 2, 8),
        length=3,
        unit=WD,
        due=date(2024, 2, 15),
        why="working days: Fri 9 (1); Sat 10, Sun 11, Mon 12 and Tue 13 (LNY) skipped; Wed 14 (2), Thu 15 (3)",
    ),
    # Lunar New Year 2025: Wed 29, Thu 30, Fri 31 Jan.
    WorkedDeadline(
        id="lny-2025-5-days",
        start=date(2025, 1, 27),
        length=5,
        unit=D,
        due=date(2025, 2, 5),
        why="s.71(1)(d): Tue 28 (1), LNY 29-31 Jan skipped, Sat 1 (2), Sun 2 skipped, Mon 3, Tue 4, Wed 5 Feb (5)",
    ),
    WorkedDeadline(
        id="lny-2025-14-days-end-on-second-day",
        start=date(2025, 1, 16),
        length=14,
        unit=D,
        due=date(2025, 2, 1),
        why="s.71(1)(a): Thu 16 + 14 = Thu 30 Jan, LNY second day; s.71(1)(b) past Fri 31 to Sat 1 Feb (open)",
    ),
    WorkedDeadline(
        id="lny-2025-3-working-days",
        start=date(2025, 1, 28),
        length=3,
        unit=WD,
        due=date(2025, 2, 5),
        why="working days: Wed 29 - Fri 31 Jan (LNY) and the weekend skipped; Mon 3 (1), Tue 4 (2), Wed 5 Feb (3)",
    ),
    # Lunar New Year 2026: Tue 17, Wed 18, Thu 19 Feb.
    WorkedDeadline(
        id="lny-2026-1-month",
        start=date(2026, 1, 17),
        length=1,
        unit=M,
        due=date(2026, 2, 20),
        why="1 month from Sat 17 Jan = Tue 17 Feb 2026, LNY; s.71(1)(b) past Wed 18, Thu 19 to Fri 20 Feb",
    ),
    WorkedDeadline(
        id="lny-2026-5-working-days",
        start=date(2026, 2, 13),
        length=5,
        unit=WD,
        due=date(2026, 2, 25),
        why="working days: Mon 16 (1), LNY 17-19 Feb skipped, Fri 20 (2), Mon 23 (3), Tue 24 (4), Wed 25 (5)",
    ),
    # Lunar New Year 2023: Sun 22 Jan first day, Mon 23 - Wed 25 Jan (Cap. 149).
    WorkedDeadline(
        id="lny-2023-2-days",
        start=date(2023, 1, 20),
        length=2,
        unit=D,
        due=date(2023, 1, 26),
        why="s.71(1)(d): Sat 21 (1); Sun 22 (LNY, Sunday), Mon 23 - Wed 25 (LNY) skipped; Thu 26 Jan (2)",
    ),
    WorkedDeadline(
        id="lny-2023-30-days-across-the-year-end",
        start=date(2022, 12, 23),
        length=30,
        unit=D,
        due=date(2023, 1, 26),
        why="s.71(1)(a): Fri 23 Dec 2022 + 30 = Sun 22 Jan 2023 (LNY); s.71(1)(b) past 23-25 Jan to Thu 26 Jan",
    ),
    # Ching Ming: Thu 4 Apr 2024; Fri 4 Apr 2025; Sun 5 Apr 2026, so Mon 6 Apr is "the day following"
    # and Easter Monday (also Mon 6 Apr) moves to Tue 7 Apr.
    WorkedDeadline(
        id="ching-ming-2024-1-day",
        start=date(2024, 4, 3),
        length=1,
        unit=D,
        due=date(2024, 4, 5),
        why="s.71(1)(d): Thu 4 Apr 2024 (Ching Ming Festival, Cap. 149) not counted; Fri 5 Apr",
    ),
    WorkedDeadline(
        id="ching-ming-2024-14-days",
        start=date(2024, 3, 21),
        length=14,
        unit=D,
        due=date(2024, 4, 5),
        why="s.71(1)(a): Thu 21 Mar + 14 = Thu 4 Apr (Ching Ming); s.71(1)(b) to Fri 5 Apr",
    ),
    WorkedDeadline(
        id="ching-ming-2025-7-days-run-on-to-saturday",
        start=date(2025, 3, 28),
        length=7,
        unit=D,
        due=date(2025, 4, 5),
        why="s.71(1)(a): Fri 28 Mar + 7 = Fri 4 Apr 2025 (Ching Ming); s.71(1)(b) to Sat 5 Apr, not a holiday",
    ),
    WorkedDeadline(
        id="ching-ming-2026-2-months-end-on-the-sunday",
        start=date(2026, 2, 5),
        length=2,
        unit=M,
        due=date(2026, 4, 8),
        why="2 months from 5 Feb = Sun 5 Apr 2026 (Ching Ming); s.71(1)(b) past Mon 6 (day following Ching Ming)"
        " and Tue 7 (day following Easter Monday) to Wed 8 Apr",
    ),
    WorkedDeadline(
        id="easter-and-ching-ming-2026-3-days",
        start=date(2026, 4, 2),
        length=3,
        unit=D,
        due=date(2026, 4, 10),
        why="s.71(1)(d): Fri 3 (Good Friday), Sat 4, Sun 5, Mon 6, Tue 7 Apr not counted; Wed 8, Thu 9, Fri 10",
    ),
    # Easter 2024: Good Friday 29 Mar, the day following 30 Mar, Easter Monday 1 Apr.
    WorkedDeadline(
        id="easter-2024-3-days-also-skip-ching-ming",
        start=date(2024, 3, 28),
        length=3,
        unit=D,
        due=date(2024, 4, 5),
        why="s.71(1)(d): Fri 29, Sat 30, Sun 31 Mar, Mon 1 Apr skipped; Tue 2 (1), Wed 3 (2);"
        " Thu 4 (Ching Ming) skipped; Fri 5 (3)",
        mentions=("Good Friday", "Easter Monday"),
    ),
    WorkedDeadline(
        id="easter-2024-1-day-from-good-friday",
        start=date(2024, 3, 29),
        length=1,
        unit=D,
        due=date(2024, 4, 2),
        why="s.71(1)(d): Sat 30 Mar (the day following Good Friday), Sun 31, Mon 1 Apr not counted; Tue 2 Apr",
    ),
    WorkedDeadline(
        id="easter-2024-30-days-from-the-leap-day",
        start=date(2024, 2, 29),
        length=30,
        unit=D,
        due=date(2024, 4, 2),
        why="s.71(1)(a): Thu 29 Feb + 30 = Sat 30 Mar (day following Good Friday); s.71(1)(b) past Sun 31,"
        " Mon 1 Apr (Easter Monday) to Tue 2 Apr",
    ),
    WorkedDeadline(
        id="easter-2024-5-working-days",
        start=date(2024, 3, 27),
        length=5,
        unit=WD,
        due=date(2024, 4, 8),
        why="working days: Thu 28 (1), Tue 2 (2), Wed 3 (3), Fri 5 (4), Mon 8 Apr (5); Easter and Thu 4 skipped",
    ),
    WorkedDeadline(
        id="easter-2024-6-days-skip-the-holidays",
        start=date(2024, 3, 27),
        length=6,
        unit=D,
        due=date(2024, 4, 8),
        why="s.71(1)(d) at 6: Thu 28, Tue 2, Wed 3, Fri 5, Sat 6, Mon 8 Apr; Easter, Ching Ming, Sun 7 skipped",
    ),
    WorkedDeadline(
        id="easter-2024-7-days-count-the-holidays",
        start=date(2024, 3, 27),
        length=7,
        unit=D,
        due=date(2024, 4, 3),
        why="s.71(1)(d) stops at 7: Wed 27 Mar + 7 = Wed 3 Apr, an open day",
    ),
    # Easter 2025: Good Friday 18 Apr, the day following 19 Apr, Easter Monday 21 Apr.
    WorkedDeadline(
        id="easter-2025-10-days",
        start=date(2025, 4, 8),
        length=10,
        unit=D,
        due=date(2025, 4, 22),
        why="s.71(1)(a): Tue 8 + 10 = Fri 18 Apr (Good Friday); s.71(1)(b) past Sat 19, Sun 20, Mon 21 to Tue 22",
        mentions=("Good Friday",),
    ),
    WorkedDeadline(
        id="easter-2025-4-days",
        start=date(2025, 4, 17),
        length=4,
        unit=D,
        due=date(2025, 4, 25),
        why="s.71(1)(d): Fri 18 - Mon 21 Apr not counted; Tue 22, Wed 23, Thu 24, Fri 25",
    ),
    WorkedDeadline(
        id="easter-2025-3-working-days",
        start=date(2025, 4, 17),
        length=3,
        unit=WD,
        due=date(2025, 4, 24),
        why="working days: Fri 18 (Good Friday), the weekend, Mon 21 (Easter Monday) skipped; Tue 22 - Thu 24",
    ),
    # Year ends: Christmas Day and the first weekday after it; 1 January.
    WorkedDeadline(
        id="christmas-2024-1-day",
        start=date(2024, 12, 24),
        length=1,
        unit=D,
        due=date(2024, 12, 27),
        why="s.71(1)(d): Wed 25 (Christmas Day), Thu 26 (first weekday after Christmas) not counted; Fri 27",
    ),
    WorkedDeadline(
        id="christmas-2024-7-days",
        start=date(2024, 12, 18),
        length=7,
        unit=D,
        due=date(2024, 12, 27),
        why="s.71(1)(a): Wed 18 + 7 = Wed 25 Dec (Christmas Day); s.71(1)(b) past Thu 26 to Fri 27 Dec",
        mentions=("Christmas Day",),
    ),
    WorkedDeadline(
        id="year-end-2024-6-days",
        start=date(2024, 12, 27),
        length=6,
        unit=D,
        due=date(2025, 1, 4),
        why="s.71(1)(d): Sat 28 (1), Mon 30, Tue 31, Thu 2, Fri 3, Sat 4 Jan (6); Sun 29 and Wed 1 Jan skipped",
    ),
    WorkedDeadline(
        id="year-end-2025-14-days-end-on-new-year",
        start=date(2025, 12, 18),
        length=14,
        unit=D,
        due=date(2026, 1, 2),
        why="s.71(1)(a): Thu 18 Dec 2025 + 14 = Thu 1 Jan 2026 (New Year's Day); s.71(1)(b) to Fri 2 Jan",
    ),
    WorkedDeadline(
        id="year-end-2022-1-month-ends-on-day-following-new-year",
        start=date(2022, 12, 2),
        length=1,
        unit=M,
        due=date(2023, 1, 3),
        why="1 month from 2 Dec 2022 = Mon 2 Jan 2023, the day following New Year's Day (1 Jan a Sunday);"
        " s.71(1)(b) to Tue 3 Jan",
    ),
    WorkedDeadline(
        id="christmas-2022-2-days",
        start=date(2022, 12, 23),
        length=2,
        unit=D,
        due=date(2022, 12, 28),
        why="s.71(1)(d): Sat 24 (1); Sun 25, Mon 26, Tue 27 (first and second weekdays after Christmas) skipped;"
        " Wed 28 (2)",
    ),
    WorkedDeadline(
        id="year-end-2024-5-working-days",
        start=date(2024, 12, 23),
        length=5,
        unit=WD,
        due=date(2025, 1, 2),
        why="working days: Tue 24 (1), Fri 27 (2), Mon 30 (3), Tue 31 (4), Thu 2 Jan (5); 25, 26 Dec, 1 Jan skipped",
    ),
]


@pytest.mark.parametrize("worked", HOLIDAYS, ids=lambda worked: worked.id)
def test_worked_deadline(worked):
    assert_worked_out(worked)
