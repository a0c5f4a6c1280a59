"""The partner API's complaint statistics: for the statistics:read scope only, complaints received in
the range asked for, grouped by one dimension, every group under the minimum hidden and never named,
the hidden ones counted together only when that cannot single anyone out, in a fixed number of queries."""

from datetime import date, timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from cases.deadlines import add_months
from cases.models import CaseKind, CaseStatus, DataProtectionPrinciple, Outcome
from tests.helpers.bulk_cases import bulk_cases
from tests.helpers.factories import CaseFactory, OrganisationFactory, SectorFactory
from tests.helpers.partners import partner_with_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/statistics/"
RANGE = {"from": "2026-01-01", "to": "2026-03-31"}
IN_RANGE = date(2026, 2, 10)


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    """Throttles count in the cache, which outlives a test."""
    cache.clear()


@pytest.fixture(autouse=True)
def _min_group(settings):
    settings.API_STATISTICS_MIN_GROUP = 5


def _token(scope: str) -> str:
    """An access token of a new partner's client, given ``scope``."""
    return partner_with_token(f"Partner authority ({scope})", [scope])[1]


@pytest.fixture
def reader() -> str:
    return _token("statistics:read")


def _get(client, token, **params):
    return client.get(URL, params, HTTP_AUTHORIZATION=f"Bearer {token}")


def _statistics(client, token, **params) -> dict:
    response = _get(client, token, **(RANGE | params))
    assert response.status_code == 200, response.content
    return response.json()


def _complaints(n: int, **kwargs) -> None:
    CaseFactory.create_batch(n, received_on=kwargs.pop("received_on", IN_RANGE), **kwargs)


def _counts(body: dict) -> dict[str, int]:
    return {group["name"]: group["count"] for group in body["groups"]}


# --- access -----------------------------------------------------------------------------------------


def test_without_a_token_the_answer_is_401(client):
    response = client.get(URL)

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_token_without_the_statistics_scope_is_refused(client):
    response = _get(client, _token("referrals:read"))

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"


def test_a_token_with_the_statistics_scope_gets_the_table(client, reader):
    _complaints(5)

    body = _statistics(client, reader, by="month")

    assert body == {
        "from": "2026-01-01",
        "to": "2026-03-31",
        "by": "month",
        "min_group": 5,
        "total": 5,
        "groups": [{"code": "2026-02", "name": "February 2026", "count": 5}],
        "suppressed": 0,
    }


# --- suppression ------------------------------------------------------------------------------------


def test_a_group_of_the_minimum_is_shown_and_smaller_ones_are_hidden_unnamed_and_counted_together(client, reader):
    _complaints(5, organisation=OrganisationFactory(name="Shown Holdings"))
    _complaints(4, organisation=OrganisationFactory(name="Hidden Four Ltd"))
    _complaints(1, organisation=OrganisationFactory(name="Lone Complaint Ltd"))

    response = _get(client, reader, by="organisation", **RANGE)
    body = response.json()

    assert _counts(body) == {"Shown Holdings": 5}
    assert body["suppressed"] == 5
    assert body["total"] == 10
    assert b"Hidden Four" not in response.content
    assert b"Lone Complaint" not in response.content


def test_the_minimum_comes_from_the_setting(client, reader, settings):
    settings.API_STATISTICS_MIN_GROUP = 4
    _complaints(4, organisation=OrganisationFactory(name="Four Complaints Ltd"))

    body = _statistics(client, reader, by="organisation")

    assert _counts(body) == {"Four Complaints Ltd": 4}
    assert body["min_group"] == 4


def test_when_the_hidden_groups_add_up_to_fewer_than_the_minimum_the_smallest_shown_group_is_hidden_too(client, reader):
    _complaints(6, organisation=OrganisationFactory(name="Six Complaints Ltd"))
    _complaints(5, organisation=OrganisationFactory(name="Five Complaints Ltd"))
    _complaints(3, organisation=OrganisationFactory(name="Three Complaints Ltd"))

    response = _get(client, reader, by="organisation", **RANGE)
    body = response.json()

    # Left out, the 3 would be the total less the groups shown; hidden with the 5, it is not.
    assert _counts(body) == {"Six Complaints Ltd": 6}
    assert body["suppressed"] == 8
    assert body["total"] == 14
    assert b"Five Complaints" not in response.content
    assert b"Three Complaints" not in response.content


def test_fewer_complaints_than_the_minimum_in_all_show_nothing_not_even_the_total(client, reader):
    _complaints(2, organisation=OrganisationFactory(name="Two Complaints Ltd"))
    _complaints(2, organisation=OrganisationFactory(name="Other Two Ltd"))

    body = _statistics(client, reader, by="organisation")

    assert (body["total"], body["groups"], body["suppressed"]) == (None, [], None)


def test_a_range_without_complaints_has_a_total_of_none(client, reader):
    body = _statistics(client, reader, by="sector")

    assert (body["total"], body["groups"], body["suppressed"]) == (0, [], 0)


def test_the_total_of_a_range_is_the_same_whatever_the_dimension(client, reader):
    retail = SectorFactory(code="retail")
    _complaints(7, organisation=OrganisationFactory(sector=retail))
    _complaints(3, organisation=OrganisationFactory(sector=retail))
    _complaints(6, status=CaseStatus.CLOSED)

    totals = {by: _statistics(client, reader, by=by)["total"] for by in ["month", "sector", "outcome", "organisation"]}

    assert set(totals.values()) == {16}


def test_nothing_of_complainants_or_officers_is_in_the_body(client, reader, officer):
    _complaints(5, assigned_officer=officer)

    for by in ["month", "sector", "principle", "outcome", "organisation"]:
        response = _get(client, reader, by=by, **RANGE)
        assert b"Chan" not in response.content
        assert officer.username.encode() not in response.content
        assert set(response.json()) == {"from", "to", "by", "min_group", "total", "groups", "suppressed"}


# --- what counts ------------------------------------------------------------------------------------


def test_only_complaints_received_within_the_range_both_days_included_count(client, reader):
    _complaints(2, received_on=date(2026, 1, 1))
    _complaints(3, received_on=date(2026, 3, 31))
    _complaints(4, received_on=date(2025, 12, 31))
    _complaints(4, received_on=date(2026, 4, 1))
    _complaints(5, kind=CaseKind.INCOMING_REFERRAL)
    _complaints(5, kind=CaseKind.BREACH_NOTIFICATION)

    body = _statistics(client, reader, by="month")

    assert body["total"] == 5


# --- grouping ---------------------------------------------------------------------------------------


def test_by_month_the_months_come_in_order(client, reader):
    _complaints(5, received_on=date(2026, 3, 1))
    _complaints(6, received_on=date(2026, 1, 31))

    body = _statistics(client, reader, by="month")

    assert body["groups"] == [
        {"code": "2026-01", "name": "January 2026", "count": 6},
        {"code": "2026-03", "name": "March 2026", "count": 5},
    ]


def test_by_sector_the_sectors_have_their_codes_and_english_names_largest_first(client, reader):
    _complaints(5, organisation=OrganisationFactory(sector=SectorFactory(code="retail")))
    _complaints(6, organisation=OrganisationFactory(sector=SectorFactory(code="insurance")))
    _complaints(5, organisation=None)

    body = _statistics(client, reader, by="sector")

    assert body["groups"] == [
        {"code": "insurance", "name": "Insurance", "count": 6},
        {"code": "none", "name": "No organisation recorded", "count": 5},
        {"code": "retail", "name": "Retail and e-commerce", "count": 5},
    ]


def test_by_principle_a_case_counts_under_each_principle_it_alleges_and_once_in_the_total(client, reader):
    first, third = DataProtectionPrinciple.objects.get(number=1), DataProtectionPrinciple.objects.get(number=3)
    _complaints(5, principles=[first, third])
    _complaints(1, principles=[third])
    _complaints(5)

    body = _statistics(client, reader, by="principle")

    assert {group["code"]: group["count"] for group in body["groups"]} == {"DPP3": 6, "DPP1": 5, "none": 5}
    assert body["groups"][0]["name"] == third.title
    assert body["total"] == 11


def test_by_outcome_open_complaints_have_none_yet(client, reader):
    _complaints(6, status=CaseStatus.CLOSED, outcome=Outcome.CONCILIATED)
    _complaints(5)

    body = _statistics(client, reader, by="outcome")

    assert body["groups"] == [
        {"code": "conciliated", "name": "Resolved through conciliation", "count": 6},
        {"code": "none", "name": "Not decided yet", "count": 5},
    ]


def test_labels_are_in_english_whatever_the_language_asked_for(client, reader):
    _complaints(5, status=CaseStatus.CLOSED, outcome=Outcome.CONCILIATED)

    response = client.get(
        URL, {**RANGE, "by": "outcome"}, HTTP_AUTHORIZATION=f"Bearer {reader}", HTTP_ACCEPT_LANGUAGE="zh-hant"
    )

    assert response.json()["groups"][0]["name"] == "Resolved through conciliation"


# --- the range --------------------------------------------------------------------------------------


def test_by_default_the_last_twelve_months_by_month(client, reader):
    today = timezone.localdate()
    _complaints(5, received_on=today)

    body = _get(client, reader).json()

    assert body["to"] == today.isoformat()
    assert body["from"] == (add_months(today, -12) + timedelta(days=1)).isoformat()
    assert body["by"] == "month"
    assert body["total"] == 5


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"from": "2026-03-02", "to": "2026-03-01"}, "from"),
        ({"from": "2021-03-01", "to": "2026-03-01"}, "to"),
        ({"from": "2026-02-30"}, "from"),
        ({"to": "yesterday"}, "to"),
        ({"by": "complainant"}, "by"),
        ({"to": "0001-01-01"}, "to"),
    ],
)
def test_a_wrong_range_or_dimension_is_a_400_naming_the_field(client, reader, params, field):
    response = _get(client, reader, **params)

    assert response.status_code == 400
    assert set(response.json()["error"]["fields"]) == {field}


def test_a_range_of_five_years_is_accepted(client, reader):
    response = _get(client, reader, **{"from": "2021-03-02", "to": "2026-03-01"})

    assert response.status_code == 200
    assert response.json()["from"] == "2021-03-02"


# --- queries ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("by", ["month", "sector", "principle", "outcome", "organisation"])
@pytest.mark.parametrize("n", [10, 120])
def test_the_table_takes_the_same_few_queries_however_many_complaints(
    client, reader, django_assert_max_num_queries, by, n
):
    bulk_cases(n, officers=[], now=timezone.now())

    # Two to check the token, then one to count the groups (and one for the total by principle).
    with django_assert_max_num_queries(4):
        body = _get(client, reader, by=by).json()

    assert body["total"] == n
