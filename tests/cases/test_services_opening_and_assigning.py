"""``open_case`` and ``assign_case``: who may open a case for whom, who may take or hand over a case,
and the events each writes."""

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import Case, CaseEvent, CaseStatus
from dpa.roles import CASE_OFFICER
from tests.helpers.cases import CLOCK_EVENTS, open_case, own_events
from tests.helpers.factories import CaseFactory, UserFactory, make_user
from tests.helpers.moments import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("tasks_run_in_process")]


# open_case


def test_open_case_records_received_and_assigned_events(lead, officer):
    case = open_case(by=lead, received_on=date(2026, 3, 1), assigned_officer=officer)

    assert case.status == CaseStatus.INTAKE
    assert case.assigned_officer == officer
    assert own_events(case) == [
        (CaseEvent.Kind.RECEIVED, "teamlead", "", "", "Received on Sun 1 Mar 2026."),
        (CaseEvent.Kind.ASSIGNED, "teamlead", "", "", "officer"),
    ]
    received, assigned = case.events.exclude(kind__in=CLOCK_EVENTS)
    assert (received.message, received.text) == ({"code": "received", "on": "2026-03-01"}, "")
    assert (assigned.message, assigned.text) == ({"code": "assigned", "officer": "officer"}, "")
    assert set(case.events.values_list("actor", "at")) == {(lead.pk, NOW)}


def test_open_case_lets_an_officer_take_the_new_case_but_not_hand_it_to_a_colleague(officer, other_officer):
    mine = open_case(by=officer, assigned_officer=officer)
    assert mine.assigned_officer == officer

    with pytest.raises(PermissionDenied):
        open_case(by=officer, assigned_officer=other_officer)
    assert Case.objects.count() == 1


def test_field_history_records_who_made_each_change(lead, officer):
    case = open_case(by=lead)
    services.assign_case(case, officer=officer, by=lead, now=NOW)
    services.move_case(case, to=CaseStatus.SCREENING, by=officer, now=NOW)

    history = list(case.history.order_by("history_id").values_list("history_user__username", "status"))
    assert history == [("teamlead", "intake"), ("teamlead", "intake"), ("officer", "screening")]


def test_open_case_without_an_officer_records_only_receipt_and_its_clocks(lead):
    case = open_case(by=lead)

    assert case.assigned_officer is None
    assert [kind for kind, *_ in own_events(case)] == [CaseEvent.Kind.RECEIVED]


def test_open_case_refuses_a_receipt_date_in_the_future(lead):
    with pytest.raises(ValidationError) as error:
        open_case(by=lead, received_on=date(2026, 3, 3))

    assert set(error.value.message_dict) == {"received_on"}
    assert not Case.objects.exists()


def test_open_case_takes_today_from_hong_kong_not_from_utc(lead):
    # 01:00 on 2 March in Hong Kong is still 1 March in UTC, as timezone.now() gives it.
    early_morning = datetime(2026, 3, 1, 17, 0, tzinfo=UTC)

    case = open_case(by=lead, now=early_morning, received_on=date(2026, 3, 2))

    assert case.received_on == date(2026, 3, 2)


def test_open_case_refuses_a_complaint_without_a_complainant(lead):
    with pytest.raises(ValidationError, match="A complaint needs its complainant"):
        open_case(by=lead, complainant=None)

    assert not Case.objects.exists()
    assert not CaseEvent.objects.exists()


@pytest.mark.parametrize("who", ["inactive officer", "staff without a role"])
def test_open_case_refuses_to_assign_someone_who_is_not_an_active_officer(lead, who):
    user = make_user(CASE_OFFICER, is_active=False) if who == "inactive officer" else UserFactory()

    with pytest.raises(ValidationError, match="not an active case officer"):
        open_case(by=lead, assigned_officer=user)

    assert not Case.objects.exists()


# assign_case


def test_an_officer_may_take_an_unassigned_case(officer, mailoutbox, django_capture_on_commit_callbacks):
    case = CaseFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.assign_case(case, officer=officer, by=officer, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer == officer
    [event] = case.events.all()
    assert (event.kind, event.describe(), event.actor, event.at) == (CaseEvent.Kind.ASSIGNED, "officer", officer, NOW)
    assert callbacks == []  # nobody to tell: they took it themselves
    assert mailoutbox == []


def test_an_officer_may_not_take_a_case_assigned_to_someone_else(officer, other_officer):
    case = CaseFactory(assigned_officer=other_officer)

    with pytest.raises(PermissionDenied):
        services.assign_case(case, officer=officer, by=officer, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer == other_officer
    assert not case.events.exists()


def test_an_officer_may_not_assign_a_case_to_someone_else(officer, other_officer):
    case = CaseFactory()

    with pytest.raises(PermissionDenied):
        services.assign_case(case, officer=other_officer, by=officer, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer is None
    assert not case.events.exists()


def test_a_team_lead_may_reassign_a_case(lead, officer, other_officer):
    case = CaseFactory(assigned_officer=officer)

    services.assign_case(case, officer=other_officer, by=lead, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer == other_officer
    assert own_events(case) == [(CaseEvent.Kind.ASSIGNED, "teamlead", "", "", "officer → officer2")]
    assert case.events.get().message == {"code": "assigned", "officer": "officer2", "previous": "officer"}


def test_a_team_lead_may_take_a_case_from_an_officer(lead, officer):
    case = CaseFactory(assigned_officer=officer)

    services.assign_case(case, officer=lead, by=lead, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer == lead


def test_assigning_the_current_officer_again_records_nothing(lead, officer):
    case = CaseFactory(assigned_officer=officer)

    services.assign_case(case, officer=officer, by=lead, now=NOW)

    assert not case.events.exists()


@pytest.mark.parametrize("who", ["inactive officer", "staff without a role", "non-staff officer"])
def test_a_case_cannot_be_assigned_to_someone_who_is_not_an_active_officer(lead, who):
    user = {
        "inactive officer": lambda: make_user(CASE_OFFICER, is_active=False),
        "staff without a role": lambda: UserFactory(),
        "non-staff officer": lambda: make_user(CASE_OFFICER, is_staff=False),
    }[who]()
    case = CaseFactory()

    with pytest.raises(ValidationError, match="not an active case officer"):
        services.assign_case(case, officer=user, by=lead, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer is None
    assert not case.events.exists()


def test_a_closed_case_cannot_be_assigned(lead, officer):
    case = CaseFactory(status=CaseStatus.CLOSED)

    with pytest.raises(ValidationError, match="reopen it first"):
        services.assign_case(case, officer=officer, by=lead, now=NOW)

    case.refresh_from_db()
    assert case.assigned_officer is None
    assert not case.events.exists()
