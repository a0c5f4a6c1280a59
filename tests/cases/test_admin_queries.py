"""Query budgets for the staff screens: each page issues the same number of queries for a few rows as
for many, so nothing in a list or on a case page runs a query per row."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from cases import services
from cases.models import AccessContext, CalendarDay, CaseStatus, ClockRule, IdentityAccess
from dpa.people import staff_name
from dpa.roles import CASE_OFFICER, TEAM_LEAD
from tests.helpers.factories import CaseFactory, ComplainantFactory, DocumentFactory, TeamFactory, make_user
from tests.helpers.moments import NOW
from tests.helpers.pages import COUNTING_QUERIES, case_page, edit_details_page, get_within_budget

pytestmark = pytest.mark.django_db

# Each budget starts with the four queries of any logged-in admin request: session, user, and the
# user's own and group permissions.
# + officers, teams, sectors and years (filters), the count, the page of 50 with its joins, one insert
# of identity accesses.
CASE_LIST_QUERIES = 10 + COUNTING_QUERIES
# + "my open cases" per status, the 20 newest cases of the week with their organisations, my clocks
# due within 7 days and my breached clocks, each with case and rule.
HOME_QUERIES = 9  # + my overdue enquiries with their organisations
# + sectors (filter), two counts, the page of 100 with its case counts.
ORGANISATION_LIST_QUERIES = 8
# + users (filter), two counts, the page of 100 with users and complainants, the date hierarchy's
# range and its dates.
IDENTITY_ACCESS_LIST_QUERIES = 10
# + the case with its complainant, organisation, officer and team, its principles and categories, the
# related cases the reader may see, the clocks with their rules, the timeline's count and its latest
# entries (with actors, and whether the reader may see each linked case), the documents with
# uploaders; one identity-access insert.
CASE_PAGE_QUERIES = 15  # + the case's enquiries with reply-by dates and officers, its letters
# + the case, its principles and categories, the related cases the reader may see, the clocks with
# their rules and extensions (the summary's next deadline); the form's choices: all principles and
# categories (the two pickers) and the officer among the active ones (the organisation, team and
# complainant chosen are named from the case); one identity-access insert.
EDIT_DETAILS_QUERIES = 14


STATUSES = [
    CaseStatus.INTAKE,
    CaseStatus.SCREENING,
    CaseStatus.PRELIMINARY_ENQUIRY,
    CaseStatus.INVESTIGATION,
    CaseStatus.CLOSED,
]


def _office_with_cases(n: int) -> list:
    """``n`` complaints, each with its own organisation and complainant, spread over four officers,
    three teams, five statuses and the last four weeks. Returns the officers."""
    officers = [make_user(CASE_OFFICER) for _ in range(4)]
    teams = [TeamFactory() for _ in range(3)]
    today = timezone.localdate()
    for i in range(n):
        CaseFactory(
            assigned_officer=officers[i % len(officers)],
            team=teams[i % len(teams)],
            status=STATUSES[i % len(STATUSES)],
            received_on=today - timedelta(days=i % 28),
        )
    return officers


@pytest.mark.parametrize("n", [10, 200])
def test_case_changelist_query_count_does_not_grow_with_the_number_of_cases(client, django_assert_num_queries, n):
    _office_with_cases(n)
    client.force_login(make_user(TEAM_LEAD))

    response = get_within_budget(client, "/admin/cases/case/", CASE_LIST_QUERIES, django_assert_num_queries)

    assert len(response.context["cl"].result_list) == min(n, 50)
    content = response.content.decode()
    first = response.context["cl"].result_list[0]
    for shown in (first.organisation.name, staff_name(first.assigned_officer), first.team.name, first.complainant.name):
        assert shown in content


@pytest.mark.parametrize("n", [10, 200])
def test_admin_home_query_count_does_not_grow_with_the_number_of_cases(client, django_assert_num_queries, n):
    officers = _office_with_cases(n)
    client.force_login(officers[0])

    response = get_within_budget(client, "/admin/", HOME_QUERIES, django_assert_num_queries)

    assert response.context["my_open_case_count"] > 0
    assert len(response.context["new_this_week"]) > 0


@pytest.mark.parametrize("n", [10, 200])
def test_organisation_changelist_query_count_does_not_grow_with_the_number_of_organisations(
    client, django_assert_num_queries, n
):
    _office_with_cases(n)
    client.force_login(make_user(TEAM_LEAD))

    response = get_within_budget(
        client, "/admin/cases/organisation/", ORGANISATION_LIST_QUERIES, django_assert_num_queries
    )

    organisations = response.context["cl"].result_list
    assert len(organisations) == min(n, 100)
    assert {organisation.case_count for organisation in organisations} == {1}


@pytest.mark.parametrize("n", [10, 200])
def test_identity_access_changelist_query_count_does_not_grow_with_the_number_of_rows(
    client, django_assert_num_queries, n
):
    readers = [make_user(CASE_OFFICER) for _ in range(5)]
    complainants = [ComplainantFactory() for _ in range(n)]
    IdentityAccess.objects.bulk_create(
        IdentityAccess(
            user=readers[i % len(readers)],
            complainant=complainant,
            accessed_at=NOW - timedelta(hours=i),
            context=AccessContext.CASE_PAGE,
            path=f"/admin/cases/case/{i}/change/",
        )
        for i, complainant in enumerate(complainants)
    )
    client.force_login(make_user(TEAM_LEAD))

    response = get_within_budget(
        client, "/admin/cases/identityaccess/", IDENTITY_ACCESS_LIST_QUERIES, django_assert_num_queries
    )

    assert len(response.context["cl"].result_list) == min(n, 100)


@pytest.mark.parametrize("n", [3, 30])
def test_case_page_query_count_does_not_grow_with_events_and_documents(client, django_assert_num_queries, n):
    officer = make_user(CASE_OFFICER)
    case = CaseFactory(assigned_officer=officer, team=TeamFactory())
    for i in range(n):
        colleague = make_user(TEAM_LEAD)
        services.add_note(case, text=f"Note {i}", by=colleague, now=NOW)
        DocumentFactory(case=case, uploaded_by=colleague, name=f"letter-{i}.txt")
        services.link_cases(case, CaseFactory(), by=colleague, now=NOW)
    client.force_login(make_user(TEAM_LEAD))

    response = get_within_budget(client, case_page(case), CASE_PAGE_QUERIES, django_assert_num_queries)

    content = response.content.decode()
    assert f"letter-{n - 1}.txt" in content
    assert f"Note {n - 1}" in content
    assert case.related_cases.order_by("-pk").first().reference in content


@pytest.mark.parametrize("n", [3, 30])
def test_the_details_form_query_count_does_not_grow_with_links_and_clocks(client, django_assert_num_queries, n):
    officer = make_user(CASE_OFFICER)
    case = CaseFactory(assigned_officer=officer, team=TeamFactory(), complainant=ComplainantFactory())
    for rule in ClockRule.objects.order_by("code")[: min(n, ClockRule.objects.count())]:
        services.start_clock(case, rule=rule, start=NOW, by=officer, now=NOW)
    for _ in range(n):
        services.link_cases(case, CaseFactory(), by=officer, now=NOW)
    client.force_login(make_user(TEAM_LEAD))

    response = get_within_budget(client, edit_details_page(case), EDIT_DETAILS_QUERIES, django_assert_num_queries)

    content = response.content.decode()
    assert 'name="title"' in content
    assert case.related_cases.order_by("-pk").first().reference in content


# + two counts, the page of days, the date hierarchy's months of the year shown.
CALENDAR_DAY_LIST_QUERIES = 8
# + two counts, the page of rules.
CLOCK_RULE_LIST_QUERIES = 7


@pytest.mark.parametrize("n", [10, 200])
def test_calendar_day_changelist_query_count_does_not_grow_with_the_number_of_days(
    client, django_assert_num_queries, n
):
    year = timezone.localdate().year
    CalendarDay.objects.bulk_create(
        CalendarDay(
            date=date(year, 1, 1) + timedelta(days=index),
            kind=CalendarDay.Kind.GALE_WARNING,
            name=f"Signal No. 8 ({index})",
            source="Hong Kong Observatory",
        )
        for index in range(n)
    )
    client.force_login(make_user(TEAM_LEAD))

    response = get_within_budget(
        client, f"/admin/cases/calendarday/?date__year={year}", CALENDAR_DAY_LIST_QUERIES, django_assert_num_queries
    )

    assert len(response.context["cl"].result_list) == min(n, 100)


def test_clock_rule_changelist_query_count(client, django_assert_num_queries):
    client.force_login(make_user(TEAM_LEAD))

    response = get_within_budget(client, "/admin/cases/clockrule/", CLOCK_RULE_LIST_QUERIES, django_assert_num_queries)

    assert len(response.context["cl"].result_list) == ClockRule.objects.count() == 7


# The case page of a case with clocks but no documents or links: as above, and the clocks' extensions
# (which actions each clock offers).
CASE_PAGE_WITH_CLOCKS_QUERIES = 16


@pytest.mark.parametrize("clocks", [1, 6])
def test_case_page_query_count_does_not_grow_with_its_clocks(client, django_assert_num_queries, clocks):
    lead = make_user(TEAM_LEAD)
    case = CaseFactory(assigned_officer=lead)
    for rule in ClockRule.objects.order_by("code")[:clocks]:
        services.start_clock(case, rule=rule, start=NOW, by=lead, now=NOW)
    client.force_login(lead)

    get_within_budget(client, case_page(case), CASE_PAGE_WITH_CLOCKS_QUERIES, django_assert_num_queries)
