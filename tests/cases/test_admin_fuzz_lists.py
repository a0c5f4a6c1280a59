"""Bad input to any list or search of the admin is a clear 400 or an answer that says what it left
out, never a server error: out-of-range and malformed numbers, filters the list does not offer,
impossible dates, pages past either end and searches longer than a search box is for.

The lists and their filters are read from ``admin.site._registry`` and the rendered pages, so a
screen or filter added later is fuzzed too.
"""

import pytest
from django.contrib import admin
from django.utils.html import strip_tags

from cases.models import Organisation, Sector
from dpa.checked_admin import MAX_SEARCH_WORD_LENGTH, MAX_SEARCH_WORDS
from dpa.dates import EARLIEST_DATE, LATEST_DATE
from tests.helpers.hostile_input import CHECKED, admin_url, crash_report, undone

pytestmark = pytest.mark.django_db

# Past what any integer column holds, either way; 10**30 goes to the ordering and the forms.
OUT_OF_RANGE = [str(2**63), str(-(2**63) - 1)]
# A list carries its filter values in every link on the page, so a longer one only costs time.
LONG = "日本語" * 400
IMPOSSIBLE_DAYS = ["0001-01-01", "9999-12-31", "10000-01-01", "1-1-1", "2026-02-30"]
# Filters the lists do not offer: unknown fields and lookups, and a person's name or an officer's
# password reached through a relation.
NOT_OFFERED = [
    {"title__regex": "("},
    {"pk__in": "abc"},
    {"id__gt": "99999999999999999999"},
    {"nonexistent": "1"},
    {"complainant__name__icontains": "x"},
    {"assigned_officer__password__startswith": "p"},
]
# Ordering, paging, pop-ups and the like; a page past the end has its own test.
LIST_CONTROLS = [
    *({"o": value} for value in [f"-{10**30}", "0." * 1000]),
    {"p": str(2**63)},
    *({"_to_field": value} for value in ["password", "\x00"]),
    {"_popup": "abc"},
    {"e": "1"},
    {"_facets": "abc"},
]
SEARCHES = [
    " ".join(f"word{n}" for n in range(1000)),
    "y" * 100_000,
    # Fewer words than a search uses, so that every one is searched for: quotes, escapes, LIKE's
    # wildcards, a NUL and a phrase left open.
    '"a" \'b\' \\"c 100%_off\\ nul\x00l 日本語 " "unclosed phrase',
]


def _error_note(response) -> str:
    """The reason a refused list gives on its page."""
    page = response.content.decode()
    start = page.find('class="errornote"')
    return strip_tags(page[page.find(">", start) + 1 : page.find("</p>", start)]) if start != -1 else ""


def test_every_screen_of_the_admin_is_built_on_checked_input():
    assert [type(each).__name__ for each in admin.site._registry.values() if each not in CHECKED] == []


# --- change lists ----------------------------------------------------------------------------------


def _filter_values(spec, parameter: str) -> list[str]:
    """Hostile values for one parameter of a list filter, by what the parameter takes."""
    if parameter.endswith("__isnull"):
        return ["abc"]
    if isinstance(spec, admin.DateFieldListFilter):
        return [*IMPOSSIBLE_DAYS, OUT_OF_RANGE[0]]
    if isinstance(spec, admin.SimpleListFilter | admin.ChoicesFieldListFilter | admin.BooleanFieldListFilter):
        # A value it does not list is ignored or matches nothing, whatever the value.
        return ["\x00", LONG]
    return [*OUT_OF_RANGE, "abc", "", "\x00", LONG]


def _impossible_drill_downs(field: str) -> list[tuple[dict, str]]:
    """Date hierarchy values no list can show, each with the part the refusal must name."""
    year, month, day = (f"{field}__{part}" for part in ("year", "month", "day"))
    return [
        ({year: "1"}, "year"),
        ({year: "9999"}, "year"),
        ({year: "10000"}, "year"),
        ({year: str(2**63)}, "year"),
        ({year: "-1"}, "year"),
        ({year: "\uff12\uff10\uff12\uff16"}, "year"),  # 2026 in full-width digits, which isdigit() takes
        ({year: "2026", month: "13"}, "month"),
        ({year: "2026", month: "0"}, "month"),
        ({year: "2026", month: "1", day: "32"}, "day"),
        ({year: "2026", month: "2", day: "31"}, "day"),
        ({year: "2025", month: "2", day: "29"}, "day"),
        ({month: "2"}, "month"),
        ({day: "1"}, "day"),
    ]


def _edge_drill_downs(field: str) -> list[dict]:
    year, month, day = (f"{field}__{part}" for part in ("year", "month", "day"))
    return [
        {year: str(EARLIEST_DATE.year), month: "1", day: "1"},
        {year: str(LATEST_DATE.year - 1), month: "12", day: "31"},
        {year: str(LATEST_DATE.year - 1), month: "12"},
    ]


def _hostile_list_queries(cl, who: str) -> list[dict]:
    queries = [
        {parameter: value}
        for spec in cl.filter_specs
        for parameter in spec.expected_parameters()
        for value in _filter_values(spec, parameter)
    ]
    if who == "root":
        # How a list orders and pages does not depend on who asks; an administrator's drill-down
        # by date has its own test.
        queries += LIST_CONTROLS
    elif cl.date_hierarchy:
        queries += [query for query, _part in _impossible_drill_downs(cl.date_hierarchy)]
        queries += _edge_drill_downs(cl.date_hierarchy)
    return [*queries, *({"q": term} for term in SEARCHES)]


def _list_crashes(visitor, fuzz_world, model_admin) -> list[str]:
    """Every hostile parameter of the list, as an administrator and as a case officer: the crashes."""
    url, crashes = admin_url(model_admin), []
    for who in ("root", "colleague"):
        visitor.force_login(fuzz_world[who])
        # Undone, like the identities each page records as shown, so that no list grows for the next.
        with undone():
            page = visitor.get(url)
            # A list the user may not open is refused whatever is asked of it.
            queries = _hostile_list_queries(page.context["cl"], who) if page.status_code == 200 else []
            crashes.append(crash_report(who, page, {}))
            crashes += [crash_report(who, visitor.get(url, query), query) for query in queries]
    return [crash for crash in crashes if crash]


def _unoffered_filters_not_refused_in_words(visitor, fuzz_world, model_admin) -> list[str]:
    wrong = []
    for who in ("root", "colleague"):
        visitor.force_login(fuzz_world[who])
        url = admin_url(model_admin)
        for lookup in NOT_OFFERED:
            response = visitor.get(url, lookup)
            if response.status_code == 403:
                break
            if response.status_code != 400 or f"filtered by {next(iter(lookup))}." not in _error_note(response):
                wrong.append(
                    f"{who} {admin_url(model_admin)} {lookup}: {response.status_code} {_error_note(response)!r}"
                )
    return wrong


def _look_up_crashes(visitor, fuzz_world, target) -> list[str]:
    """Hostile terms in every autocomplete that searches the target admin's rows: the crashes."""
    visitor.force_login(fuzz_world["root"])
    crashes = []
    for model_admin in admin.site._registry.values():
        for name in model_admin.autocomplete_fields:
            if model_admin.opts.get_field(name).related_model is not target.model:
                continue
            opts = model_admin.opts
            for term in SEARCHES:
                query = {"term": term, "app_label": opts.app_label, "model_name": opts.model_name, "field_name": name}
                crashes.append(crash_report("root", visitor.get("/admin/autocomplete/", query), query))
    return [crash for crash in crashes if crash]


def test_hostile_list_parameters_and_look_up_terms_never_give_a_server_error(visitor, fuzz_world):
    crashes = []

    for model_admin in CHECKED:
        crashes += _list_crashes(visitor, fuzz_world, model_admin)
        crashes += _look_up_crashes(visitor, fuzz_world, model_admin)

    assert not crashes, "\n".join(crashes)


def test_a_filter_the_list_does_not_offer_is_a_400_that_names_it(visitor, fuzz_world):
    wrong = []

    for model_admin in CHECKED:
        wrong += _unoffered_filters_not_refused_in_words(visitor, fuzz_world, model_admin)

    assert not wrong, "\n".join(wrong)


def test_a_complainants_name_is_not_reached_through_a_case_filter_by_someone_who_may_not_see_it(
    visitor, fuzz_world, auditor
):
    visitor.force_login(auditor)

    response = visitor.get("/admin/cases/case/", {"complainant__name__icontains": "Lam"})

    assert response.status_code == 400
    assert _error_note(response) == "This list cannot be filtered by complainant__name__icontains."
    assert fuzz_world["normal"].reference not in response.content.decode()


def test_an_impossible_date_in_the_date_drill_down_is_a_400_that_says_why(visitor, fuzz_world):
    visitor.force_login(fuzz_world["root"])
    drilled = []

    for model_admin in [each for each in CHECKED if each.date_hierarchy]:
        for query, part in _impossible_drill_downs(model_admin.date_hierarchy):
            response = visitor.get(admin_url(model_admin), query)

            assert response.status_code == 400, query
            assert part in _error_note(response), (query, _error_note(response))
        for query in _edge_drill_downs(model_admin.date_hierarchy):
            assert visitor.get(admin_url(model_admin), query).status_code == 200, query
        drilled.append(model_admin.opts.label_lower)

    assert {"cases.identityaccess", "cases.calendarday"} <= set(drilled)


def test_a_year_the_case_list_has_not_offered_is_a_400_that_says_why(visitor, fuzz_world):
    visitor.force_login(fuzz_world["root"])

    for year in ("twenty", "0", "1899", "3000", "2026.5"):
        response = visitor.get("/admin/cases/case/", {"received_in": year})

        assert response.status_code == 400, year
        assert f"There is no year {year}" in _error_note(response), year
    assert visitor.get("/admin/cases/case/", {"received_in": "1900"}).status_code == 200


def test_a_page_past_either_end_of_a_list_is_a_400_that_says_so(visitor, fuzz_world):
    sector = Sector.objects.order_by("pk").first()
    Organisation.objects.bulk_create(Organisation(name=f"Fuzz Organisation {n}", sector=sector) for n in range(100))
    visitor.force_login(fuzz_world["root"])

    for page in ("0", "-1", "3", str(2**63), str(10**30)):
        response = visitor.get("/admin/cases/organisation/", {"p": page})

        assert response.status_code == 400, page
        assert "no such page" in _error_note(response), (page, _error_note(response))
    # Not a number at all, Django shows the first page.
    assert visitor.get("/admin/cases/organisation/", {"p": "abc"}).status_code == 200
    assert visitor.get("/admin/cases/organisation/", {"p": "2"}).status_code == 200


def test_a_search_of_too_many_or_too_long_words_lists_what_it_can_and_says_what_it_left_out(visitor, fuzz_world):
    visitor.force_login(fuzz_world["root"])
    words = [f"word{n}" for n in range(MAX_SEARCH_WORDS + 5)]
    searched = []

    for model_admin in CHECKED:
        url = admin_url(model_admin)
        if not visitor.get(url).context["cl"].search_fields:
            continue
        many = visitor.get(url, {"q": " ".join(words)})
        long = visitor.get(url, {"q": "y" * 100_000})

        assert many.status_code == 200, url
        left_out = f"at most {MAX_SEARCH_WORDS} words; it left out: {' '.join(words[MAX_SEARCH_WORDS:])}"
        assert left_out in many.content.decode(), url
        assert long.status_code == 200, url
        assert f"at most {MAX_SEARCH_WORD_LENGTH} characters of a word" in long.content.decode(), url
        searched.append(model_admin.opts.label_lower)

    assert {"cases.case", "cases.organisation", "cases.identityaccess"} <= set(searched)
