"""A long list is counted from PostgreSQL's estimate, a short one exactly; the case list says which."""

import pytest
from django.db import connection

from dpa import counting
from dpa.counting import EstimatingPaginator, rounded
from dpa.roles import TEAM_LEAD
from tests.helpers.factories import CaseFactory, make_user

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("rows", "shown"), [(7, 7), (1_234, 1_200), (987_654, 990_000), (1_000_000, 1_000_000)])
def test_an_estimate_is_shown_to_two_significant_figures(rows, shown):
    assert rounded(rows) == shown


def test_a_list_the_planner_expects_to_be_long_shows_its_estimate_and_says_so(client, monkeypatch):
    for _ in range(3):
        CaseFactory()
    monkeypatch.setattr(counting, "planned_rows", lambda queryset: 123_456)
    client.force_login(make_user(TEAM_LEAD))

    response = client.get("/admin/cases/case/")

    changelist = response.context["cl"]
    assert (changelist.result_count, changelist.paginator.estimated) == (120_000, True)
    assert "about 120000 cases" in response.content.decode()
    # Its rows are the real ones, and a page past them is empty rather than an error.
    assert len(changelist.result_list) == 3
    assert client.get("/admin/cases/case/", {"p": "5"}).status_code == 200


def test_a_list_expected_to_be_short_is_counted_exactly(client, monkeypatch):
    for _ in range(3):
        CaseFactory()
    monkeypatch.setattr(counting, "planned_rows", lambda queryset: counting.EXACT_UP_TO)
    client.force_login(make_user(TEAM_LEAD))

    changelist = client.get("/admin/cases/case/").context["cl"]

    assert (changelist.result_count, changelist.paginator.estimated) == (3, False)


def test_a_better_bound_the_caller_knows_keeps_the_estimate_down(monkeypatch):
    monkeypatch.setattr(counting, "planned_rows", lambda queryset: 880_000)

    assert EstimatingPaginator([], 50, at_most=125_529).count == 130_000
    assert EstimatingPaginator([1, 2], 50, at_most=30).count == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's planner's")
def test_the_planner_is_asked_for_its_estimate_of_the_rows_a_query_returns():
    for _ in range(3):
        CaseFactory()
    from cases.models import Case

    assert isinstance(counting.planned_rows(Case.objects.all()), int)
    assert counting.planned_rows(Case.objects.filter(pk__in=[])) == 0


def test_a_list_its_caller_knows_to_be_short_is_counted_without_asking_the_planner(monkeypatch):
    def no_estimate(queryset):
        raise AssertionError("the planner was asked")

    monkeypatch.setattr(counting, "planned_rows", no_estimate)

    assert EstimatingPaginator([1, 2, 3], 50, at_most=counting.EXACT_UP_TO).count == 3
