"""Deadline arithmetic, timed.

1. ``compute_due`` alone, no database: calls per second for periods of calendar days, a short
   period, working days and months, and one with a pause and extensions, on Hong Kong's calendar
   as ``sync_holidays`` loads it from the holidays package.
2. ``add_calendar_day`` and ``remove_calendar_day`` with M running clocks on that calendar, and
   ``apply_calendar_change``, which the worker runs after them: the time to find the clocks whose
   window holds the day, recompute them, and move and log those the day affects.

    cd /work/main && .venv/bin/python bench/deadlines.py
    .venv/bin/python bench/deadlines.py --clocks 100000 --database-url postgres://postgres@127.0.0.1:5432/dpa_bench
"""

import argparse
import gc
import math
import random
import time
from collections import Counter
from datetime import date, datetime, timedelta

import throwaway

ROUNDS = 7
YEARS_OF_HOLIDAYS = range(-3, 3)  # relative to this year


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clocks", type=int, default=5_000, help="running clocks to recompute (default 5,000)")
    parser.add_argument("--calls", type=int, default=10_000, help="compute_due calls per round (default 10,000)")
    parser.add_argument("--database-url", help="a PostgreSQL database to create and drop (default: SQLite)")
    args = parser.parse_args()

    with throwaway.database(args.database_url) as setup:
        from django.utils import timezone

        from cases import services
        from cases.models import CalendarCode, load_calendar

        now = timezone.now()
        years = [now.year + offset for offset in YEARS_OF_HOLIDAYS]
        services.sync_holidays(years=years, now=now)
        calendar = load_calendar(CalendarCode.HONG_KONG)
        cases = load_running_clocks(args.clocks, calendar=calendar, now=now, rng=random.Random(2026))
        throwaway.analyze()
        print(
            f"Hong Kong calendar {years[0]}-{years[-1]} ({len(calendar.closed_days)} general holidays); "
            f"compute_due: best of {ROUNDS} rounds of {args.calls:,} calls; add_calendar_day: "
            f"{args.clocks:,} running clocks on {cases:,} open complaints; {setup}"
        )
        time_compute_due(calendar, calls=args.calls, now=now)
        time_add_calendar_day(clocks=args.clocks, now=now)


def time_compute_due(calendar, *, calls: int, now: datetime) -> None:
    from cases.deadlines import compute_due

    # Starts at 10:30 on every day of the past two years, in turn.
    first = start_of(now.astimezone(calendar.timezone).date() - timedelta(days=730), calendar)
    starts = [first + timedelta(days=day % 730, hours=10, minutes=30) for day in range(calls)]
    periods = [
        ("45 calendar days (s.39(3))", {"length": 45, "unit": "days"}),
        ("3 calendar days (short period)", {"length": 3, "unit": "days"}),
        ("20 working days", {"length": 20, "unit": "working_days"}),
        ("3 months (complainant update)", {"length": 3, "unit": "months"}),
        ("14 days, paused 7, extended 14+7", {"length": 14, "unit": "days", "extension_days": (14, 7)}),
    ]
    print(f"\n{'compute_due':<34} {'calls/s':>9} {'us/call':>8}")
    for name, period in periods:
        paused = "extension_days" in period
        call_arguments = [
            (start, [(start + timedelta(days=2), start + timedelta(days=9))] if paused else ()) for start in starts
        ]
        rounds = []
        for _ in range(ROUNDS):
            # As timeit does: no garbage collection in the middle of a round.
            gc.collect()
            gc.disable()
            started = time.perf_counter()
            for start, pauses in call_arguments:
                compute_due(start, calendar=calendar, pauses=pauses, **period)
            rounds.append(time.perf_counter() - started)
            gc.enable()
        # The fastest round is the one least disturbed by the rest of the machine (as timeit does).
        seconds = min(rounds)
        print(f"{name:<34} {calls / seconds:>9,.0f} {seconds / calls * 1e6:>8.1f}")


# Share of the complaints that came in on one day, as after a platform's leak: their s.39(3)
# clocks all fall due on the same day.
SURGE = 0.3


def load_running_clocks(count: int, *, calendar, now: datetime, rng: random.Random) -> int:
    """``count`` running clocks on open complaints received in the last six weeks, ``SURGE`` of them
    on one day three weeks ago: each complaint has the two clocks open_case starts and an
    enquiry-reply clock, every other one of which has been paused for a week and extended. Returns
    the number of complaints.

    Rows are bulk-created (quick, and no field history): what is measured is recomputing them.
    """
    from cases.deadlines import compute_due
    from cases.models import (
        Case,
        CaseKind,
        CaseStatus,
        Channel,
        Clock,
        ClockExtension,
        ClockPause,
        ClockRule,
        Complainant,
    )

    codes = ["hk-pdpo-s39-3", "hk-complainant-update", "hk-enquiry-reply"]
    rules = [ClockRule.objects.get(code=code) for code in codes]
    cases = math.ceil(count / len(rules))
    today = now.astimezone(calendar.timezone).date()
    people = Complainant.objects.bulk_create(Complainant(name=f"Complainant {number}") for number in range(cases))
    surge_day = today - timedelta(days=21)
    received = sorted(
        surge_day if rng.random() < SURGE else today - timedelta(days=rng.randrange(42)) for _ in range(cases)
    )
    complaints = Case.objects.bulk_create(
        Case(
            reference=f"CMP-{day.year}-{number + 1:05d}",
            kind=CaseKind.COMPLAINT,
            year=day.year,
            number=number + 1,
            status=CaseStatus.PRELIMINARY_ENQUIRY,
            title="Personal data disclosed without consent",
            channel=Channel.ONLINE_FORM,
            received_on=day,
            complainant=person,
        )
        for number, (day, person) in enumerate(zip(received, people, strict=True))
    )

    clocks, pauses, extensions = [], [], []
    for number in range(count):
        case, rule = complaints[number // len(rules)], rules[number % len(rules)]
        start = start_of(case.received_on, calendar)
        pause, extended = None, ()
        if rule.can_pause:
            start = min(now, start + timedelta(days=rng.randint(2, 10)))
            if number % 2:
                pause, extended = (start + timedelta(days=1), start + timedelta(days=8)), (14,)
        deadline = compute_due(
            start, rule.length, rule.unit, calendar, pauses=[pause] if pause else (), extension_days=extended
        )
        clock = Clock(
            case=case,
            rule=rule,
            started_at=start,
            due_at=deadline.due_at,
            explanation=list(deadline.steps),
            window_starts_on=deadline.window_starts_on,
        )
        clocks.append(clock)
        if pause:
            pauses.append(
                ClockPause(clock=clock, paused_at=pause[0], resumed_at=pause[1], reason="Awaiting documents.")
            )
            extensions.append(ClockExtension(clock=clock, days=14, reason="Asked for more time.", granted_at=pause[1]))
    Clock.objects.bulk_create(clocks, batch_size=1000)
    ClockPause.objects.bulk_create(pauses, batch_size=1000)
    ClockExtension.objects.bulk_create(extensions, batch_size=1000)
    return cases


def time_add_calendar_day(*, clocks: int, now: datetime) -> None:
    from django.db import connection
    from django.utils import timezone

    from cases import services
    from cases.models import CalendarDay, Clock

    due_days = Counter(timezone.localtime(due).date() for due in Clock.objects.values_list("due_at", flat=True))
    busiest = due_days.most_common(1)[0][0]
    today = timezone.localdate(now)
    scenarios = [
        # No clock's window holds it: nothing is recomputed.
        ("a day after every due date", max(due_days) + timedelta(days=7), CalendarDay.Kind.GALE_WARNING),
        # A typhoon today: the clocks due today move to the next open day.
        ("a gale warning today", today, CalendarDay.Kind.GALE_WARNING),
        # A black rainstorm on the day most clocks fall due: those move, are saved and logged.
        ("the day most clocks are due", busiest, CalendarDay.Kind.BLACK_RAINSTORM),
    ]
    print(f"\n{'calendar change':<34} {'clocks':>7} {'recomputed':>10} {'moved':>6} {'queries':>7} {'seconds':>7}")

    def timed(name: str, change) -> None:
        queries = QueryCounter()
        with connection.execute_wrapper(queries):
            started = time.perf_counter()
            done = change()
            seconds = time.perf_counter() - started
        print(f"{name:<34} {clocks:>7,} {done.looked_at:>10,} {done.moved:>6,} {queries.count:>7,} {seconds:>7.2f}")

    for name, day, kind in scenarios:
        if CalendarDay.objects.filter(date=day).exists():
            print(f"{name:<34} skipped: {day} is already on the calendar")
            continue

        def add(day=day, kind=kind):
            _day, change = services.add_calendar_day(
                day=day, kind=kind, name="Bench warning", source="bench/deadlines.py", by=None, now=now
            )
            return services.apply_calendar_change(change.pk, now=now)

        timed(f"add {name}", add)
    added = CalendarDay.objects.filter(source="bench/deadlines.py", date=busiest).first()
    if added:

        def remove():
            change = services.remove_calendar_day(added, by=None, now=now)
            return services.apply_calendar_change(change.pk, now=now)

        timed("remove it again", remove)


def start_of(day: date, calendar) -> datetime:
    return datetime.combine(day, datetime.min.time(), tzinfo=calendar.timezone)


class QueryCounter:
    """Counts the statements sent to the database, SQLite's explicit BEGIN aside."""

    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += sql != "BEGIN"
        return execute(sql, params, many, context)


if __name__ == "__main__":
    main()
