"""The admin home: officers see their own cases, deadlines and overdue enquiries; team leads also see,
for each officer of their teams, the open cases, those due within 7 days and those breached, each
number linking to the case list filtered to exactly those cases, the cases nobody has yet, and the
reminders that could not be delivered."""

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import Group, Permission
from django.utils import timezone

from cases import services
from cases.models import (
    WORKLOAD_FRESH_FOR,
    Case,
    CaseStatus,
    Confidentiality,
    DeliveryState,
    ReminderKind,
    WorkloadCount,
)
from dpa.roles import AUDITOR, CASE_OFFICER, EDITOR, TEAM_LEAD
from tests.helpers.bulk_cases import bulk_cases
from tests.helpers.clocks import running_clock
from tests.helpers.factories import CaseFactory, EnquiryFactory, TeamFactory, make_user
from tests.helpers.reminders import mark_sent, reminder

pytestmark = pytest.mark.django_db


def _workload(response) -> dict[str, tuple[int, int, int]]:
    return {row.name: (row.open, row.due_soon, row.breached) for row in response.context["team_workload"].rows}


def _listed(client, link: str) -> int:
    """How many cases the case list shows at a link from the home page."""
    response = client.get(link)
    assert response.status_code == 200
    return response.context["cl"].result_count


@pytest.fixture
def office(lead, officer, other_officer):
    """Karen and the lead in one team, Daniel in another; cases due soon, breached, closed, unassigned."""
    TeamFactory(name="Complaints Team A", members=[lead, officer])
    TeamFactory(name="Compliance and Investigations", members=[other_officer])
    now = timezone.now()
    breached = CaseFactory(assigned_officer=officer, status=CaseStatus.SCREENING)
    due_soon = CaseFactory(assigned_officer=officer)
    CaseFactory(assigned_officer=officer)  # open, nothing due this week
    CaseFactory(assigned_officer=officer, status=CaseStatus.CLOSED)
    running_clock(breached, due_at=now - timedelta(days=1))
    # Breached and due again within the week: counted once in each column.
    running_clock(breached, due_at=now + timedelta(days=3), rule_code="hk-complainant-update")
    running_clock(due_soon, due_at=now + timedelta(days=6))
    CaseFactory(assigned_officer=other_officer)
    unassigned_late = CaseFactory()
    running_clock(unassigned_late, due_at=now - timedelta(days=10))
    CaseFactory()
    return now


def test_a_team_lead_sees_each_officer_of_their_teams_and_the_unassigned_cases(client, lead, office):
    client.force_login(lead)

    response = client.get("/admin/")

    assert _workload(response) == {
        "Grace Leung": (0, 0, 0),
        "Karen Chan": (3, 2, 1),
        "Unassigned": (2, 0, 1),
    }
    content = response.content.decode()
    assert "Open cases by officer" in content
    assert "Daniel Wong" not in content


def test_each_number_links_to_the_case_list_showing_exactly_those_cases(client, lead, office):
    client.force_login(lead)

    rows = client.get("/admin/").context["team_workload"].rows

    for row in rows:
        columns = [(row.open, row.open_link), (row.due_soon, row.due_soon_link), (row.breached, row.breached_link)]
        for count, link in columns:
            if count:
                assert urlsplit(link).path == "/admin/cases/case/"
                assert _listed(client, link) == count, link
            else:
                assert link is None


def test_a_team_lead_without_a_team_sees_every_officer(client, officer, other_officer, office):
    lead_without_team = make_user(TEAM_LEAD, first_name="Tommy", last_name="Ho")
    make_user(AUDITOR, first_name="Priya", last_name="Mehta")
    make_user(EDITOR, first_name="Vincent", last_name="Lau")
    client.force_login(lead_without_team)

    workload = _workload(client.get("/admin/"))

    assert workload == {
        "Grace Leung": (0, 0, 0),
        "Karen Chan": (3, 2, 1),
        "Tommy Ho": (0, 0, 0),
        "Daniel Wong": (1, 0, 0),
        "Unassigned": (2, 0, 1),
    }


def test_an_officer_keeps_their_own_home(client, officer, office):
    client.force_login(officer)

    response = client.get("/admin/")

    assert "team_workload" not in response.context
    assert 'id="team-workload"' not in response.content.decode()
    assert response.context["my_open_case_count"] == 3
    assert len(response.context["my_breached_clocks"]) == 1


# --- the scheduler's count -------------------------------------------------------------------------------------


def test_the_scheduler_counts_what_the_home_would_count(client, lead, office):
    client.force_login(lead)
    counted_for_the_visit = _workload(client.get("/admin/"))

    services.count_workloads(now=office)
    response = client.get("/admin/")

    assert response.context["team_workload"].counted_at == office
    assert _workload(response) == counted_for_the_visit
    assert "Counted at " in response.content.decode()


def test_the_home_shows_the_latest_count_and_when_it_was_made(client, lead, officer, office):
    services.count_workloads(now=office - timedelta(minutes=2))
    services.count_workloads(now=office)
    Case.objects.filter(assigned_officer=officer).update(assigned_officer=None)
    client.force_login(lead)

    response = client.get("/admin/")

    assert WorkloadCount.objects.get().counted_at == office
    assert _workload(response)["Karen Chan"] == (3, 2, 1)
    counted_at = timezone.localtime(office).strftime("%H:%M")
    assert f"Counted at {counted_at}, and again every minute." in response.content.decode()


def test_a_count_older_than_the_scheduler_allows_is_not_shown(client, lead, officer, office):
    services.count_workloads(now=office - WORKLOAD_FRESH_FOR)
    Case.objects.filter(assigned_officer=officer).update(assigned_officer=None)
    client.force_login(lead)

    response = client.get("/admin/")

    assert response.context["team_workload"].counted_at is None
    assert _workload(response)["Karen Chan"] == (0, 0, 0)
    assert "Counted at" not in response.content.decode()


def test_a_lead_who_may_not_see_every_case_is_not_shown_the_count_of_every_case(client, lead, officer, office):
    CaseFactory(assigned_officer=officer, confidentiality=Confidentiality.RESTRICTED)
    count = services.count_workloads(now=office)
    restricted = Permission.objects.get(codename="view_restricted_cases")
    limited_leads = Group.objects.create(name="Leads of normal cases")
    limited_leads.permissions.set(Group.objects.get(name=TEAM_LEAD).permissions.exclude(pk=restricted.pk))
    lead.groups.set([limited_leads])
    client.force_login(lead)

    response = client.get("/admin/")

    assert response.context["team_workload"].counted_at is None
    assert _workload(response) == {"Grace Leung": (0, 0, 0), "Karen Chan": (3, 2, 1), "Unassigned": (2, 0, 1)}
    assert count.rows.get(officer=officer).open == 4


def test_a_count_has_the_cases_nobody_has_even_when_there_are_none(officer):
    CaseFactory(assigned_officer=officer)

    count = services.count_workloads(now=timezone.now())

    assert sorted(count.rows.values_list("officer", "open", "due_soon", "breached"), key=str) == [
        (officer.pk, 1, 0, 0),
        (None, 0, 0, 0),
    ]


# Four queries of any signed-in admin request; the lead's own open cases by status, due and breached
# clocks, the week's new cases and overdue enquiries; the officers of the lead's teams; the latest
# count of their open cases; the failed reminders.
TEAM_LEAD_HOME_QUERIES = 12


def _team_of_three_with(n: int, lead) -> None:
    officers = [make_user(CASE_OFFICER) for _ in range(3)]
    team = TeamFactory(members=[lead, *officers])
    bulk_cases(n, officers=[lead, *officers], teams=[team], now=timezone.now())


@pytest.mark.parametrize("n", [10, 1000])
def test_the_team_lead_home_costs_the_same_for_10_and_1000_cases(client, django_assert_num_queries, lead, n):
    _team_of_three_with(n, lead)
    services.count_workloads(now=timezone.now())
    client.force_login(lead)
    client.get("/admin/")  # fills the per-process caches (content types)

    with django_assert_num_queries(TEAM_LEAD_HOME_QUERIES):
        response = client.get("/admin/")

    workload = response.context["team_workload"].rows
    assert len(workload) == 5
    # bulk_cases spreads its cases over the officers and nobody; a quarter of them are closed.
    assert sum(row.open for row in workload) == n - (n + 1) // 4
    assert all(row.breached for row in workload)


def test_without_a_fresh_count_the_team_lead_home_counts_in_one_query_more(client, django_assert_num_queries, lead):
    _team_of_three_with(1000, lead)
    client.force_login(lead)
    client.get("/admin/")

    with django_assert_num_queries(TEAM_LEAD_HOME_QUERIES + 1):
        response = client.get("/admin/")

    assert sum(row.open for row in response.context["team_workload"].rows) == 1000 - 1001 // 4


# --- an officer's own cases -----------------------------------------------------------------------------------


def _my_cases_table(content: str) -> dict[str, int]:
    section = content.split('id="my-cases"', 1)[1].split('id="new-this-week"', 1)[0]
    rows = re.findall(r"status__exact=\w+\">([^<]+)</a></th>\s*<td>(\d+)</td>", section)
    return {label: int(count) for label, count in rows}


def test_home_page_counts_my_open_cases_per_status_and_lists_this_weeks_cases(client, officer, other_officer):
    today = timezone.localdate()
    long_ago = today - timedelta(days=10)
    for status in [CaseStatus.INTAKE, CaseStatus.INTAKE, CaseStatus.SCREENING, CaseStatus.CLOSED]:
        CaseFactory(assigned_officer=officer, status=status, received_on=long_ago)
    CaseFactory(assigned_officer=other_officer, status=CaseStatus.INVESTIGATION, received_on=long_ago)
    this_week = CaseFactory(received_on=today, title="Debt collector phoned the complainant at work")
    client.force_login(officer)

    response = client.get("/admin/")

    assert response.status_code == 200
    content = response.content.decode()
    assert "My open cases (3)" in content
    assert _my_cases_table(content) == {"Intake": 2, "Screening": 1}
    assert list(response.context["new_this_week"]) == [this_week]
    assert this_week.reference in content
    assert this_week.title in content


def test_home_page_tells_an_officer_without_cases_so(client, officer):
    CaseFactory(received_on=timezone.localdate() - timedelta(days=10))
    client.force_login(officer)

    content = client.get("/admin/").content.decode()

    assert "My open cases (0)" in content
    assert "No open cases are assigned to you." in content
    assert "No cases received this week." in content


# --- enquiries and reminders ----------------------------------------------------------------------------------


def _overdue_enquiry(officer, *, days: int):
    """An enquiry of ``officer``'s, sent, whose reply-by clock is ``days`` past due (ahead when negative)."""
    sent_at = timezone.now() - timedelta(days=20)
    due_at = timezone.now() - timedelta(days=days)
    return mark_sent(
        EnquiryFactory(officer=officer), sent_at=sent_at, started_at=due_at - timedelta(days=14), due_at=due_at
    )


def _section(content: str, section_id: str) -> str:
    return content.split(f'id="{section_id}"', 1)[1].split('<div class="module"', 1)[0]


def test_an_officer_sees_their_own_overdue_enquiries_the_longest_overdue_first(client, officer, other_officer):
    later = _overdue_enquiry(officer, days=1)
    longest = _overdue_enquiry(officer, days=5)
    _overdue_enquiry(officer, days=-3)  # due in three days
    _overdue_enquiry(other_officer, days=2)
    client.force_login(officer)

    response = client.get("/admin/")

    assert list(response.context["my_overdue_enquiries"]) == [longest, later]
    section = _section(response.content.decode(), "my-overdue-enquiries")
    assert section.index(longest.reference) < section.index(later.reference)
    assert f"/admin/cases/enquiry/{longest.pk}/change/" in section


def test_an_officer_with_no_overdue_enquiry_is_told_so(client, officer):
    client.force_login(officer)

    content = client.get("/admin/").content.decode()

    assert "No reply to an enquiry of yours is overdue." in _section(content, "my-overdue-enquiries")


def test_team_leads_see_failed_reminders_and_officers_do_not(client, lead, officer):
    case = CaseFactory(assigned_officer=officer)
    clock = running_clock(case, due_at=timezone.now() - timedelta(days=1))
    failed = reminder(
        clock,
        ReminderKind.OFFICER_OVERDUE,
        offset_days=0,
        state=DeliveryState.FAILED,
        attempts=5,
        created_at=timezone.now(),
    )

    client.force_login(lead)
    content = client.get("/admin/").content.decode()
    section = _section(content, "failed-reminders")
    assert case.reference in section
    assert "Failed after 5 attempts" in section
    assert f"/admin/cases/reminder/{failed.pk}/change/" in section
    assert "/admin/cases/reminder/?state__exact=failed" in section

    client.force_login(officer)
    response = client.get("/admin/")
    assert "failed_reminders" not in response.context
    assert 'id="failed-reminders"' not in response.content.decode()
