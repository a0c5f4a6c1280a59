"""Taking a case from the case page or the list, and adding one: through the services, assigned as
the role allows, with the events recorded and refusals shown."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from cases.models import Case, CaseKind
from tests.helpers.cases import case_state, own_events
from tests.helpers.factories import CaseFactory, ComplainantFactory, OrganisationFactory
from tests.helpers.html_forms import read_form
from tests.helpers.pages import case_page, messages_of

pytestmark = pytest.mark.django_db


# --- taking a case -----------------------------------------------------------------------------------


def test_officer_takes_an_unassigned_case(client, officer):
    case = CaseFactory()
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/assign-to-me/")

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assigned_officer == officer
    assert own_events(case) == [("assigned", "officer", "", "", "officer")]
    assert messages_of(response) == [f"{case.reference} is now assigned to you."]


def test_officer_cannot_take_a_case_assigned_to_someone_else(client, officer, other_officer):
    case = CaseFactory(assigned_officer=other_officer)
    before = case_state(case)
    client.force_login(officer)

    page = client.get(case_page(case)).content.decode()
    response = client.post(f"/admin/cases/case/{case.pk}/assign-to-me/")

    assert "Assign to me" not in page
    assert response.status_code == 403
    assert case_state(case) == before


def test_assign_to_me_only_answers_post(client, officer):
    case = CaseFactory()
    client.force_login(officer)

    assert client.get(f"/admin/cases/case/{case.pk}/assign-to-me/").status_code == 405
    case.refresh_from_db()
    assert case.assigned_officer is None


def test_assign_to_me_action_takes_the_free_cases_and_reports_the_others(client, officer, other_officer):
    free = CaseFactory()
    taken = CaseFactory(assigned_officer=other_officer)
    before = case_state(taken)
    client.force_login(officer)

    response = client.post(
        "/admin/cases/case/", {"action": "assign_to_me", "_selected_action": [free.pk, taken.pk], "index": 0}
    )

    assert response.status_code == 302
    free.refresh_from_db()
    assert free.assigned_officer == officer
    assert own_events(free) == [("assigned", "officer", "", "", "officer")]
    assert case_state(taken) == before
    assert messages_of(response) == [
        f"Assigned to you: {free.reference}.",
        f"{taken.reference}: Only a team lead can assign a case to someone else or take it from them.",
    ]


def test_team_lead_takes_a_case_from_an_officer_with_the_action(client, lead, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(lead)

    client.post("/admin/cases/case/", {"action": "assign_to_me", "_selected_action": [case.pk], "index": 0})

    case.refresh_from_db()
    assert case.assigned_officer == lead
    assert own_events(case) == [("assigned", "teamlead", "", "", "officer → teamlead")]


@pytest.mark.parametrize("junk", ["abc", str(2**63), "\x00", "-1"])
def test_an_id_no_case_could_have_in_the_action_is_left_out_and_the_others_taken(client, officer, junk):
    free = CaseFactory()
    client.force_login(officer)

    response = client.post(
        "/admin/cases/case/", {"action": "assign_to_me", "_selected_action": [junk, free.pk], "index": 0}
    )

    assert response.status_code == 302
    free.refresh_from_db()
    assert free.assigned_officer == officer


# --- adding a case -----------------------------------------------------------------------------------


def test_an_officer_adding_a_complaint_lands_on_it_assigned_to_them_with_a_reference(client, officer):
    complainant = ComplainantFactory()
    organisation = OrganisationFactory()
    today = timezone.localdate()
    client.force_login(officer)
    data, _files = read_form(client, "/admin/cases/case/add/")
    assert "status" not in data
    assert not any(name.endswith("-TOTAL_FORMS") for name in data), "a new case has no timeline or documents yet"
    data.update(
        kind=CaseKind.COMPLAINT,
        complainant=complainant.pk,
        title="Tenant's HKID card copied by the estate office",
        channel="email",
        received_on=today.isoformat(),
        organisation=organisation.pk,
    )

    response = client.post("/admin/cases/case/add/", data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    case = Case.objects.get()
    assert response["Location"] == case_page(case)
    assert case.reference == f"CMP-{today.year}-00001"
    assert (case.status, case.complainant, case.organisation) == ("intake", complainant, organisation)
    assert case.assigned_officer == officer
    assert own_events(case) == [
        ("received", "officer", "", "", f"Received on {date_format(today, 'DATE_FORMAT')}."),
        ("assigned", "officer", "", "", "officer"),
    ]


def test_team_lead_adding_a_case_can_assign_it_and_the_assignment_is_recorded(client, lead, officer):
    today = timezone.localdate()
    client.force_login(lead)
    data, _files = read_form(client, "/admin/cases/case/add/")
    data.update(
        kind=CaseKind.BREACH_NOTIFICATION,
        title="Ransomware at a logistics company",
        channel="online",
        received_on=today.isoformat(),
        assigned_officer=officer.pk,
    )

    response = client.post("/admin/cases/case/add/", data)

    assert response.status_code == 302
    case = Case.objects.get()
    assert (case.reference, case.assigned_officer) == (f"DBN-{today.year}-00001", officer)
    assert [(kind, actor) for kind, actor, *_ in own_events(case)] == [
        ("received", "teamlead"),
        ("assigned", "teamlead"),
    ]


def test_officer_add_form_offers_no_choice_of_officer(client, officer):
    client.force_login(officer)

    data, _files = read_form(client, "/admin/cases/case/add/")

    assert "assigned_officer" not in data


def test_adding_a_case_received_in_the_future_is_refused(client, officer):
    client.force_login(officer)
    data, _files = read_form(client, "/admin/cases/case/add/")
    data.update(
        kind=CaseKind.COMPLIANCE_CHECK,
        title="Compliance check of a retailer's loyalty scheme",
        channel="self",
        received_on=(timezone.localdate() + timedelta(days=1)).isoformat(),
    )

    response = client.post("/admin/cases/case/add/", data)

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {"received_on": ["A case cannot be received in the future."]}
    assert not Case.objects.exists()
