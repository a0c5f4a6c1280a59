"""The case page's status buttons, closing and reopening change a case only through the services:
the moves the workflow allows are offered and recorded, anything else is refused and changes nothing."""

import pytest

from cases.models import CaseStatus, Outcome
from tests.helpers.cases import case_state, own_events
from tests.helpers.factories import CaseFactory
from tests.helpers.pages import case_page, messages_of

pytestmark = pytest.mark.django_db


# --- status buttons ---------------------------------------------------------------------------------


def test_change_page_offers_only_the_moves_the_workflow_allows(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    content = client.get(case_page(case)).content.decode()

    assert f"/admin/cases/case/{case.pk}/move/screening/" in content
    assert f"/admin/cases/case/{case.pk}/move/result/" not in content
    assert f"/admin/cases/case/{case.pk}/close/" not in content


def test_moving_an_intake_complaint_to_screening_changes_its_status_and_records_an_event(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/move/screening/", {"reason": ""})

    assert response.status_code == 302
    assert response["Location"] == case_page(case)
    case.refresh_from_db()
    assert case.status == CaseStatus.SCREENING
    assert own_events(case) == [("status_changed", "officer", "intake", "screening", "")]
    assert messages_of(response) == [f"{case.reference}: done."]


def test_a_move_the_workflow_does_not_allow_is_refused_with_a_clear_error_and_changes_nothing(client, officer):
    case = CaseFactory(assigned_officer=officer)
    before = case_state(case)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/move/result/", {"reason": "Nothing to find."})

    assert response.status_code == 200
    errors = response.context["form"].non_field_errors()
    assert errors == ["A complaint cannot move from “Intake” to “Result issued”."]
    assert errors[0] in response.content.decode()
    assert case_state(case) == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_deciding_not_to_pursue_without_a_reason_asks_for_one_and_changes_nothing(client, officer, reason):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.SCREENING)
    before = case_state(case)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/move/not_pursued/", {"reason": reason})

    assert response.status_code == 200
    assert response.context["form"].errors == {"reason": ["This field is required."]}
    assert 'class="form-row errors"' in response.content.decode()
    assert case_state(case) == before


def test_deciding_not_to_pursue_with_a_reason_records_it(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.SCREENING)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/move/not_pursued/", {"reason": "Outside our remit."})

    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.NOT_PURSUED
    assert own_events(case) == [("status_changed", "officer", "screening", "not_pursued", "Outside our remit.")]


@pytest.mark.parametrize("status", ["closed", "nonsense"])
def test_move_to_closed_or_an_unknown_status_is_not_found(client, officer, status):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.RESULT)
    before = case_state(case)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/move/{status}/", {"reason": "Done."})

    assert response.status_code == 404
    assert case_state(case) == before


# --- closing and reopening ---------------------------------------------------------------------------


def test_closing_without_outcome_and_reason_asks_for_both_and_changes_nothing(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.RESULT)
    before = case_state(case)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/close/", {"outcome": "", "reason": ""})

    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"outcome", "reason"}
    assert case_state(case) == before


def test_closing_with_outcome_and_reason_closes_the_case_and_records_an_event(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.RESULT)
    client.force_login(officer)

    response = client.post(
        f"/admin/cases/case/{case.pk}/close/", {"outcome": Outcome.CONTRAVENTION, "reason": "Result accepted."}
    )

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closing_reason) == ("closed", "contravention", "Result accepted.")
    assert case.closed_at is not None
    assert own_events(case) == [("closed", "officer", "result", "closed", "Result accepted.")]


def test_closing_a_case_the_workflow_cannot_close_yet_is_refused(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.INVESTIGATION)
    before = case_state(case)
    client.force_login(officer)

    response = client.post(
        f"/admin/cases/case/{case.pk}/close/", {"outcome": Outcome.WITHDRAWN, "reason": "Withdrawn."}
    )

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["A case in “Investigation” cannot be closed yet."]
    assert case_state(case) == before


def test_team_lead_reopens_a_closed_case_with_a_reason(client, lead, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    client.force_login(lead)

    response = client.post(f"/admin/cases/case/{case.pk}/reopen/", {"reason": "New evidence from the complainant."})

    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome, case.closing_reason, case.closed_at) == ("screening", "", "", None)
    assert own_events(case) == [("reopened", "teamlead", "closed", "screening", "New evidence from the complainant.")]


def test_team_lead_reopening_without_a_reason_is_asked_for_one(client, lead):
    case = CaseFactory(status=CaseStatus.CLOSED)
    before = case_state(case)
    client.force_login(lead)

    response = client.post(f"/admin/cases/case/{case.pk}/reopen/", {"reason": " "})

    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert case_state(case) == before


def test_officer_cannot_reopen_a_closed_case(client, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    before = case_state(case)
    client.force_login(officer)

    response = client.post(f"/admin/cases/case/{case.pk}/reopen/", {"reason": "I changed my mind."})

    assert response.status_code == 403
    assert case_state(case) == before


def test_only_a_team_lead_is_offered_the_reopen_button(client, lead, officer):
    case = CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    reopen = f"/admin/cases/case/{case.pk}/reopen/"

    client.force_login(lead)
    assert reopen in client.get(case_page(case)).content.decode()
    client.force_login(officer)
    assert reopen not in client.get(case_page(case)).content.decode()
