"""An organisation's page lists the newest cases about it that the reader may see, with their next
deadlines, counts them, and links to the case list filtered to the organisation."""

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.admin.reference import ORGANISATION_CASES_LISTED
from cases.models import CaseStatus, Confidentiality, Organisation
from dpa.roles import AUDITOR, CASE_OFFICER, TEAM_LEAD
from tests.helpers.bulk_cases import bulk_cases
from tests.helpers.clocks import running_clock
from tests.helpers.factories import CaseFactory, OrganisationFactory, make_user
from tests.helpers.moments import TODAY

pytestmark = pytest.mark.django_db


def _page(organisation) -> str:
    return f"/admin/cases/organisation/{organisation.pk}/change/"


@pytest.fixture
def bank():
    return OrganisationFactory(name="Harbour Pearl Bank Limited")


def test_the_page_lists_the_cases_about_the_organisation_newest_first(client, officer, bank):
    older = CaseFactory(organisation=bank, received_on=TODAY - timedelta(days=30), assigned_officer=officer)
    newer = CaseFactory(organisation=bank, received_on=TODAY, status=CaseStatus.SCREENING)
    CaseFactory(title="About another organisation")
    running_clock(older, due_at=timezone.now() - timedelta(days=2))
    client.force_login(officer)

    response = client.get(_page(bank))

    assert response.status_code == 200
    listed = response.context["organisation_cases"]
    assert [case.reference for case, _deadline in listed["rows"]] == [newer.reference, older.reference]
    assert listed["count"] == 2
    content = response.content.decode()
    assert "2 cases about this organisation" in content
    assert "About another organisation" not in content
    assert "Karen Chan" in content
    assert "Screening" in content
    assert '<span class="deadline-breached">2 days overdue</span>' in content
    assert f'href="/admin/cases/case/?organisation={bank.pk}"' in content


def test_a_restricted_case_of_another_officer_is_neither_listed_nor_counted_for_an_officer(client, officer, bank):
    normal = CaseFactory(organisation=bank)
    mine = CaseFactory(organisation=bank, confidentiality=Confidentiality.RESTRICTED, assigned_officer=officer)
    hidden = CaseFactory(
        organisation=bank,
        confidentiality=Confidentiality.RESTRICTED,
        assigned_officer=make_user(CASE_OFFICER),
        title="Confidential: a bank manager's own records",
    )

    client.force_login(officer)
    response = client.get(_page(bank))
    assert {case for case, _deadline in response.context["organisation_cases"]["rows"]} == {normal, mine}
    assert response.context["organisation_cases"]["count"] == 2
    content = response.content.decode()
    assert hidden.reference not in content and hidden.title not in content

    client.force_login(make_user(TEAM_LEAD))
    response = client.get(_page(bank))
    assert response.context["organisation_cases"]["count"] == 3

    # An auditor sees no restricted case at all.
    client.force_login(make_user(AUDITOR))
    response = client.get(_page(bank))
    assert {case for case, _deadline in response.context["organisation_cases"]["rows"]} == {normal}


def test_the_page_lists_the_latest_cases_and_links_to_all_of_them(client, officer, bank):
    days = range(ORGANISATION_CASES_LISTED + 5)
    cases = [CaseFactory(organisation=bank, received_on=TODAY - timedelta(days=i)) for i in days]
    client.force_login(officer)

    response = client.get(_page(bank))

    rows = response.context["organisation_cases"]["rows"]
    assert [case for case, _deadline in rows] == cases[:ORGANISATION_CASES_LISTED]
    content = response.content.decode()
    assert f"All {len(cases)} cases in the case list" in content
    listed = client.get("/admin/cases/case/", {"organisation": bank.pk})
    assert listed.context["cl"].result_count == len(cases)


def test_an_organisation_without_cases_says_so(client, officer, bank):
    client.force_login(officer)

    response = client.get(_page(bank))

    assert response.context["organisation_cases"]["rows"] == []
    assert "0 cases about this organisation" in response.content.decode()


def test_the_list_of_organisations_links_each_case_count_to_the_case_list(client, officer, bank):
    CaseFactory(organisation=bank)
    client.force_login(officer)

    content = client.get("/admin/cases/organisation/").content.decode()

    assert f'<a href="/admin/cases/case/?organisation={bank.pk}">1</a>' in content


# Four queries of any signed-in admin request; the organisation with its visible-case count; the
# sectors (its form's choices); the newest cases with their officers and next deadlines.
ORGANISATION_PAGE_QUERIES = 7


@pytest.mark.parametrize("n", [10, 1000])
def test_the_page_costs_the_same_for_10_and_1000_cases(client, django_assert_num_queries, officer, n):
    bulk_cases(n, officers=[officer, make_user(CASE_OFFICER)], now=timezone.now())
    organisation = Organisation.objects.order_by("pk").first()
    client.force_login(officer)
    client.get(_page(organisation))  # fills the per-process caches (content types)

    with django_assert_num_queries(ORGANISATION_PAGE_QUERIES):
        response = client.get(_page(organisation))

    assert response.status_code == 200
    assert len(response.context["organisation_cases"]["rows"]) == min(n // 5, ORGANISATION_CASES_LISTED)


# --- organisations added from partners' referrals -------------------------------------------------


def _added_from_a_referral(name: str) -> Organisation:
    return Organisation.objects.create(name=name, jurisdiction="HK", needs_confirmation=True)


def test_the_list_finds_the_organisations_awaiting_confirmation(client, officer, bank):
    added = _added_from_a_referral("Harbour Loans Ltd")
    client.force_login(officer)

    response = client.get("/admin/cases/organisation/", {"needs_confirmation__exact": "1"})

    assert list(response.context["cl"].result_list) == [added]


def test_an_officer_confirms_the_selected_organisations_that_have_their_sector(client, officer, bank):
    with_sector = _added_from_a_referral("Harbour Loans Ltd")
    with_sector.sector = bank.sector
    with_sector.save()
    without_sector = _added_from_a_referral("Kowloon Couriers")
    client.force_login(officer)

    response = client.post(
        "/admin/cases/organisation/",
        {"action": "confirm", "_selected_action": [with_sector.pk, without_sector.pk, bank.pk]},
        follow=True,
    )

    shown = [str(message) for message in response.context["messages"]]
    assert shown == ["1 organisation confirmed.", "Choose the sector of Kowloon Couriers before confirming it."]
    assert list(Organisation.objects.awaiting_confirmation()) == [without_sector]


def test_an_auditor_cannot_confirm_an_organisation(client, bank):
    added = _added_from_a_referral("Harbour Loans Ltd")
    added.sector = bank.sector
    added.save()
    client.force_login(make_user(AUDITOR))

    response = client.post("/admin/cases/organisation/", {"action": "confirm", "_selected_action": [added.pk]})

    assert response.status_code == 403
    assert Organisation.objects.get(pk=added.pk).needs_confirmation is True
