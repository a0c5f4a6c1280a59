"""Clocks on cases: started by ``open_case``, paused, resumed, extended, met and stopped only through
the services, each step on the case's timeline; "breached" and "due soon" are derived from ``due_at``."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from cases import services
from cases.models import (
    KINDS_NEEDING_COMPLAINANT,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Channel,
    Clock,
    ClockExtension,
    ClockPause,
    ClockRule,
    ClockState,
    Outcome,
)
from tests.factories import CaseFactory, ComplainantFactory

pytestmark = pytest.mark.django_db

HONG_KONG = ZoneInfo("Asia/Hong_Kong")
RECEIVED = date(2024, 10, 3)  # a Thursday; 45 days later is Sun 17 Nov 2024
OPENED = datetime(2024, 10, 4, 9, 30, tzinfo=HONG_KONG)
# An enquiry letter sent on Mon 2 Mar 2026 asks for a reply within 14 days: by Mon 16 Mar.
ENQUIRY_SENT = datetime(2026, 3, 2, 10, 30, tzinfo=HONG_KONG)

S39 = "hk-pdpo-s39-3"
UPDATE = "hk-complainant-update"
ENQUIRY = "hk-enquiry-reply"
# How the timeline names each rule's clock in English.
S39_NAME = "Tell the complainant of a decision not to investigate"
ENQUIRY_NAME = "Organisation's reply to an enquiry letter"


def _at(*args) -> datetime:
    return datetime(*args, tzinfo=HONG_KONG)


def _end_of(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=HONG_KONG)


@pytest.fixture(autouse=True)
def hk_calendar():
    """Hong Kong's general holidays for 2023-2027, on file before any clock starts."""
    return services.sync_holidays(years=range(2023, 2028), now=_at(2023, 1, 2, 9, 0))


def _open(*, by, kind=CaseKind.COMPLAINT, received_on=RECEIVED, now=OPENED, **kwargs) -> Case:
    if kind in KINDS_NEEDING_COMPLAINANT:
        kwargs.setdefault("complainant", ComplainantFactory())
    kwargs.setdefault("assigned_officer", by)
    return services.open_case(
        kind=kind,
        title="Doorbell camera records the corridor",
        received_on=received_on,
        channel=Channel.ONLINE_FORM,
        by=by,
        now=now,
        **kwargs,
    )


def _clock(case: Case, code: str) -> Clock:
    return case.clocks.get(rule__code=code)


def _events(case: Case, kind: str) -> list[str]:
    """The case's entries of this kind, as an English reader sees them."""
    return [event.describe() for event in case.events.filter(kind=kind)]


def _enquiry_clock(*, by, start=ENQUIRY_SENT) -> Clock:
    case = CaseFactory(received_on=date(2026, 2, 20), assigned_officer=by)
    return services.start_clock(case, rule=ClockRule.objects.get(code=ENQUIRY), start=start, by=by, now=start)


# opening a case


@pytest.mark.parametrize("kind", [CaseKind.COMPLAINT, CaseKind.DOXXING])
def test_opening_a_complaint_starts_the_s39_3_clock_45_days_from_receipt_run_past_a_sunday(kind, officer):
    case = _open(kind=kind, by=officer)

    clock = _clock(case, S39)
    assert clock.state == ClockState.RUNNING
    assert clock.started_at == _at(2024, 10, 3)
    assert clock.due_at == _end_of(date(2024, 11, 18))
    assert "end on Sun 17 Nov 2024" in clock.explain()
    assert "Sun 17 Nov 2024 is a Sunday" in clock.explain()
    assert clock.explain().endswith("due Mon 18 Nov 2024")


@pytest.mark.parametrize("kind", [CaseKind.COMPLAINT, CaseKind.DOXXING])
def test_opening_a_complaint_starts_the_rolling_complainant_update_clock(kind, officer):
    case = _open(kind=kind, by=officer)

    clock = _clock(case, UPDATE)
    assert clock.rule.rolling
    assert clock.state == ClockState.RUNNING
    assert clock.previous is None
    assert clock.due_at == _end_of(date(2025, 1, 3))


def test_each_clock_started_on_opening_writes_a_clock_started_event(officer):
    case = _open(by=officer)

    events = case.events.filter(kind=CaseEvent.Kind.CLOCK_STARTED)
    assert sorted(event.message["rule"]["code"] for event in events) == [UPDATE, S39]
    assert set(events.values_list("actor", "at", "text")) == {(officer.pk, OPENED, "")}
    (s39_event,) = [event for event in events if event.message["rule"]["code"] == S39]
    assert s39_event.message["steps"] == _clock(case, S39).explanation
    assert s39_event.describe() == f"{S39_NAME}: {_clock(case, S39).explain()}"
    assert "Sun 17 Nov 2024" in s39_event.describe()


@pytest.mark.parametrize(
    "kind",
    [CaseKind.BREACH_NOTIFICATION, CaseKind.COMPLIANCE_CHECK, CaseKind.INVESTIGATION, CaseKind.INCOMING_REFERRAL],
)
def test_other_kinds_of_case_start_no_clocks(kind, officer):
    case = _open(kind=kind, by=officer)

    assert not case.clocks.exists()
    assert not case.events.filter(kind=CaseEvent.Kind.CLOCK_STARTED).exists()


# pausing and resuming


def test_a_clock_whose_rule_cannot_pause_refuses_to_pause(officer):
    clock = _clock(_open(by=officer), S39)

    with pytest.raises(ValidationError, match="hk-pdpo-s39-3 clock cannot be paused"):
        services.pause_clock(clock, reason="Waiting for the complainant", by=officer, now=_at(2024, 10, 10, 9, 0))

    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING
    assert clock.due_at == _end_of(date(2024, 11, 18))
    assert not ClockPause.objects.exists()
    assert not clock.case.events.filter(kind=CaseEvent.Kind.CLOCK_PAUSED).exists()


def test_an_enquiry_reply_clock_starts_14_days_out_and_can_pause_leaving_no_due_date(officer):
    clock = _enquiry_clock(by=officer)
    assert clock.due_at == _end_of(date(2026, 3, 16))
    paused_at = _at(2026, 3, 5, 10, 0)

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
    clock = services.pause_clock(_enquiry_clock(by=officer), reason="Waiting", by=officer, now=_at(2026, 3, 5, 10, 0))
    long_after = _at(2026, 12, 1, 9, 0)

    assert not clock.is_breached(long_after)
    assert clock.days_left(long_after.date()) is None
    assert not Clock.objects.breached(long_after).filter(pk=clock.pk).exists()
    assert not Clock.objects.due_within(_at(2026, 3, 14, 9, 0), 7).filter(pk=clock.pk).exists()


def test_pausing_needs_a_reason(officer):
    clock = _enquiry_clock(by=officer)

    with pytest.raises(ValidationError) as error:
        services.pause_clock(clock, reason="  ", by=officer, now=_at(2026, 3, 5, 10, 0))

    assert set(error.value.message_dict) == {"reason"}
    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING


def test_resuming_moves_the_due_date_on_by_at_least_the_paused_days_and_writes_an_event(officer):
    clock = _enquiry_clock(by=officer)
    before = clock.due_at
    paused_at, resumed_at = _at(2026, 3, 5, 10, 0), _at(2026, 3, 12, 16, 0)
    services.pause_clock(clock, reason="Waiting for documents", by=officer, now=paused_at)

    clock = services.resume_clock(clock, by=officer, now=resumed_at)

    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING
    assert clock.paused_at is None
    assert clock.due_at == _end_of(date(2026, 3, 23))
    assert clock.due_at - before >= timedelta(days=(resumed_at.date() - paused_at.date()).days)
    assert clock.pauses.get().resumed_at == resumed_at
    assert "paused for 7 days, which moves it to Mon 23 Mar 2026" in clock.explain()
    assert _events(clock.case, CaseEvent.Kind.CLOCK_RESUMED) == [f"{ENQUIRY_NAME}: due Mon 23 Mar 2026"]


def test_a_due_date_moved_by_a_pause_onto_easter_runs_past_the_holidays(officer):
    clock = _enquiry_clock(by=officer)
    services.pause_clock(clock, reason="Waiting for documents", by=officer, now=_at(2026, 3, 5, 10, 0))

    # 18 days on from Mon 16 Mar is Good Friday, Fri 3 Apr 2026; Sat 4 Apr is the day following
    # Good Friday, then a Sunday, Mon 6 Apr (Ching Ming moved) and Tue 7 Apr (Easter Monday moved).
    clock = services.resume_clock(clock, by=officer, now=_at(2026, 3, 23, 10, 0))

    assert clock.due_at == _end_of(date(2026, 4, 8))
    assert "Fri 3 Apr 2026 is a general holiday (Good Friday)" in clock.explain()


def test_only_a_paused_clock_can_be_resumed(officer):
    clock = _enquiry_clock(by=officer)

    with pytest.raises(ValidationError, match="Only a paused clock"):
        services.resume_clock(clock, by=officer, now=_at(2026, 3, 5, 10, 0))

    assert not clock.case.events.filter(kind=CaseEvent.Kind.CLOCK_RESUMED).exists()


# extensions


def test_an_extension_moves_the_due_date_and_is_recorded(officer, lead):
    clock = _enquiry_clock(by=officer)

    clock = services.extend_clock(clock, days=14, reason="Organisation asked for time", by=lead, now=_at(2026, 3, 13))

    clock.refresh_from_db()
    assert clock.due_at == _end_of(date(2026, 3, 30))
    assert clock.extended_days == 14
    extension = clock.extensions.get()
    assert (extension.days, extension.granted_by, extension.granted_at) == (14, lead, _at(2026, 3, 13))
    assert _events(clock.case, CaseEvent.Kind.CLOCK_EXTENDED) == [
        f"{ENQUIRY_NAME}: extended by 14 days; due Mon 30 Mar 2026\nOrganisation asked for time"
    ]


def test_extensions_may_add_up_to_the_rules_maximum_of_28_days_and_no_further(officer, lead):
    clock = _enquiry_clock(by=officer)
    assert clock.rule.max_extension_days == 28
    services.extend_clock(clock, days=14, reason="First request", by=lead, now=_at(2026, 3, 13))
    clock = services.extend_clock(clock, days=14, reason="Second request", by=lead, now=_at(2026, 3, 27))
    assert clock.due_at == _end_of(date(2026, 4, 13))

    with pytest.raises(ValidationError) as error:
        services.extend_clock(clock, days=1, reason="Third request", by=lead, now=_at(2026, 4, 10))

    assert set(error.value.message_dict) == {"days"}
    assert "at most 28 days" in error.value.message_dict["days"][0]
    assert "28 already granted" in error.value.message_dict["days"][0]
    clock.refresh_from_db()
    assert clock.due_at == _end_of(date(2026, 4, 13))
    assert clock.extensions.count() == 2
    assert len(_events(clock.case, CaseEvent.Kind.CLOCK_EXTENDED)) == 2


def test_a_single_extension_longer_than_the_maximum_is_refused_on_the_days_field(officer, lead):
    clock = _enquiry_clock(by=officer)

    with pytest.raises(ValidationError) as error:
        services.extend_clock(clock, days=29, reason="Organisation asked for time", by=lead, now=_at(2026, 3, 13))

    assert set(error.value.message_dict) == {"days"}
    assert not ClockExtension.objects.exists()
    clock.refresh_from_db()
    assert clock.due_at == _end_of(date(2026, 3, 16))
    assert not clock.case.events.filter(kind=CaseEvent.Kind.CLOCK_EXTENDED).exists()


def test_an_extension_without_a_reason_is_refused(officer, lead):
    clock = _enquiry_clock(by=officer)

    with pytest.raises(ValidationError) as error:
        services.extend_clock(clock, days=7, reason="   ", by=lead, now=_at(2026, 3, 13))

    assert set(error.value.message_dict) == {"reason"}
    assert not ClockExtension.objects.exists()


def test_a_rule_without_extensions_refuses_even_one_day(officer, lead):
    clock = _clock(_open(by=officer), S39)

    with pytest.raises(ValidationError) as error:
        services.extend_clock(clock, days=1, reason="Complex case", by=lead, now=_at(2024, 11, 1))

    assert set(error.value.message_dict) == {"days"}
    assert "at most 0 days" in error.value.message_dict["days"][0]


def test_an_extension_granted_while_paused_counts_when_the_clock_resumes(officer, lead):
    clock = _enquiry_clock(by=officer)
    services.pause_clock(clock, reason="Waiting for documents", by=officer, now=_at(2026, 3, 5, 10, 0))

    clock = services.extend_clock(clock, days=7, reason="Organisation asked for time", by=lead, now=_at(2026, 3, 6))
    assert clock.due_at is None
    assert _events(clock.case, CaseEvent.Kind.CLOCK_EXTENDED) == [
        f"{ENQUIRY_NAME}: extended by 7 days\nOrganisation asked for time"
    ]

    clock = services.resume_clock(clock, by=officer, now=_at(2026, 3, 9, 10, 0))
    # 16 Mar, plus 4 paused days, plus 7 days of extension
    assert clock.due_at == _end_of(date(2026, 3, 27))


# meeting a clock


def test_meeting_a_clock_in_time_marks_it_met(officer):
    clock = _clock(_open(by=officer), S39)
    met_at = _at(2024, 11, 18, 17, 0)

    clock = services.meet_clock(clock, by=officer, now=met_at)

    clock.refresh_from_db()
    assert (clock.state, clock.met_at) == (ClockState.MET, met_at)
    assert not clock.is_breached(_at(2025, 1, 1))
    assert _events(clock.case, CaseEvent.Kind.CLOCK_MET) == [S39_NAME]


def test_meeting_a_clock_after_its_due_date_is_recorded_as_late(officer):
    clock = _clock(_open(by=officer), S39)

    clock = services.meet_clock(clock, by=officer, now=_at(2024, 11, 19, 0, 5))

    assert clock.state == ClockState.MET
    assert clock.met_late and not clock.is_breached(_at(2024, 11, 19, 0, 5))
    assert _events(clock.case, CaseEvent.Kind.CLOCK_MET) == [f"{S39_NAME} (late)"]


def test_meeting_a_rolling_clock_starts_its_next_period_from_the_meeting(officer):
    case = _open(by=officer)
    clock = _clock(case, UPDATE)
    met_at = _at(2025, 1, 2, 10, 0)

    services.meet_clock(clock, by=officer, now=met_at)

    clock.refresh_from_db()
    assert clock.state == ClockState.MET
    following = clock.next
    assert following.rule == clock.rule
    assert following.previous == clock
    assert (following.state, following.started_at) == (ClockState.RUNNING, met_at)
    assert following.due_at == _end_of(date(2025, 4, 2))
    assert list(case.events.filter(at=met_at).values_list("kind", flat=True)) == [
        CaseEvent.Kind.CLOCK_MET,
        CaseEvent.Kind.CLOCK_STARTED,
    ]


def test_meeting_a_clock_that_does_not_roll_starts_nothing_after_it(officer):
    case = _open(by=officer)
    clock = _clock(case, S39)

    services.meet_clock(clock, by=officer, now=_at(2024, 11, 1, 10, 0))

    assert case.clocks.count() == 2
    assert not Clock.objects.filter(previous=clock).exists()
    assert len(_events(case, CaseEvent.Kind.CLOCK_STARTED)) == 2


def test_only_a_running_clock_can_be_met(officer):
    clock = services.pause_clock(_enquiry_clock(by=officer), reason="Waiting", by=officer, now=_at(2026, 3, 5))

    with pytest.raises(ValidationError, match="Only a running clock"):
        services.meet_clock(clock, by=officer, now=_at(2026, 3, 6))

    assert not clock.case.events.filter(kind=CaseEvent.Kind.CLOCK_MET).exists()


# closing a case


def test_closing_a_case_stops_its_open_clocks_so_they_never_show_as_breached(officer):
    # Decided not to pursue; the clocks are started by hand so that every one is still open.
    case = CaseFactory(status=CaseStatus.NOT_PURSUED, received_on=RECEIVED, assigned_officer=officer)
    started = _at(2024, 10, 3)
    for code in (S39, UPDATE, ENQUIRY):
        rule = ClockRule.objects.get(code=code)
        services.start_clock(case, rule=rule, start=started, by=officer, now=started)
    services.pause_clock(_clock(case, ENQUIRY), reason="Waiting for documents", by=officer, now=_at(2024, 10, 8))

    services.close_case(
        case, outcome=Outcome.NOT_PURSUED, reason="Outside our remit", by=officer, now=_at(2024, 10, 11)
    )

    clocks = list(case.clocks.all())
    assert len(clocks) == 3
    assert {clock.state for clock in clocks} == {ClockState.STOPPED}
    assert {clock.paused_at for clock in clocks} == {None}
    long_after = _at(2026, 1, 1)
    assert not Clock.objects.breached(long_after).exists()
    assert not Clock.objects.open().filter(case=case).exists()
    assert not any(clock.is_breached(long_after) for clock in clocks)
    assert {clock.days_left(long_after.date()) for clock in clocks} == {None}
    assert not Clock.objects.due_within(_at(2024, 11, 12), 7).exists()


# breached and due soon


def test_a_clock_is_breached_only_once_its_due_moment_has_passed(officer):
    clock = _clock(_open(by=officer), S39)
    due = _end_of(date(2024, 11, 18))

    assert not clock.is_breached(due)
    assert not Clock.objects.breached(due).exists()
    just_after = due + timedelta(microseconds=1)
    assert clock.is_breached(just_after)
    assert list(Clock.objects.breached(just_after)) == [clock]


def test_due_within_lists_running_clocks_due_in_the_coming_days(officer):
    case = _open(by=officer)
    s39 = _clock(case, S39)

    assert list(Clock.objects.due_within(_at(2024, 11, 12, 9, 0), 7)) == [s39]
    assert not Clock.objects.due_within(_at(2024, 11, 10, 9, 0), 7).exists()  # 8 days and a bit
    assert list(Clock.objects.due_within(_at(2024, 12, 28, 9, 0), 7)) == [_clock(case, UPDATE)]
    assert not Clock.objects.due_within(_at(2024, 11, 19, 0, 0), 7).filter(pk=s39.pk).exists()


def test_days_left_counts_calendar_days_to_the_due_date(officer):
    clock = _clock(_open(by=officer), S39)

    assert clock.days_left(date(2024, 11, 11)) == 7
    assert clock.days_left(date(2024, 11, 18)) == 0
    assert clock.days_left(date(2024, 11, 20)) == -2


# breach notifications


@pytest.mark.parametrize(
    ("delay", "within"),
    [(timedelta(hours=72), True), (timedelta(hours=72, seconds=1), False), (timedelta(hours=1), True)],
)
def test_a_breach_notification_records_when_it_was_noticed_and_notified(delay, within, officer):
    aware = _at(2026, 2, 26, 15, 0)

    case = _open(
        kind=CaseKind.BREACH_NOTIFICATION,
        received_on=date(2026, 3, 1),
        now=_at(2026, 3, 2, 10, 30),
        by=officer,
        breach_aware_at=aware,
        breach_notified_at=aware + delay,
    )

    case.refresh_from_db()
    assert (case.breach_aware_at, case.breach_notified_at) == (aware, aware + delay)
    assert case.breach_notification_delay == delay
    assert case.breach_notified_within_72_hours is within


def test_a_breach_notification_without_both_times_has_no_72_hour_verdict(officer):
    case = _open(
        kind=CaseKind.BREACH_NOTIFICATION,
        received_on=date(2026, 3, 1),
        now=_at(2026, 3, 2),
        by=officer,
        breach_aware_at=_at(2026, 2, 26, 15, 0),
    )

    assert case.breach_notified_within_72_hours is None


def test_opening_a_complaint_with_breach_times_is_refused_and_creates_nothing(officer):
    with pytest.raises(ValidationError, match="Only a data breach notification records when a breach was noticed"):
        _open(by=officer, breach_aware_at=_at(2024, 10, 1, 9, 0))

    assert not Case.objects.exists()
    assert not Clock.objects.exists()


def test_the_database_refuses_breach_times_on_a_case_that_is_not_a_breach_notification():
    case = CaseFactory(kind=CaseKind.COMPLAINT)

    with pytest.raises(IntegrityError, match="case_breach_times_only_on_breach_notifications"), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(breach_aware_at=_at(2026, 2, 26, 15, 0))


def test_the_database_refuses_a_notification_before_the_organisation_knew():
    case = CaseFactory(kind=CaseKind.BREACH_NOTIFICATION)

    with pytest.raises(IntegrityError, match="case_breach_notified_after_aware"), transaction.atomic():
        Case.objects.filter(pk=case.pk).update(
            breach_aware_at=_at(2026, 2, 26, 15, 0), breach_notified_at=_at(2026, 2, 26, 14, 59)
        )


def test_an_overdue_clock_cannot_be_paused_to_hide_the_breach(officer):
    case = CaseFactory(assigned_officer=officer)
    rule = ClockRule.objects.get(code="hk-enquiry-reply")
    clock = services.start_clock(case, rule=rule, start=_at(2024, 11, 1), by=officer, now=_at(2024, 11, 1))

    with pytest.raises(ValidationError, match="past its due date"):
        services.pause_clock(clock, reason="Waiting", by=officer, now=_at(2024, 12, 1))

    clock.refresh_from_db()
    assert clock.state == ClockState.RUNNING


def test_a_clock_cannot_resume_before_it_was_paused(officer):
    case = CaseFactory(assigned_officer=officer)
    rule = ClockRule.objects.get(code="hk-enquiry-reply")
    clock = services.start_clock(case, rule=rule, start=_at(2024, 11, 1), by=officer, now=_at(2024, 11, 1))
    services.pause_clock(clock, reason="Waiting", by=officer, now=_at(2024, 11, 5))

    with pytest.raises(ValidationError, match="before it was paused"):
        services.resume_clock(clock, by=officer, now=_at(2024, 11, 4))


def test_reopening_a_complaint_restarts_its_complainant_updates(officer, lead):
    case = CaseFactory(kind=CaseKind.COMPLAINT, status=CaseStatus.CLOSED)

    services.reopen_case(case, reason="New evidence", by=lead, now=_at(2024, 11, 4))

    running = case.clocks.filter(state=ClockState.RUNNING)
    assert list(running.values_list("rule__code", flat=True)) == ["hk-complainant-update"]
    assert timezone.localtime(running.get().due_at).date() == date(2025, 2, 4)
