"""Pausing, resuming and extending a clock, only through the services and only as its rule allows,
each step on the case's timeline and in the explanation of its due date."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError

from cases import services
from cases.models import CaseEvent, Clock, ClockExtension, ClockPause, ClockState
from tests.helpers.clocks import (
    ENQUIRY,
    ENQUIRY_NAME,
    S39,
    clock_of,
    enquiry_clock,
    entries,
    open_case_received_on_3_oct_2024,
    start_clock,
)
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import at, end_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hk_calendar")]


# pausing and resuming


def test_a_clock_whose_rule_cannot_pause_refuses_to_pause(officer):
    clock = clock_of(open_case_received_on_3_oct_2024(by=officer), S39)

    with pytest.raises(ValidationError, match="hk-pdpo-s39-3 clock cannot be paused"):
        services.pause_clock(clock, reason="Waiting for the complainant", by=officer, now=at(2024, 10, 10, 9, 0))

    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING
    assert clock.due_at == end_of(date(2024, 11, 18))
    assert not ClockPause.objects.exists()
    assert not clock.case.events.filter(kind=CaseEvent.Kind.CLOCK_PAUSED).exists()


def test_an_enquiry_reply_clock_starts_14_days_out_and_can_pause_leaving_no_due_date(officer):
    clock = enquiry_clock(by=officer)
    assert clock.due_at == end_of(date(2026, 3, 16))
    paused_at = at(2026, 3, 5, 10, 0)

    clock = services.pause_clock(clock, reason=" Waiting for the complainant's documents ", by=officer, now=paused_at)

    clock.refresh_from_db()
    assert clock.state == ClockState.PAUSED
    assert clock.paused_at == paused_at
    assert clock.due_at is None
    pause = clock.pauses.get()
    assert (pause.paused_at, pause.resumed_at, pause.reason) == (
        paused_at,
        None,
        "Waiting for the complainant's documents",
    )
    (event,) = clock.case.events.filter(kind=CaseEvent.Kind.CLOCK_PAUSED)
    assert (event.message["rule"]["code"], event.text) == (ENQUIRY, "Waiting for the complainant's documents")
    assert event.describe() == f"{ENQUIRY_NAME}\nWaiting for the complainant's documents"


def test_a_paused_clock_is_neither_breached_nor_due_soon(officer):
    clock = services.pause_clock(enquiry_clock(by=officer), reason="Waiting", by=officer, now=at(2026, 3, 5, 10, 0))
    long_after = at(2026, 12, 1, 9, 0)

    assert not clock.is_breached(long_after)
    assert clock.days_left(long_after.date()) is None
    assert not Clock.objects.breached(long_after).filter(pk=clock.pk).exists()
    assert not Clock.objects.due_within(at(2026, 3, 14, 9, 0), 7).filter(pk=clock.pk).exists()


def test_pausing_needs_a_reason(officer):
    clock = enquiry_clock(by=officer)

    with pytest.raises(ValidationError) as error:
        services.pause_clock(clock, reason="  ", by=officer, now=at(2026, 3, 5, 10, 0))

    assert set(error.value.message_dict) == {"reason"}
    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING


def test_resuming_moves_the_due_date_on_by_at_least_the_paused_days_and_writes_an_event(officer):
    clock = enquiry_clock(by=officer)
    before = clock.due_at
    paused_at, resumed_at = at(2026, 3, 5, 10, 0), at(2026, 3, 12, 16, 0)
    services.pause_clock(clock, reason="Waiting for documents", by=officer, now=paused_at)

    clock = services.resume_clock(clock, by=officer, now=resumed_at)

    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING
    assert clock.paused_at is None
    assert clock.due_at == end_of(date(2026, 3, 23))
    assert clock.due_at - before >= timedelta(days=(resumed_at.date() - paused_at.date()).days)
    assert clock.pauses.get().resumed_at == resumed_at
    assert "paused for 7 days, which moves it to Mon 23 Mar 2026" in clock.explain()
    assert entries(clock.case, CaseEvent.Kind.CLOCK_RESUMED) == [f"{ENQUIRY_NAME}: due Mon 23 Mar 2026"]


def test_a_due_date_moved_by_a_pause_onto_easter_runs_past_the_holidays(officer):
    clock = enquiry_clock(by=officer)
    services.pause_clock(clock, reason="Waiting for documents", by=officer, now=at(2026, 3, 5, 10, 0))

    # 18 days on from Mon 16 Mar is Good Friday, Fri 3 Apr 2026; Sat 4 Apr is the day following
    # Good Friday, then a Sunday, Mon 6 Apr (Ching Ming moved) and Tue 7 Apr (Easter Monday moved).
    clock = services.resume_clock(clock, by=officer, now=at(2026, 3, 23, 10, 0))

    assert clock.due_at == end_of(date(2026, 4, 8))
    assert "Fri 3 Apr 2026 is a general holiday (Good Friday)" in clock.explain()


def test_only_a_paused_clock_can_be_resumed(officer):
    clock = enquiry_clock(by=officer)

    with pytest.raises(ValidationError, match="Only a paused clock"):
        services.resume_clock(clock, by=officer, now=at(2026, 3, 5, 10, 0))

    assert not clock.case.events.filter(kind=CaseEvent.Kind.CLOCK_RESUMED).exists()


# extensions


def test_an_extension_moves_the_due_date_and_is_recorded(officer, lead):
    clock = enquiry_clock(by=officer)

    clock = services.extend_clock(clock, days=14, reason="Organisation asked for time", by=lead, now=at(2026, 3, 13))

    clock.refresh_from_db()
    assert clock.due_at == end_of(date(2026, 3, 30))
    assert clock.extended_days == 14
    extension = clock.extensions.get()
    assert (extension.days, extension.granted_by, extension.granted_at) == (14, lead, at(2026, 3, 13))
    assert entries(clock.case, CaseEvent.Kind.CLOCK_EXTENDED) == [
        f"{ENQUIRY_NAME}: extended by 14 days; due Mon 30 Mar 2026\nOrganisation asked for time"
    ]


def test_extensions_may_add_up_to_the_rules_maximum_of_28_days_and_no_further(officer, lead):
    clock = enquiry_clock(by=officer)
    assert clock.rule.max_extension_days == 28
    services.extend_clock(clock, days=14, reason="First request", by=lead, now=at(2026, 3, 13))
    clock = services.extend_clock(clock, days=14, reason="Second request", by=lead, now=at(2026, 3, 27))
    assert clock.due_at == end_of(date(2026, 4, 13))

    with pytest.raises(ValidationError) as error:
        services.extend_clock(clock, days=1, reason="Third request", by=lead, now=at(2026, 4, 10))

    assert set(error.value.message_dict) == {"days"}
    assert "at most 28 days" in error.value.message_dict["days"][0]
    assert "28 already granted" in error.value.message_dict["days"][0]
    clock.refresh_from_db()
    assert clock.due_at == end_of(date(2026, 4, 13))
    assert clock.extensions.count() == 2
    assert len(entries(clock.case, CaseEvent.Kind.CLOCK_EXTENDED)) == 2


def test_a_single_extension_longer_than_the_maximum_is_refused_on_the_days_field(officer, lead):
    clock = enquiry_clock(by=officer)

    with pytest.raises(ValidationError) as error:
        services.extend_clock(clock, days=29, reason="Organisation asked for time", by=lead, now=at(2026, 3, 13))

    assert set(error.value.message_dict) == {"days"}
    assert not ClockExtension.objects.exists()
    clock.refresh_from_db()
    assert clock.due_at == end_of(date(2026, 3, 16))
    assert not clock.case.events.filter(kind=CaseEvent.Kind.CLOCK_EXTENDED).exists()


def test_an_extension_without_a_reason_is_refused(officer, lead):
    clock = enquiry_clock(by=officer)

    with pytest.raises(ValidationError) as error:
        services.extend_clock(clock, days=7, reason="   ", by=lead, now=at(2026, 3, 13))

    assert set(error.value.message_dict) == {"reason"}
    assert not ClockExtension.objects.exists()


def test_a_rule_without_extensions_refuses_even_one_day(officer, lead):
    clock = clock_of(open_case_received_on_3_oct_2024(by=officer), S39)

    with pytest.raises(ValidationError) as error:
        services.extend_clock(clock, days=1, reason="Complex case", by=lead, now=at(2024, 11, 1))

    assert set(error.value.message_dict) == {"days"}
    assert "at most 0 days" in error.value.message_dict["days"][0]


def test_an_extension_granted_while_paused_counts_when_the_clock_resumes(officer, lead):
    clock = enquiry_clock(by=officer)
    services.pause_clock(clock, reason="Waiting for documents", by=officer, now=at(2026, 3, 5, 10, 0))

    clock = services.extend_clock(clock, days=7, reason="Organisation asked for time", by=lead, now=at(2026, 3, 6))
    assert clock.due_at is None
    assert entries(clock.case, CaseEvent.Kind.CLOCK_EXTENDED) == [
        f"{ENQUIRY_NAME}: extended by 7 days\nOrganisation asked for time"
    ]

    clock = services.resume_clock(clock, by=officer, now=at(2026, 3, 9, 10, 0))
    # 16 Mar, plus 4 paused days, plus 7 days of extension
    assert clock.due_at == end_of(date(2026, 3, 27))


def test_an_overdue_clock_cannot_be_paused_to_hide_the_breach(officer):
    case = CaseFactory(assigned_officer=officer)
    clock = start_clock(case, ENQUIRY, start=at(2024, 11, 1), by=officer)

    with pytest.raises(ValidationError, match="past its due date"):
        services.pause_clock(clock, reason="Waiting", by=officer, now=at(2024, 12, 1))

    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING


def test_a_clock_cannot_resume_before_it_was_paused(officer):
    case = CaseFactory(assigned_officer=officer)
    clock = start_clock(case, ENQUIRY, start=at(2024, 11, 1), by=officer)
    services.pause_clock(clock, reason="Waiting", by=officer, now=at(2024, 11, 5))

    with pytest.raises(ValidationError, match="before it was paused"):
        services.resume_clock(clock, by=officer, now=at(2024, 11, 4))
