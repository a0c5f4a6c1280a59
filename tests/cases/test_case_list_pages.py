"""The case list finds a page's cases in the form that suits the list, with the same answer in
every form: a deadline filter's cases read by id or walked, and a page's rows read after their keys
are found."""

from datetime import timedelta

import pytest
from django.core.paginator import Paginator
from django.utils import timezone

from cases import listing
from cases.models import Case, Clock
from dpa import counting
from dpa.counting import EstimatingPaginator
from dpa.roles import CASE_OFFICER, TEAM_LEAD
from tests.helpers.bulk_cases import bulk_cases
from tests.helpers.clocks import running_clock
from tests.helpers.factories import make_user
from tests.helpers.pages import get_within_budget

pytestmark = pytest.mark.django_db

LIST = "/admin/cases/case/"
NEWEST_FIRST = ("-received_on", "-pk")
# How many clocks a deadline filter reads its cases by id for: the office's few, or fewer than it has.
READ_BY_ID, WALKED = listing.EXACT_UP_TO, 10


@pytest.fixture
def office(officer):
    """Cases in every status over sixty days, a third of the open ones breached, some due soon,
    some restricted; one breached case has a second breached clock."""
    now = timezone.now()
    cases = bulk_cases(300, officers=[officer, make_user(CASE_OFFICER)], now=now)
    Case.objects.filter(pk__in=[case.pk for case in cases[::7]]).update(confidentiality="restricted")
    twice = Clock.objects.breached(now).filter(case__isnull=False).first().case
    running_clock(twice, due_at=now - timedelta(days=3), rule_code="hk-pdpo-s19-1")
    return now


@pytest.mark.parametrize("role", [CASE_OFFICER, TEAM_LEAD])
@pytest.mark.parametrize("deadline", ["breached", "due_7"])
def test_a_deadline_filter_finds_the_same_cases_read_by_id_or_walked(office, role, deadline):
    reader = make_user(role)
    clocks = Clock.objects.breached(office) if deadline == "breached" else Clock.objects.due_within(office, 7)
    visible = Case.objects.visible_to(reader)
    expected = [case.pk for case in visible.order_by(*NEWEST_FIRST) if case.clocks.filter(pk__in=clocks).exists()]
    assert expected

    for found in (visible.among(clocks.values_list("case_id", flat=True)), visible.with_clock_among(clocks)):
        found = found.order_by(*NEWEST_FIRST)
        assert list(found.values_list("pk", flat=True)) == expected
        assert found.count() == len(expected)


@pytest.mark.parametrize("read_by_id_up_to", [READ_BY_ID, WALKED])
def test_the_deadline_filter_pages_through_every_breached_case_once(client, office, monkeypatch, read_by_id_up_to):
    lead = make_user(TEAM_LEAD)
    client.force_login(lead)
    monkeypatch.setattr(listing, "EXACT_UP_TO", read_by_id_up_to)
    pages = [
        [case.pk for case in client.get(LIST, {"deadline": "breached", "p": page}).context["cl"].result_list]
        for page in (1, 2)
    ]

    # As the list saw them: a clock due at the office's "now" was breached by the time of the request.
    breached = Case.objects.filter(clocks__in=Clock.objects.breached(timezone.now())).distinct()
    shown = [pk for page in pages for pk in page]
    assert len(pages[0]) == 50
    assert shown == list(breached.order_by(*NEWEST_FIRST).values_list("pk", flat=True))


@pytest.mark.parametrize(
    "ordering",
    [
        NEWEST_FIRST,
        ("received_on", "pk"),
        ("reference", "pk"),
        ("-organisation__name", "-pk"),
        ("assigned_officer__first_name", "pk"),
    ],
)
def test_a_page_read_after_its_keys_is_the_page_read_at_once(office, ordering):
    cases = Case.objects.with_next_deadline().order_by(*ordering)

    def rows_of(keys):
        return Case.objects.with_next_deadline().select_related("organisation").filter(pk__in=keys).order_by(*ordering)

    at_once, late = Paginator(cases, 25), EstimatingPaginator(cases, 25, rows_of=rows_of)

    assert late.num_pages == at_once.num_pages == 12
    for number in late.page_range:
        assert list(late.page(number).object_list) == list(at_once.page(number).object_list)


def test_every_sortable_column_of_the_list_pages_through_every_case_once(client, office):
    lead = make_user(TEAM_LEAD)
    client.force_login(lead)
    columns = len(client.get(LIST).context["cl"].list_display)

    for column in range(1, columns):
        for direction in ("", "-"):
            sorted_by = {"o": f"{direction}{column}"}
            shown, pages = [], client.get(LIST, sorted_by).context["cl"].paginator.num_pages
            for page in range(1, pages + 1):
                shown += [case.pk for case in client.get(LIST, {**sorted_by, "p": page}).context["cl"].result_list]
            assert sorted(shown) == sorted(Case.objects.values_list("pk", flat=True)), (direction, column)


def test_a_deadline_filter_bounds_the_lists_count_by_its_clocks_counted(client, office, monkeypatch):
    """The planner overestimates overdue running clocks (it takes the two conditions to be
    independent); counted, they bound the walked list's count, here below the limit for an exact
    count."""
    client.force_login(make_user(TEAM_LEAD))
    monkeypatch.setattr(counting, "planned_rows", lambda queryset: 123_456)
    monkeypatch.setattr(listing, "EXACT_UP_TO", WALKED)

    changelist = client.get(LIST, {"deadline": "breached"}).context["cl"]

    breached = Case.objects.filter(clocks__in=Clock.objects.breached(timezone.now())).distinct()
    assert (changelist.result_count, changelist.paginator.estimated) == (breached.count(), False)


def test_past_the_clocks_it_counts_a_deadline_filter_takes_the_planners_estimate(client, office, monkeypatch):
    client.force_login(make_user(TEAM_LEAD))
    monkeypatch.setattr(counting, "planned_rows", lambda queryset: 123_456)
    monkeypatch.setattr(listing, "planned_rows", lambda queryset: 123_456)
    monkeypatch.setattr(listing, "EXACT_UP_TO", WALKED)
    monkeypatch.setattr(listing, "CLOCKS_COUNTED_UP_TO", 10)

    changelist = client.get(LIST, {"deadline": "breached"}).context["cl"]

    assert (changelist.result_count, changelist.paginator.estimated) == (120_000, True)


# The case list's ten queries (tests.cases.test_case_list) less its count, then what a deadline filter
# adds: its clocks' case ids, and the exact count its own bound allows. Walked, it also counts its
# clocks.
FILTERED_LIST_QUERIES = 10 + 2
WALKED_LIST_QUERIES = FILTERED_LIST_QUERIES + 1


# bulk_cases spreads due dates over 30 days: 40 cases have some due soon and some breached.
@pytest.mark.parametrize("n", [40, 1000])
@pytest.mark.parametrize(
    ("read_by_id_up_to", "queries"), [(READ_BY_ID, FILTERED_LIST_QUERIES), (0, WALKED_LIST_QUERIES)]
)
@pytest.mark.parametrize("deadline", ["breached", "due_7"])
def test_a_deadline_filter_costs_the_same_queries_for_40_and_1000_cases(
    client, django_assert_num_queries, officer, monkeypatch, n, read_by_id_up_to, queries, deadline
):
    bulk_cases(n, officers=[officer, make_user(CASE_OFFICER)], now=timezone.now())
    client.force_login(officer)
    monkeypatch.setattr(listing, "EXACT_UP_TO", read_by_id_up_to)

    response = get_within_budget(client, f"{LIST}?deadline={deadline}", queries, django_assert_num_queries)

    assert response.context["cl"].result_list
