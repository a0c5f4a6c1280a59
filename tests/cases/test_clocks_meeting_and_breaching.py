"""Meeting a clock, in time or late, and what follows; closing a case stops its clocks; "breached",
"due soon" and the days left are derived from ``due_at``."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import CaseEvent, CaseStatus, Clock, ClockState, Outcome
from tests.helpers.clocks import (
    ENQUIRY,
    RECEIVED,
    S39,
    S39_NAME,
    UPDATE,
    clock_of,
    enquiry_clock,
    entries,
    open_case_received_on_3_oct_2024,
    start_clock,
)
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import at, end_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hk_calendar")]


# meeting a clock


def test_meeting_a_clock_in_time_marks_it_met(officer):
    clock = clock_of(open_case_received_on_3_oct_2024(by=officer), S39)
    met_at = at(2024, 11, 18, 17, 0)

    clock = services.meet_clock(clock, by=officer, now=met_at)

    clock.refresh_from_db()
    assert (clock.state, clock.met_at) == (ClockState.MET, met_at)
    assert not clock.is_breached(at(2025, 1, 1))
    assert entries(clock.case, CaseEvent.Kind.CLOCK_MET) == [S39_NAME]


def test_meeting_a_clock_after_its_due_date_is_recorded_as_late(officer):
    clock = clock_of(open_case_received_on_3_oct_2024(by=officer), S39)

    clock = services.meet_clock(clock, by=officer, now=at(2024, 11, 19, 0, 5))

    assert clock.state == ClockState.MET
    assert clock.met_late and not clock.is_breached(at(2024, 11, 19, 0, 5))
    assert entries(clock.case, CaseEvent.Kind.CLOCK_MET) == [f"{S39_NAME} (late)"]


def test_meeting_a_rolling_clock_starts_its_next_period_from_the_meeting(officer):
    case = open_case_received_on_3_oct_2024(by=officer)
    clock = clock_of(case, UPDATE)
    met_at = at(2025, 1, 2, 10, 0)

    services.meet_clock(clock, by=officer, now=met_at)

    clock.refresh_from_db()
    assert clock.state == ClockState.MET
    following = clock.next
    assert following.rule == clock.rule
    assert following.previous == clock
    assert (following.state, following.started_at) == (ClockState.RUNNING, met_at)
    assert following.due_at == end_of(date(2025, 4, 2))
    assert list(case.events.filter(at=met_at).values_list("kind", flat=True)) == [
        CaseEvent.Kind.CLOCK_MET,
        CaseEvent.Kind.CLOCK_STARTED,
    ]


def test_meeting_a_clock_that_does_not_roll_starts_nothing_after_it(officer):
    case = open_case_received_on_3_oct_2024(by=officer)
    clock = clock_of(case, S39)

    services.meet_clock(clock, by=officer, now=at(2024, 11, 1, 10, 0))

    assert case.clocks.count() == 2
    assert not Clock.objects.filter(previous=clock).exists()
    assert len(entries(case, CaseEvent.Kind.CLOCK_STARTED)) == 2


def test_only_a_running_clock_can_be_met(officer):
    clock = services.pause_clock(enquiry_clock(by=officer), reason="Waiting", by=officer, now=at(2026, 3, 5))

    with pytest.raises(ValidationError, match="Only a running clock"):
        services.meet_clock(clock, by=officer, now=at(2026, 3, 6))

    assert not clock.case.events.filter(kind=CaseEvent.Kind.CLOCK_MET).exists()


# closing a case


def test_closing_a_case_stops_its_open_clocks_so_they_never_show_as_breached(officer):
    # A result issued; the clocks are started by hand so that every one is still open.
    case = CaseFactory(status=CaseStatus.RESULT, received_on=RECEIVED, assigned_officer=officer)
    started = at(2024, 10, 3)
    for code in (S39, UPDATE, ENQUIRY):
        start_clock(case, code, start=started, by=officer)
    services.pause_clock(clock_of(case, ENQUIRY), reason="Waiting for documents", by=officer, now=at(2024, 10, 8))

    services.close_case(case, outcome=Outcome.NOT_PURSUED, reason="Outside our remit", by=officer, now=at(2024, 10, 11))

    clocks = list(case.clocks.all())
    assert len(clocks) == 3
    assert {clock.state for clock in clocks} == {ClockState.STOPPED}
    assert {clock.paused_at for clock in clocks} == {None}
    long_after = at(2026, 1, 1)
    assert not Clock.objects.breached(long_after).exists()
    assert not Clock.objects.open().filter(case=case).exists()
    assert not any(clock.is_breached(long_after) for clock in clocks)
    assert {clock.days_left(long_after.date()) for clock in clocks} == {None}
    assert not Clock.objects.due_within(at(2024, 11, 12), 7).exists()


# breached and due soon


def test_a_clock_is_breached_only_once_its_due_moment_has_passed(officer):
    clock = clock_of(open_case_received_on_3_oct_2024(by=officer), S39)
    due = end_of(date(2024, 11, 18))

    assert not clock.is_breached(due)
    assert not Clock.objects.breached(due).exists()
    just_after = due + timedelta(microseconds=1)
    assert clock.is_breached(just_after)
    assert list(Clock.objects.breached(just_after)) == [clock]


def test_due_within_lists_running_clocks_due_in_the_coming_days(officer):
    case = open_case_received_on_3_oct_2024(by=officer)
    s39 = clock_of(case, S39)

    assert list(Clock.objects.due_within(at(2024, 11, 12, 9, 0), 7)) == [s39]
    assert not Clock.objects.due_within(at(2024, 11, 10, 9, 0), 7).exists()  # 8 days and a bit
    assert list(Clock.objects.due_within(at(2024, 12, 28, 9, 0), 7)) == [clock_of(case, UPDATE)]
    assert not Clock.objects.due_within(at(2024, 11, 19, 0, 0), 7).filter(pk=s39.pk).exists()


def test_days_left_counts_calendar_days_to_the_due_date(officer):
    clock = clock_of(open_case_received_on_3_oct_2024(by=officer), S39)

    assert clock.days_left(date(2024, 11, 11)) == 7
    assert clock.days_left(date(2024, 11, 18)) == 0
    assert clock.days_left(date(2024, 11, 20)) == -2
