"""The case list: its next-deadline column sorted most urgent first, the filters the home page and an
organisation's page link to, bulk reassignment by team leads, and a query budget that stays the same
for 10 cases as for 1,000 with the deadline column on."""

from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from cases.listing import days_left_text
from cases.models import (
    Case,
    CaseEvent,
    CaseStatus,
    Confidentiality,
    days_until,
)
from dpa.roles import AUDITOR, CASE_OFFICER, EDITOR
from tests.helpers.bulk_cases import bulk_cases
from tests.helpers.clocks import running_clock
from tests.helpers.factories import CaseFactory, OrganisationFactory, TeamFactory, make_user
from tests.helpers.pages import COUNTING_QUERIES, messages_of

pytestmark = pytest.mark.django_db

LIST = "/admin/cases/case/"


def _references(response) -> list[str]:
    return [case.reference for case in response.context["cl"].result_list]


# --- the next deadline --------------------------------------------------------------------------


def test_sorting_by_next_deadline_puts_the_most_urgent_case_first_and_cases_without_one_last(client, officer):
    now = timezone.now()
    later = CaseFactory(title="Later")
    breached = CaseFactory(title="Breached long ago")
    soon = CaseFactory(title="Soon")
    no_clock = CaseFactory(title="No clock")
    running_clock(later, due_at=now + timedelta(days=30))
    running_clock(soon, due_at=now + timedelta(days=2))
    # The earliest of a case's running clocks is its next deadline.
    running_clock(soon, due_at=now + timedelta(days=20), rule_code="hk-complainant-update")
    running_clock(breached, due_at=now - timedelta(days=3))
    client.force_login(officer)
    column = client.get(LIST).context["cl"].list_display.index("next_deadline")

    ascending = client.get(LIST, {"o": str(column)})
    descending = client.get(LIST, {"o": f"-{column}"})

    assert _references(ascending) == [case.reference for case in (breached, soon, later, no_clock)]
    assert _references(descending) == [case.reference for case in (no_clock, later, soon, breached)]


def test_the_deadline_column_says_days_left_and_shows_a_breach_in_red(client, officer):
    now = timezone.now()
    late = CaseFactory()
    soon = CaseFactory()
    running_clock(late, due_at=now - timedelta(days=3))
    running_clock(soon, due_at=now + timedelta(days=5))
    client.force_login(officer)

    content = client.get(LIST).content.decode()

    assert '<span class="deadline-breached">3 days overdue</span>' in content
    assert '<span class="deadline-days">5 days left</span>' in content


def test_days_left_are_counted_in_hong_kong_dates():
    hong_kong = timezone.get_fixed_timezone(8 * 60)
    # Half past midnight on 3 March in Hong Kong is still 2 March in UTC.
    due_at = datetime(2026, 3, 3, 0, 30, tzinfo=hong_kong)
    now = datetime(2026, 3, 2, 23, 0, tzinfo=hong_kong)

    assert days_until(due_at, now.date()) == 1
    assert days_left_text(due_at, now) == "1 day left"
    assert days_left_text(due_at, due_at + timedelta(days=2)) == "2 days overdue"
    assert days_left_text(due_at, due_at - timedelta(minutes=5)) == "due today"
    assert days_left_text(due_at, due_at + timedelta(minutes=5)) == "overdue since today"


def test_a_restricted_case_says_so_on_the_list(client, officer):
    CaseFactory(assigned_officer=officer, confidentiality=Confidentiality.RESTRICTED)
    client.force_login(officer)

    assert '<span class="case-restricted">restricted</span>' in client.get(LIST).content.decode()


# --- filters ------------------------------------------------------------------------------------


def test_the_organisation_filter_lists_only_that_organisations_cases(client, officer):
    organisation = OrganisationFactory(name="Harbour Pearl Bank Limited")
    theirs = [CaseFactory(organisation=organisation) for _ in range(2)]
    CaseFactory()
    client.force_login(officer)

    response = client.get(LIST, {"organisation": organisation.pk})

    assert response.status_code == 200
    assert sorted(_references(response)) == sorted(case.reference for case in theirs)
    assert "Harbour Pearl Bank Limited" in response.content.decode()


@pytest.mark.parametrize("value", ["abc", "0", "-1", "99999999999999999999", "1e3", "%00"])
def test_an_organisation_that_is_not_there_answers_400(client, officer, value):
    client.force_login(officer)

    response = client.get(LIST, {"organisation": value})

    assert response.status_code == 400
    assert "There is no organisation" in response.content.decode()


def test_the_open_filter_leaves_out_closed_cases(client, officer):
    open_case = CaseFactory(status=CaseStatus.SCREENING)
    closed = CaseFactory(status=CaseStatus.CLOSED)
    client.force_login(officer)

    assert _references(client.get(LIST, {"open": "yes"})) == [open_case.reference]
    assert _references(client.get(LIST, {"open": "no"})) == [closed.reference]


# --- bulk reassignment --------------------------------------------------------------------------


def _post_action(client, action: str, cases, **data):
    return client.post(LIST, {"action": action, "_selected_action": [case.pk for case in cases], **data})


def test_reassignment_is_offered_to_team_leads_only(client, officer, lead):
    client.force_login(lead)
    assert "reassign" in dict(client.get(LIST).context["action_form"].fields["action"].choices)

    client.force_login(officer)
    assert "reassign" not in dict(client.get(LIST).context["action_form"].fields["action"].choices)
    # An auditor changes nothing, so is offered no action at all.
    client.force_login(make_user(AUDITOR))
    assert client.get(LIST).context["action_form"] is None


def test_an_officer_posting_a_reassignment_changes_nothing(client, officer):
    colleague = make_user(CASE_OFFICER)
    case = CaseFactory(assigned_officer=colleague)
    client.force_login(officer)

    response = _post_action(client, "reassign", [case], confirm="yes", officer=officer.pk)

    assert response.status_code == 302
    assert messages_of(response) == ["No action selected."]
    case.refresh_from_db()
    assert case.assigned_officer == colleague


def test_an_auditor_posting_a_reassignment_is_refused(client, officer):
    case = CaseFactory(assigned_officer=officer)
    client.force_login(make_user(AUDITOR))

    response = _post_action(client, "reassign", [case], confirm="yes", officer=officer.pk)

    assert response.status_code == 403
    case.refresh_from_db()
    assert case.assigned_officer == officer


def test_reassignment_asks_for_the_officer_among_those_who_can_be_assigned(client, officer, lead):
    cases = [CaseFactory(assigned_officer=lead) for _ in range(2)]
    inactive = make_user(CASE_OFFICER, username="left", is_active=False)
    make_user(EDITOR, username="editor")
    client.force_login(lead)

    response = _post_action(client, "reassign", cases)

    assert response.status_code == 200
    assert response.templates[0].name == "admin/cases/case/reassign.html"
    offered = set(response.context["form"].fields["officer"].queryset)
    assert officer in offered and lead in offered
    assert inactive not in offered
    assert not any(user.username == "editor" for user in offered)
    content = response.content.decode()
    for case in cases:
        assert case.reference in content
        assert f'name="_selected_action" value="{case.pk}"' in content


def test_reassignment_moves_open_cases_and_reports_the_closed_and_unchanged_ones(client, officer, lead):
    moving = [CaseFactory(assigned_officer=lead, status=CaseStatus.SCREENING) for _ in range(2)]
    closed = CaseFactory(assigned_officer=lead, status=CaseStatus.CLOSED)
    already = CaseFactory(assigned_officer=officer)
    client.force_login(lead)

    response = _post_action(client, "reassign", [*moving, closed, already], confirm="yes", officer=officer.pk)

    assert response.status_code == 302
    messages = messages_of(response)
    moved = ", ".join(sorted(case.reference for case in moving))
    assert messages == [
        f"Reassigned to {officer.get_full_name()}: {moved}.",
        f"Already assigned to {officer.get_full_name()}: {already.reference}.",
        f"Not reassigned: {closed.reference}. A closed case cannot be assigned; reopen it first.",
    ]
    for case in moving:
        case.refresh_from_db()
        assert case.assigned_officer == officer
        assert case.events.filter(kind=CaseEvent.Kind.ASSIGNED).count() == 1
    closed.refresh_from_db()
    assert closed.assigned_officer == lead


def test_reassignment_to_someone_who_cannot_work_cases_is_a_form_error(client, lead):
    case = CaseFactory(assigned_officer=lead)
    auditor = make_user(AUDITOR)
    client.force_login(lead)

    response = _post_action(client, "reassign", [case], confirm="yes", officer=auditor.pk)

    assert response.status_code == 200
    assert response.context["form"].errors["officer"]
    case.refresh_from_db()
    assert case.assigned_officer == lead


def test_reassigning_every_case_the_filters_select_takes_those_of_every_page(client, officer, lead):
    bank = OrganisationFactory()
    theirs = [CaseFactory(organisation=bank, assigned_officer=lead) for _ in range(3)]
    other = CaseFactory(assigned_officer=lead)
    client.force_login(lead)

    response = client.post(
        f"{LIST}?organisation={bank.pk}",
        {"action": "reassign", "_selected_action": [theirs[0].pk], "select_across": "1", "confirm": "yes"}
        | {"officer": officer.pk},
    )

    assert response.status_code == 302
    assert set(Case.objects.filter(assigned_officer=officer)) == set(theirs)
    other.refresh_from_db()
    assert other.assigned_officer == lead


# --- the list fits and costs the same for many cases ----------------------------------------------


def test_the_list_shows_the_columns_a_caseworker_scans_for(client, officer):
    case = CaseFactory(assigned_officer=officer, team=TeamFactory(name="Complaints Team A"))
    client.force_login(officer)

    response = client.get(LIST)

    assert response.context["cl"].list_display == [
        "action_checkbox",
        "case_summary",
        "status",
        "officer",
        "next_deadline",
        "organisation_column",
        "complainant_identity",
        "received",
    ]
    content = response.content.decode()
    for shown in (case.reference, case.title, case.organisation.name, case.complainant.name):
        assert shown in content
    assert "/admin/cases/case/export/" in content


# Four queries of any signed-in admin request (session, user, own and group permissions); officers,
# teams, sectors and years (filters); the count; the page with its next deadlines, organisations,
# officers and complainants; the identity-access insert.
CASE_LIST_QUERIES = 10 + COUNTING_QUERIES


@pytest.mark.parametrize("n", [10, 1000])
def test_case_list_with_the_deadline_column_costs_the_same_for_10_and_1000_cases(
    client, django_assert_num_queries, officer, n
):
    now = timezone.now()
    bulk_cases(n, officers=[officer, make_user(CASE_OFFICER)], teams=[TeamFactory(), TeamFactory()], now=now)
    client.force_login(officer)
    url = f"{LIST}?o=4"  # by the next-deadline column, the most urgent first
    client.get(url)  # fills the per-process caches (content types)

    with django_assert_num_queries(CASE_LIST_QUERIES):
        response = client.get(url)

    assert response.status_code == 200
    assert len(response.context["cl"].result_list) == min(n, 50)
    assert "days overdue" in response.content.decode()
