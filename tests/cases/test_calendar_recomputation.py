"""A calendar change recomputes only the clocks whose window holds the changed day, and writes them
set-based; the result is exactly what recomputing every running clock one by one gives: the same
due moments, the same explanations, the same field history and the same timeline entries."""

import random
from datetime import date, timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from cases import services
from cases.models import CalendarDay, CaseEvent, Clock, ClockRule, ClockState, load_calendar
from cases.services.base import save_with_actor
from cases.services.clocks import record_deadline_moved, refresh_due
from tests.helpers.enquiries import enquiry_draft, sent_through_the_service
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import at

pytestmark = pytest.mark.django_db

FIRST_START = date(2026, 1, 5)
CHANGE_KINDS = ["general_holiday", "gale_warning", "black_rainstorm"]


def recompute_every_running_clock_one_by_one(*, calendar_code: str, by, now, because: dict) -> int:
    """How a calendar change was applied before it became set-based: every running clock on the
    calendar recomputed, saved and logged in turn. The reference the set-based one must match."""
    calendar = load_calendar(calendar_code)
    moved = 0
    clocks = (
        Clock.objects.filter(state=ClockState.RUNNING, rule__calendar=calendar_code)
        .select_related("rule", "case")
        .prefetch_related("pauses", "extensions")
    )
    for clock in clocks:
        before, explained = clock.due_at, clock.explanation
        if refresh_due(clock, calendar):
            save_with_actor(clock, by=by, fields=["due_at", "explanation", "window_starts_on"])
            record_deadline_moved(clock, was=before, because=because, by=by, now=now)
            moved += 1
        elif clock.explanation != explained:
            save_with_actor(clock, by=by, fields=["explanation", "window_starts_on"])
    return moved


def _rules() -> list[ClockRule]:
    """The Hong Kong rules on file and a rule of each other way of counting: a short period, working
    days, months and hours, all on Hong Kong's calendar, all pausable and extensible."""
    made = [
        ClockRule.objects.create(
            code=f"test-{unit}-{length}",
            name=f"Test {length} {unit}",
            citation="Test",
            length=length,
            unit=unit,
            trigger="request_received",
            calendar="hk",
            can_pause=True,
            max_extension_days=60,
        )
        for length, unit in [(3, "days"), (6, "days"), (20, "working_days"), (1, "months"), (72, "hours")]
    ]
    on_file = ClockRule.objects.filter(code__in=["hk-pdpo-s39-3", "hk-pdpo-s19-1", "hk-complainant-update"])
    return [*made, *on_file, ClockRule.objects.get(code="gdpr-art61-2")]


def _office(rng: random.Random, lead) -> None:
    """Running clocks of every rule started over three months, some paused and resumed, some
    extended, some still paused or met; and enquiries, each covering two cases, with reply clocks."""
    for rule in _rules():
        for _ in range(6):
            start = at(2026, 1, 5, 9, 30) + timedelta(days=rng.randrange(90), hours=rng.randrange(8))
            case = CaseFactory(received_on=FIRST_START, assigned_officer=lead)
            clock = services.start_clock(case, rule=rule, start=start, by=lead, now=start)
            _work_on(clock, rng, lead, start=start, rule=rule)
    for _ in range(5):
        sent = at(2026, 1, 5, 10, 0) + timedelta(days=rng.randrange(90))
        enquiry = sent_through_the_service(enquiry_draft(lead), by=lead, now=sent)
        _work_on(enquiry.reply_clock, rng, lead, start=sent, rule=enquiry.reply_clock.rule)


def _work_on(clock: Clock, rng: random.Random, lead, *, start, rule: ClockRule) -> None:
    if rule.can_pause and rng.random() < 0.4:
        paused = start + timedelta(hours=rng.randrange(1, 48))
        services.pause_clock(clock, reason="Waiting for documents", by=lead, now=paused)
        if rng.random() < 0.8:
            services.resume_clock(clock, by=lead, now=paused + timedelta(days=rng.randrange(0, 20)))
    clock.refresh_from_db()
    if rule.max_extension_days and clock.state in (ClockState.RUNNING, ClockState.PAUSED) and rng.random() < 0.4:
        days = rng.randrange(1, rule.max_extension_days)
        services.extend_clock(clock, days=days, reason="Asked for time", by=lead, now=start + timedelta(days=1))
    clock.refresh_from_db()
    if clock.state == ClockState.RUNNING and rng.random() < 0.1:
        services.meet_clock(clock, by=lead, now=start + timedelta(days=2))


def _change_the_calendar(rng: random.Random) -> tuple[date, dict]:
    """Add a closed day, remove one, or rename one; returns the day and the cause as logged."""
    on_file = list(CalendarDay.objects.filter(date__gte=FIRST_START).order_by("date"))
    choice = rng.random()
    if on_file and choice < 0.25:
        day = rng.choice(on_file)
        day.delete()
        return day.date, {"kind": "day_removed", "date": day.date.isoformat(), "reasons": [day.reason]}
    if on_file and choice < 0.4:
        day = rng.choice(on_file)
        day.name_zh = f"{day.name_zh}更正"
        day.save()
        return day.date, {"kind": "holidays_added", "count": 0}
    taken = {day.date for day in on_file}
    day = rng.choice([FIRST_START + timedelta(days=offset) for offset in range(200)])
    while day in taken:
        day += timedelta(days=1)
    added = CalendarDay.objects.create(
        jurisdiction="HK", date=day, kind=rng.choice(CHANGE_KINDS), name=f"Closed {day}", source="Test"
    )
    return day, {"kind": "day_added", "date": day.isoformat(), "reasons": [added.reason]}


def _state(since: dict) -> dict:
    """Every clock as it stands, and the timeline entries and field history written since ``since``."""
    history = Clock.history.filter(history_id__gt=since["history"])
    return {
        "clocks": sorted(Clock.objects.values_list("pk", "state", "due_at", "explanation", "window_starts_on")),
        "events": list(
            CaseEvent.objects.filter(pk__gt=since["event"])
            .order_by("pk")
            .values_list("case_id", "kind", "at", "actor_id", "message", "text")
        ),
        "history": sorted(history.values_list("id", "due_at", "explanation", "history_type", "history_user_id")),
    }


def _marks() -> dict:
    last_event = CaseEvent.objects.order_by("-pk").values_list("pk", flat=True).first()
    last_history = Clock.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return {"event": last_event or 0, "history": last_history or 0}


@pytest.mark.parametrize("seed", range(4))
def test_a_calendar_change_gives_exactly_what_recomputing_every_clock_one_by_one_gives(seed, hk_calendar, lead):
    rng = random.Random(seed)
    _office(rng, lead)
    moves = 0

    for step in range(12):
        day, because = _change_the_calendar(rng)
        now = at(2026, 2, 1, 9, 0) + timedelta(days=step)
        marks = _marks()
        with transaction.atomic():
            expected_moves = recompute_every_running_clock_one_by_one(
                calendar_code="hk", by=lead, now=now, because=because
            )
            expected = _state(marks)
            transaction.set_rollback(True)

        done = services.recompute_clocks(calendar_code="hk", days=[day], by=lead, now=now, because=because)

        assert _state(marks) == expected, f"seed {seed}, step {step}, {because}"
        assert done.moved == expected_moves
        moves += done.moved
    # The changes did move deadlines, or the comparison proved little.
    assert moves > 0


def test_a_change_reads_only_the_clocks_whose_window_holds_the_day_and_writes_in_queries_that_do_not_grow(
    hk_calendar, lead
):
    s39 = ClockRule.objects.get(code="hk-pdpo-s39-3")
    for offset in range(30):
        start = at(2026, 6, 1, 9, 0) + timedelta(days=offset)
        services.start_clock(CaseFactory(assigned_officer=lead), rule=s39, start=start, by=lead, now=start)
    working_days = ClockRule.objects.create(
        code="test-working-days", name="Twenty working days", citation="Test", length=20, unit="working_days",
        trigger="request_received", calendar="hk",
    )  # fmt: skip
    for offset in range(30):
        start = at(2026, 4, 1, 9, 0) + timedelta(hours=offset)
        services.start_clock(CaseFactory(assigned_officer=lead), rule=working_days, start=start, by=lead, now=start)

    def close(day: date):
        CalendarDay.objects.create(jurisdiction="HK", date=day, kind="black_rainstorm", name="Rain", source="Test")
        because = {"kind": "day_added", "date": day.isoformat(), "reasons": []}
        with CaptureQueriesContext(connection) as queries:
            done = services.recompute_clocks(
                calendar_code="hk", days=[day], by=lead, now=at(2026, 5, 1), because=because
            )
        return done, len(queries)

    # 45 days from Mon 1 Jun 2026 end on Thu 16 Jul: every other s39 clock ends after it, from a
    # later start, and no day before the end of a period of calendar days counts.
    one, queries_for_one = close(date(2026, 7, 16))
    # Twenty working days from 1 or 2 April run past Thu 16 April: each of them moves a day.
    many, queries_for_many = close(date(2026, 4, 16))

    assert (one.looked_at, one.moved) == (1, 1)
    assert (many.looked_at, many.moved) == (30, 30)
    assert queries_for_many == queries_for_one
