"""The clocks a case starts: a complaint's s.39(3) and complainant-update clocks when it is opened,
none for other kinds, and the complainant updates again when it is reopened. Hong Kong's holidays
are on file before any clock starts."""

from datetime import date

import pytest
from django.utils import timezone

from cases import services
from cases.models import CaseEvent, CaseKind, CaseStatus, ClockState
from tests.helpers.clocks import OPENED, S39, S39_NAME, UPDATE, clock_of, open_case_received_on_3_oct_2024
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import at, end_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hk_calendar")]


# opening a case


@pytest.mark.parametrize("kind", [CaseKind.COMPLAINT, CaseKind.DOXXING])
def test_opening_a_complaint_starts_the_s39_3_clock_45_days_from_receipt_run_past_a_sunday(kind, officer):
    case = open_case_received_on_3_oct_2024(kind=kind, by=officer)

    clock = clock_of(case, S39)
    assert clock.state == ClockState.RUNNING
    assert clock.started_at == at(2024, 10, 3)
    assert clock.due_at == end_of(date(2024, 11, 18))
    assert "end on Sun 17 Nov 2024" in clock.explain()
    assert "Sun 17 Nov 2024 is a Sunday" in clock.explain()
    assert clock.explain().endswith("due Mon 18 Nov 2024")


@pytest.mark.parametrize("kind", [CaseKind.COMPLAINT, CaseKind.DOXXING])
def test_opening_a_complaint_starts_the_rolling_complainant_update_clock(kind, officer):
    case = open_case_received_on_3_oct_2024(kind=kind, by=officer)

    clock = clock_of(case, UPDATE)
    assert clock.rule.rolling
    assert clock.state == ClockState.RUNNING
    assert clock.previous is None
    assert clock.due_at == end_of(date(2025, 1, 3))


def test_each_clock_started_on_opening_writes_a_clock_started_event(officer):
    case = open_case_received_on_3_oct_2024(by=officer)

    events = case.events.filter(kind=CaseEvent.Kind.CLOCK_STARTED)
    assert sorted(event.message["rule"]["code"] for event in events) == [UPDATE, S39]
    assert set(events.values_list("actor", "at", "text")) == {(officer.pk, OPENED, "")}
    (s39_event,) = [event for event in events if event.message["rule"]["code"] == S39]
    assert s39_event.message["steps"] == clock_of(case, S39).explanation
    assert s39_event.describe() == f"{S39_NAME}: {clock_of(case, S39).explain()}"
    assert "Sun 17 Nov 2024" in s39_event.describe()


@pytest.mark.parametrize(
    "kind",
    [CaseKind.BREACH_NOTIFICATION, CaseKind.COMPLIANCE_CHECK, CaseKind.INVESTIGATION, CaseKind.INCOMING_REFERRAL],
)
def test_other_kinds_of_case_start_no_clocks(kind, officer):
    case = open_case_received_on_3_oct_2024(kind=kind, by=officer)

    assert not case.clocks.exists()
    assert not case.events.filter(kind=CaseEvent.Kind.CLOCK_STARTED).exists()


# reopening


def test_reopening_a_complaint_restarts_its_complainant_updates(officer, lead):
    case = CaseFactory(kind=CaseKind.COMPLAINT, status=CaseStatus.CLOSED)

    services.reopen_case(case, reason="New evidence", by=lead, now=at(2024, 11, 4))

    running = case.clocks.filter(state=ClockState.RUNNING)
    assert list(running.values_list("rule__code", flat=True)) == ["hk-complainant-update"]
    assert timezone.localtime(running.get().due_at).date() == date(2025, 2, 4)
