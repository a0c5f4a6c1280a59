"""Searching the case list: a word is found in a case's reference or summary, its organisation's
names, or, for those allowed, its complainant's identity; each word of a search must be found. The
two ways a word is asked (``cases.search``) find exactly the same cases."""

import pytest

from cases import search
from cases.models import Case
from dpa.roles import AUDITOR, TEAM_LEAD
from tests.helpers.factories import CaseFactory, ComplainantFactory, OrganisationFactory, make_user

pytestmark = pytest.mark.django_db

LIST = "/admin/cases/case/"


@pytest.fixture
def cases() -> dict[str, Case]:
    harbour = OrganisationFactory(name="Harbour Bank Limited", name_zh="海港銀行", aliases="HBL")
    peak = OrganisationFactory(name="Peak Insurance Limited", aliases="")
    return {
        "harbour leak": CaseFactory(title="Customer list leaked", organisation=harbour),
        "harbour cctv": CaseFactory(title="CCTV at the counter", organisation=harbour),
        "peak by cheung": CaseFactory(
            title="Marketing calls after opting out",
            organisation=peak,
            complainant=ComplainantFactory(name="Cheung Wing Sze", name_zh="張詠詩", email="ws.cheung@mail.example"),
        ),
        "no organisation": CaseFactory(title="Harbour photos posted online", organisation=None),
    }


def _found(client, term: str) -> set[str]:
    response = client.get(LIST, {"q": term})
    assert response.status_code == 200
    return {case.title for case in response.context["cl"].result_list}


def _titles(cases: dict[str, Case], *names: str) -> set[str]:
    return {cases[name].title for name in names}


@pytest.fixture(params=["walked", "selective"])
def asked_either_way(request, monkeypatch):
    """The planner's estimate, made to choose one form or the other on any database."""
    planned = None if request.param == "walked" else 1
    monkeypatch.setattr(search, "planned_rows", lambda queryset: planned)
    return request.param


@pytest.mark.parametrize(
    ("term", "expected"),
    [
        ("harbour", ["harbour leak", "harbour cctv", "no organisation"]),
        ("海港", ["harbour leak", "harbour cctv"]),
        ("hbl", ["harbour leak", "harbour cctv"]),
        ("harbour leaked", ["harbour leak"]),
        ('"opting out"', ["peak by cheung"]),
        ("cheung", ["peak by cheung"]),
        ("張詠詩", ["peak by cheung"]),
        ("ws.cheung@mail", ["peak by cheung"]),
        ("nothing like this", []),
    ],
)
def test_a_search_finds_a_word_wherever_it_may_be_either_way_it_is_asked(
    client, cases, asked_either_way, term, expected
):
    client.force_login(make_user(TEAM_LEAD))

    assert _found(client, term) == _titles(cases, *expected)


def test_a_search_by_reference_finds_that_case(client, cases, asked_either_way):
    client.force_login(make_user(TEAM_LEAD))
    wanted = cases["harbour cctv"]

    assert _found(client, wanted.reference) == {wanted.title}


def test_those_who_may_not_see_identities_do_not_find_cases_by_them(client, cases, asked_either_way):
    client.force_login(make_user(AUDITOR))

    assert _found(client, "Cheung Wing Sze") == set()
    assert _found(client, "opting") == _titles(cases, "peak by cheung")


def test_the_form_a_word_is_asked_in_follows_how_many_cases_the_planner_expects(monkeypatch):
    rows = {"everything": 1_000_000, "matches": 100}
    monkeypatch.setattr(
        search, "planned_rows", lambda queryset: rows["matches"] if queryset.query.where else rows["everything"]
    )

    few, expected = search.found_by("CMP-2026-00042", identity=True)
    rows["matches"] = 100_000
    many, _expected = search.found_by("harbour", identity=True)

    assert expected == 100
    assert "union" in str(Case.objects.filter(few).query).lower()
    assert "union" not in str(Case.objects.filter(many).query).lower()
