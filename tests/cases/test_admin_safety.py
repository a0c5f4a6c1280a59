"""Ways into a case that bypass its services or its visibility, each shut."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services
from cases.models import (
    AccessContext,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    ClockRule,
    Confidentiality,
    IdentityAccess,
)
from dpa.roles import CASE_OFFICER
from tests.helpers.cases import open_case
from tests.helpers.factories import CaseFactory, ComplainantFactory, OrganisationFactory, make_user
from tests.helpers.pages import case_change_form, case_page

pytestmark = pytest.mark.django_db


def test_posting_an_old_version_from_the_history_page_changes_nothing(client, auditor):
    case = CaseFactory(title="Original title")
    case.title = "Changed later"
    case.save()
    version = case.history.order_by("history_id").first()
    client.force_login(auditor)

    response = client.post(f"/admin/cases/case/{case.pk}/history/{version.history_id}/", {"title": "Hacked"})

    assert response.status_code == 405
    case.refresh_from_db()
    assert case.title == "Changed later"


def test_an_officer_saving_the_case_page_and_a_note_keeps_the_case_assigned(client, officer):
    # The officer's form shows the assignment read-only: saving it must not clear it.
    case = CaseFactory(assigned_officer=officer)
    client.force_login(officer)

    saved = client.post(case_page(case), case_change_form(case))
    noted = client.post(f"/admin/cases/case/{case.pk}/note/", {"text": "Called"})

    assert (saved.status_code, noted.status_code) == (302, 302)
    case.refresh_from_db()
    assert case.assigned_officer == officer
    assert case.events.filter(kind=CaseEvent.Kind.NOTE).count() == 1


def test_saving_details_never_touches_the_status_set_meanwhile(officer, lead):
    case = CaseFactory(status=CaseStatus.RESULT, assigned_officer=officer)
    stale = Case.objects.get(pk=case.pk)
    services.close_case(case, outcome="no_contravention", reason="Done", by=lead, now=timezone.now())

    with pytest.raises(Exception, match="closed case cannot be changed"):
        services.update_case_details(stale, changes={"title": "New"}, by=officer, now=timezone.now())

    case.refresh_from_db()
    assert (case.status, case.title) == (CaseStatus.CLOSED, stale.title)


def test_correcting_the_receipt_date_restarts_the_s39_3_clock(officer):
    now = timezone.now()
    case = open_case(assigned_officer=officer, by=officer, now=now)
    earlier = timezone.localdate(now) - timedelta(days=60)

    services.update_case_details(case, changes={"received_on": earlier}, by=officer, now=now)

    clock = case.clocks.get(rule__code="hk-pdpo-s39-3")
    assert timezone.localtime(clock.started_at).date() == earlier
    assert clock.is_breached(now)
    moves = case.events.filter(kind=CaseEvent.Kind.DEADLINE_MOVED)
    assert [event.message["because"] for event in moves] == [{"kind": "receipt_corrected"}] * 2


def test_clearing_the_complainant_of_a_complaint_is_a_form_error_not_a_crash(client, officer):
    case = CaseFactory(kind=CaseKind.COMPLAINT, assigned_officer=officer)
    client.force_login(officer)

    response = client.post(case_page(case), {**case_change_form(case), "complainant": ""})

    assert response.status_code == 200
    assert "A complaint needs its complainant." in response.content.decode()
    case.refresh_from_db()
    assert case.complainant_id is not None


def test_a_complainant_of_only_restricted_cases_stays_hidden_from_other_officers(client):
    owner, other = make_user(CASE_OFFICER), make_user(CASE_OFFICER)
    hidden = ComplainantFactory(name="Ho Ka Yan")
    organisation = OrganisationFactory(name="Quiet Clinic Limited")
    CaseFactory(
        complainant=hidden,
        organisation=organisation,
        confidentiality=Confidentiality.RESTRICTED,
        assigned_officer=owner,
    )
    client.force_login(other)

    assert client.get(f"/admin/cases/complainant/{hidden.pk}/change/").status_code == 404
    assert "Ho Ka Yan" not in client.get("/admin/cases/complainant/").content.decode()
    lookup = client.get(
        "/admin/autocomplete/", {"app_label": "cases", "model_name": "case", "field_name": "complainant"}
    )
    assert str(hidden.pk) not in {row["id"] for row in lookup.json()["results"]}
    organisations = client.get("/admin/cases/organisation/", {"q": "Quiet Clinic"}).context["cl"].result_list
    assert [organisation.case_count for organisation in organisations] == [0]


def test_viewing_a_complainants_history_is_recorded(client, officer):
    complainant = ComplainantFactory()
    client.force_login(officer)

    assert client.get(f"/admin/cases/complainant/{complainant.pk}/history/").status_code == 200

    assert IdentityAccess.objects.filter(
        user=officer, complainant=complainant, context=AccessContext.COMPLAINANT_PAGE
    ).exists()


@pytest.mark.parametrize("tail", ["change/", "history/", "close/", "reopen/", "move/screening/", "clocks/1/meet/"])
def test_a_case_address_that_is_not_a_number_is_not_found(client, lead, tail):
    client.force_login(lead)

    response = client.get(f"/admin/cases/case/abc/{tail}")

    assert response.status_code == 404


def test_the_counting_fields_of_a_rule_in_use_are_read_only(client, administrator):
    rule = ClockRule.objects.get(code="hk-pdpo-s39-3")
    CaseFactory().clocks.create(rule=rule, started_at=timezone.now(), due_at=timezone.now())
    unused = ClockRule.objects.get(code="gdpr-art61-2")
    client.force_login(administrator)

    used_page = client.get(f"/admin/cases/clockrule/{rule.pk}/change/").content.decode()
    unused_page = client.get(f"/admin/cases/clockrule/{unused.pk}/change/").content.decode()

    assert 'name="length"' not in used_page
    assert 'name="length"' in unused_page
