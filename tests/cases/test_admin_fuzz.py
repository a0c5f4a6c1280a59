"""Bad input to any list, search or form of the admin is a clear 400, 404 or form error, never a
server error: out-of-range and malformed numbers, filters the list does not offer, impossible
dates, searches longer than a search box is for, and values no column could hold.

The lists, their filters, the forms and their fields are read from ``admin.site._registry`` and the
rendered pages, so a screen, filter or field added later is fuzzed too. The client answers a crash
with its 500 page, as the server would, so that one run names every request that fails.
"""

import logging
from contextlib import contextmanager
from datetime import datetime, time

import pytest
from axes.models import AccessAttempt
from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import DateField, DateTimeField, IntegerField, Q
from django.test import Client
from django.utils import timezone
from django.utils.html import strip_tags

from cases.admin.checked import MAX_SEARCH_WORD_LENGTH, MAX_SEARCH_WORDS, CheckedInputAdmin
from cases.admin.inlines import CLOCK_ACTION_LABELS
from cases.models import (
    EARLIEST_DATE,
    LATEST_DATE,
    CalendarDay,
    Case,
    CaseStatus,
    Clock,
    ClockExtension,
    ClockRule,
    Organisation,
    Sector,
)
from dpa.roles import AUDITOR
from tests.cases.admin_probe import forms_on
from tests.factories import CaseFactory, ComplainantFactory, TeamFactory, make_user

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
# Real days outside the years a case, clock or log entry can fall in, and days that are not days.
IMPLAUSIBLE_DAYS = ["0001-01-01", "9999-12-31", "1899-12-31"]
FORM_DAYS = [*IMPLAUSIBLE_DAYS, "garbage"]
FORM_NUMBERS = [2**31, 2**63, -1, 10**30]
NO_SUCH_ROW = [str(2**63), "abc"]
IMPLAUSIBLE = f"Enter a date between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}."

CHECKED = [each for each in admin.site._registry.values() if isinstance(each, CheckedInputAdmin)]


def _url(model_admin, view: str = "", object_id=None) -> str:
    opts = model_admin.opts
    return f"/admin/{opts.app_label}/{opts.model_name}/" + (f"{object_id}/" if object_id else "") + view


@pytest.fixture
def browser(caplog):
    """A client that answers a crash with its 500 page instead of raising it."""
    # Every refusal is logged as a warning, thousands of them; a crash is still logged as an error.
    for name in ("django.request", "django.security"):
        caplog.set_level(logging.ERROR, logger=name)
    return Client(raise_request_exception=False)


@pytest.fixture
def world(probe_world):
    """probe_world, and a row on every list: a team, a calendar day, a failed sign-in, a closed case."""
    TeamFactory(members=[probe_world["colleague"]])
    CalendarDay.objects.create(
        date=timezone.localdate(), kind=CalendarDay.Kind.GALE_WARNING, name="Signal No. 8", source="Observatory"
    )
    AccessAttempt.objects.create(
        username="someone",
        ip_address="192.0.2.1",
        user_agent="Fuzzer",
        http_accept="*/*",
        path_info="/admin/login/",
        get_data="",
        post_data="",
        failures_since_start=2,
    )
    closed = CaseFactory(status=CaseStatus.CLOSED, assigned_officer=probe_world["colleague"])
    return {**probe_world, "root": make_user(username="root", is_superuser=True), "closed": closed}


def _shown(sent: dict) -> dict:
    return {
        name: value if len(str(value)) <= 40 else f"{str(value)[:20]}… ({len(str(value))} characters)"
        for name, value in sent.items()
    }


def _crash(who: str, response, sent: dict) -> str | None:
    if response.status_code < 500:
        return None
    error = response.exc_info[1] if response.exc_info else None
    return f"{who} {response.request['PATH_INFO']} {_shown(sent)}: {response.status_code} {error!r}"


@contextmanager
def _undone():
    """Whatever a request stores is undone afterwards, so that every request starts from the same rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _error_note(response) -> str:
    """The reason a refused list gives on its page."""
    page = response.content.decode()
    start = page.find('class="errornote"')
    return strip_tags(page[page.find(">", start) + 1 : page.find("</p>", start)]) if start != -1 else ""


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


def _list_crashes(browser, world, model_admin) -> list[str]:
    """Every hostile parameter of the list, as an administrator and as a case officer: the crashes."""
    url, crashes = _url(model_admin), []
    for who in ("root", "colleague"):
        browser.force_login(world[who])
        # Undone, like the identities each page records as shown, so that no list grows for the next.
        with _undone():
            page = browser.get(url)
            # A list the user may not open is refused whatever is asked of it.
            queries = _hostile_list_queries(page.context["cl"], who) if page.status_code == 200 else []
            crashes.append(_crash(who, page, {}))
            crashes += [_crash(who, browser.get(url, query), query) for query in queries]
    return [crash for crash in crashes if crash]


def _unoffered_filters_not_refused_in_words(browser, world, model_admin) -> list[str]:
    wrong = []
    for who in ("root", "colleague"):
        browser.force_login(world[who])
        for lookup in NOT_OFFERED:
            response = browser.get(_url(model_admin), lookup)
            if response.status_code == 403:
                break
            if response.status_code != 400 or f"filtered by {next(iter(lookup))}." not in _error_note(response):
                wrong.append(f"{who} {_url(model_admin)} {lookup}: {response.status_code} {_error_note(response)!r}")
    return wrong


def _look_up_crashes(browser, world, target) -> list[str]:
    """Hostile terms in every autocomplete that searches the target admin's rows: the crashes."""
    browser.force_login(world["root"])
    crashes = []
    for model_admin in admin.site._registry.values():
        for name in model_admin.autocomplete_fields:
            if model_admin.opts.get_field(name).related_model is not target.model:
                continue
            opts = model_admin.opts
            for term in SEARCHES:
                query = {"term": term, "app_label": opts.app_label, "model_name": opts.model_name, "field_name": name}
                crashes.append(_crash("root", browser.get("/admin/autocomplete/", query), query))
    return [crash for crash in crashes if crash]


def test_hostile_list_parameters_and_look_up_terms_never_give_a_server_error(browser, world):
    crashes = []

    for model_admin in CHECKED:
        crashes += _list_crashes(browser, world, model_admin)
        crashes += _look_up_crashes(browser, world, model_admin)

    assert not crashes, "\n".join(crashes)


def test_a_filter_the_list_does_not_offer_is_a_400_that_names_it(browser, world):
    wrong = []

    for model_admin in CHECKED:
        wrong += _unoffered_filters_not_refused_in_words(browser, world, model_admin)

    assert not wrong, "\n".join(wrong)


def test_a_complainants_name_is_not_reached_through_a_case_filter_by_someone_who_may_not_see_it(browser, world):
    browser.force_login(make_user(AUDITOR, username="auditor"))

    response = browser.get("/admin/cases/case/", {"complainant__name__icontains": "Lam"})

    assert response.status_code == 400
    assert _error_note(response) == "This list cannot be filtered by complainant__name__icontains."
    assert world["normal"].reference not in response.content.decode()


def test_an_impossible_date_in_the_date_drill_down_is_a_400_that_says_why(browser, world):
    browser.force_login(world["root"])
    drilled = []

    for model_admin in [each for each in CHECKED if each.date_hierarchy]:
        for query, part in _impossible_drill_downs(model_admin.date_hierarchy):
            response = browser.get(_url(model_admin), query)

            assert response.status_code == 400, query
            assert part in _error_note(response), (query, _error_note(response))
        for query in _edge_drill_downs(model_admin.date_hierarchy):
            assert browser.get(_url(model_admin), query).status_code == 200, query
        drilled.append(model_admin.opts.label_lower)

    assert {"cases.case", "cases.identityaccess", "cases.calendarday"} <= set(drilled)


def test_a_page_past_either_end_of_a_list_is_a_400_that_says_so(browser, world):
    sector = Sector.objects.order_by("pk").first()
    Organisation.objects.bulk_create(Organisation(name=f"Fuzz Organisation {n}", sector=sector) for n in range(100))
    browser.force_login(world["root"])

    for page in ("0", "-1", "3", str(2**63), str(10**30)):
        response = browser.get("/admin/cases/organisation/", {"p": page})

        assert response.status_code == 400, page
        assert "no such page" in _error_note(response), (page, _error_note(response))
    # Not a number at all, Django shows the first page.
    assert browser.get("/admin/cases/organisation/", {"p": "abc"}).status_code == 200
    assert browser.get("/admin/cases/organisation/", {"p": "2"}).status_code == 200


def test_a_search_of_too_many_or_too_long_words_lists_what_it_can_and_says_what_it_left_out(browser, world):
    browser.force_login(world["root"])
    words = [f"word{n}" for n in range(MAX_SEARCH_WORDS + 5)]
    searched = []

    for model_admin in CHECKED:
        url = _url(model_admin)
        if not browser.get(url).context["cl"].search_fields:
            continue
        many = browser.get(url, {"q": " ".join(words)})
        long = browser.get(url, {"q": "y" * 100_000})

        assert many.status_code == 200, url
        left_out = f"at most {MAX_SEARCH_WORDS} words; it left out: {' '.join(words[MAX_SEARCH_WORDS:])}"
        assert left_out in many.content.decode(), url
        assert long.status_code == 200, url
        assert f"at most {MAX_SEARCH_WORD_LENGTH} characters of a word" in long.content.decode(), url
        searched.append(model_admin.opts.label_lower)

    assert {"cases.case", "cases.organisation", "cases.identityaccess"} <= set(searched)


# --- forms -----------------------------------------------------------------------------------------


def _form_of(response):
    """The form a page shows or shows again: an admin add or change form, or a case transition's."""
    context = response.context or {}
    if "adminform" in context:
        return context["adminform"].form
    return context.get("form")


def _blank(form, name: str, data: dict) -> bool:
    key = form.add_prefix(name)
    if isinstance(form.fields[name], forms.SplitDateTimeField):
        key = f"{key}_0"
    # A textarea renders with a newline a browser leaves out.
    return str(data.get(key) or "").strip() in ("", "[]")


def _plausible(form, name: str) -> dict:
    """A value a careful user would give the field."""
    field, key = form.fields[name], form.add_prefix(name)
    today = timezone.localdate().isoformat()
    if isinstance(field, forms.SplitDateTimeField):
        return {f"{key}_0": today, f"{key}_1": "09:00:00"}
    if isinstance(field, forms.ModelChoiceField):
        first = field.queryset.first()
        value = str(field.prepare_value(first)) if first is not None else ""
        return {key: [value] if isinstance(field, forms.ModelMultipleChoiceField) else value}
    if isinstance(field, forms.ChoiceField):
        return {key: next((str(value) for value, _label in field.choices if value not in ("", None)), "")}
    if isinstance(field, forms.DateField):
        return {key: today}
    if isinstance(field, forms.IntegerField):
        return {key: "1"}
    if isinstance(field, forms.EmailField):
        return {key: "fuzz@example.org"}
    if isinstance(field, forms.SlugField):
        return {key: "fuzz"}
    return {key: "Fuzz"}


def _filled(browser, page: str, form, submitted: dict) -> dict:
    """The form as the page submits it, with each blank that saving it asks for filled in."""
    data = dict(submitted)
    for _attempt in range(3):  # some fields are asked for only once others are given
        with _undone():
            shown_again = _form_of(browser.post(page, data))
        errors = shown_again.errors if shown_again is not None else {}
        blanks = [name for name in errors if name in form.fields and _blank(form, name, data)]
        if not blanks:
            break
        for name in blanks:
            data |= _plausible(form, name)
    return data


def _submitted(response) -> dict:
    """The fields of the page's main form, as a browser would submit them."""
    return max(forms_on(response.content.decode()), key=lambda each: len(each["fields"]))["fields"]


def _storable(form, name: str, number: int) -> bool:
    """Whether the field takes the number and PostgreSQL could store it in the field's column."""
    model = getattr(getattr(form, "_meta", None), "model", None)
    try:
        internal_type = model._meta.get_field(name).get_internal_type() if model else "IntegerField"
    except FieldDoesNotExist:
        internal_type = "IntegerField"
    lowest, highest = BaseDatabaseOperations.integer_field_ranges.get(internal_type, (-(2**31), 2**31 - 1))
    smallest_taken = form.fields[name].min_value
    return lowest <= number <= highest and (smallest_taken is None or smallest_taken <= number)


def _hostile_values(form):
    """For each field of the form: its name, the values posted, whether saving them is legitimate,
    and the error it must give if a specific one."""
    for name, field in form.fields.items():
        if field.disabled:
            continue
        key = form.add_prefix(name)
        if isinstance(field, forms.SplitDateTimeField | forms.DateField | forms.DateTimeField):
            for day in FORM_DAYS:
                values = (
                    {f"{key}_0": day, f"{key}_1": "00:00:00"}
                    if isinstance(field, forms.MultiValueField)
                    else {key: day}
                )
                yield name, values, False, IMPLAUSIBLE if day in IMPLAUSIBLE_DAYS else None
        elif isinstance(field, forms.ModelMultipleChoiceField):
            for row in NO_SUCH_ROW:
                yield name, {key: [row]}, False, None
        elif isinstance(field, forms.ModelChoiceField):
            for row in NO_SUCH_ROW:
                yield name, {key: row}, False, None
        elif isinstance(field, forms.IntegerField):
            for number in FORM_NUMBERS:
                yield name, {key: str(number)}, _storable(form, name, number), None
        elif isinstance(field, forms.CharField):
            yield name, {key: "a\x00b"}, False, None
            yield name, {key: "x" * ((field.max_length or 100_000) + 1)}, field.max_length is None, None


def _stored_out_of_range() -> list[str]:
    """Models with a row holding a number PostgreSQL could not store, or a date outside the plausible years."""
    zone = timezone.get_current_timezone()
    earliest = datetime.combine(EARLIEST_DATE, time.min, tzinfo=zone)
    latest = datetime.combine(LATEST_DATE, time.max, tzinfo=zone)
    found = []
    for model in [*apps.get_app_config("cases").get_models(), get_user_model()]:
        out_of_range = Q()
        for field in model._meta.concrete_fields:
            stored = BaseDatabaseOperations.integer_field_ranges.get(field.get_internal_type())
            if isinstance(field, IntegerField) and stored:
                out_of_range |= Q(**{f"{field.attname}__lt": stored[0]}) | Q(**{f"{field.attname}__gt": stored[1]})
            elif isinstance(field, DateTimeField):
                out_of_range |= Q(**{f"{field.attname}__lt": earliest}) | Q(**{f"{field.attname}__gt": latest})
            elif isinstance(field, DateField):
                out_of_range |= Q(**{f"{field.attname}__lt": EARLIEST_DATE}) | Q(
                    **{f"{field.attname}__gt": LATEST_DATE}
                )
        if out_of_range and model._base_manager.filter(out_of_range).exists():
            found.append(model._meta.label)
    return found


def _fuzz_form(browser, who: str, page: str) -> tuple[list[str], int]:
    """Post the page's form with each field hostile in turn: what went wrong, and how many were posted."""
    rendered = browser.get(page)
    form = _form_of(rendered) if rendered.status_code == 200 else None
    if form is None or not form.fields:
        return [crash for crash in [_crash(who, rendered, {})] if crash], 0
    data = _filled(browser, page, form, _submitted(rendered))
    problems, posted = [], 0
    for name, values, legitimate, expected_error in _hostile_values(form):
        with _undone():
            response = browser.post(page, {**data, **values})
            stored = _stored_out_of_range() if response.status_code == 302 else []
        posted += 1
        errors = _form_of(response).errors if _form_of(response) is not None else {}
        if response.status_code >= 500:
            problems.append(_crash(who, response, values))
        elif stored:
            problems.append(f"{page} {_shown(values)} stored out-of-range values in {stored}")
        elif not legitimate and response.status_code == 302:
            problems.append(f"{page} {_shown(values)} was accepted")
        elif not legitimate and name not in errors:
            problems.append(f"{page} {_shown(values)} gave no error on {name}: {dict(errors)}")
        elif expected_error and expected_error not in errors[name]:
            problems.append(f"{page} {_shown(values)}: {errors[name]}, not “{expected_error}”")
    return problems, posted


def _form_problems(browser, world, model_admin) -> tuple[list[str], int]:
    """The add form and the change form of a row, fuzzed as an administrator."""
    browser.force_login(world["root"])
    own = world["normal"] if model_admin.model is Case else model_admin.model._default_manager.order_by("pk").first()
    pages = [_url(model_admin, "add/"), *([_url(model_admin, "change/", own.pk)] if own is not None else [])]
    problems, posted = [], 0
    for page in pages:
        found, count = _fuzz_form(browser, "root", page)
        problems += found
        posted += count
    return problems, posted


def test_hostile_form_values_are_form_errors_never_a_server_error(browser, world):
    problems, fuzzed = [], set()

    for model_admin in CHECKED:
        found, posted = _form_problems(browser, world, model_admin)
        problems += found
        if posted:
            fuzzed.add(model_admin.opts.label_lower)

    assert not problems, "\n".join(problems)
    assert not _stored_out_of_range()
    assert {"cases.case", "cases.complainant", "cases.clockrule", "cases.calendarday", "cases.team"} <= fuzzed


def test_every_screen_of_the_admin_is_built_on_checked_input():
    assert [type(each).__name__ for each in admin.site._registry.values() if each not in CHECKED] == []


def test_a_case_link_posted_with_a_key_no_case_could_have_is_a_form_error(browser, world):
    case = world["normal"]
    browser.force_login(world["colleague"])
    page = f"/admin/cases/case/{case.pk}/change/"
    data = _submitted(browser.get(page))

    for key in NO_SUCH_ROW:
        response = browser.post(page, {**data, "link_to": key})

        assert response.status_code == 200, _crash("colleague", response, {"link_to": key})
        assert "link_to" in _form_of(response).errors


def test_a_new_case_received_on_an_implausible_date_is_a_form_error_not_a_crash(browser, world):
    browser.force_login(world["root"])
    page = "/admin/cases/case/add/"
    rendered = browser.get(page)
    data = _filled(browser, page, _form_of(rendered), _submitted(rendered))
    with _undone():
        assert browser.post(page, data).status_code == 302  # as filled in, the form opens a case
    cases = Case.objects.count()

    for day in ("0001-01-01", "1899-12-31", "9999-12-31"):
        response = browser.post(page, {**data, "received_on": day})

        assert response.status_code == 200, day
        assert _form_of(response).errors["received_on"] == [IMPLAUSIBLE]
    assert Case.objects.count() == cases


def test_an_over_long_file_name_is_refused_with_the_limit(browser, world):
    case = world["normal"]
    browser.force_login(world["colleague"])
    page = f"/admin/cases/case/{case.pk}/change/"
    rendered = browser.get(page)
    [file_field] = [
        form.add_prefix(name)
        for inline in rendered.context["inline_admin_formsets"]
        for form in inline.formset.forms
        for name, field in form.fields.items()
        if isinstance(field, forms.FileField)
    ]

    response = browser.post(
        page, {**_submitted(rendered), file_field: SimpleUploadedFile("n" * 250 + ".txt", b"Minutes.\n")}
    )

    assert response.status_code == 200
    assert "at most 200 characters (it has 254)" in response.content.decode()
    assert not case.documents.exists()


def _transition_pages(case: Case) -> list[str]:
    base = f"/admin/cases/case/{case.pk}/"
    clocks = [
        f"{base}clocks/{clock.pk}/{action}/" for clock in case.clocks.all() for action in [*CLOCK_ACTION_LABELS, "x"]
    ]
    return [
        *(f"{base}move/{status}/" for status in [*CaseStatus.values, "x"]),
        *clocks,
        *(f"{base}{view}/" for view in ("close", "reopen", "note")),
    ]


def test_hostile_values_in_the_case_transition_forms_are_form_errors_never_a_server_error(browser, world):
    colleague, root = world["colleague"], world["root"]
    problems, posted = [], 0

    for who, user, case in (("colleague", colleague, world["normal"]), ("root", root, world["closed"])):
        browser.force_login(user)
        for page in _transition_pages(case):
            found, count = _fuzz_form(browser, who, page)
            problems += found
            posted += count

    assert not problems, "\n".join(problems)
    assert posted > 20


def test_extending_a_clock_by_10_to_the_30_days_is_a_form_error(browser, world):
    case = world["normal"]
    clock = case.clocks.first()
    browser.force_login(world["colleague"])

    response = browser.post(
        f"/admin/cases/case/{case.pk}/clocks/{clock.pk}/extend/", {"days": str(10**30), "reason": "Asked for time"}
    )

    assert response.status_code == 200
    assert "days" in _form_of(response).errors
    assert not ClockExtension.objects.exists()


def _post_rule(browser, rule: ClockRule, **changes) -> int:
    page = f"/admin/cases/clockrule/{rule.pk}/change/"
    rendered = browser.get(page)
    return browser.post(page, {**_submitted(rendered), **changes}).status_code


def test_a_rule_allowing_a_vast_extension_still_cannot_push_a_deadline_past_the_latest_date(browser, world):
    case = world["normal"]
    clock = case.clocks.select_related("rule").first()
    browser.force_login(world["root"])
    _post_rule(browser, clock.rule, max_extension_days=str(2**31 - 1))
    browser.force_login(world["colleague"])

    for days in (2**31 - 1, 2_000_000):
        response = browser.post(
            f"/admin/cases/case/{case.pk}/clocks/{clock.pk}/extend/", {"days": str(days), "reason": "Asked for time"}
        )

        assert response.status_code in (200, 302), _crash("colleague", response, {"days": str(days)})
    latest = datetime.combine(LATEST_DATE, time.max, tzinfo=timezone.get_current_timezone())
    assert not Clock.objects.filter(due_at__gt=latest).exists()


def test_a_rule_too_long_for_any_calendar_never_crashes_the_opening_of_a_case(browser):
    ComplainantFactory()
    browser.force_login(make_user(username="root", is_superuser=True))
    # Opening a complaint starts this rule; with no case yet, its period may still change.
    rule = ClockRule.objects.get(code="hk-pdpo-s39-3")
    _post_rule(browser, rule, length=str(2**31 - 1), unit="months")
    page = "/admin/cases/case/add/"
    rendered = browser.get(page)
    data = _filled(browser, page, _form_of(rendered), _submitted(rendered))

    response = browser.post(page, data)

    assert response.status_code in (200, 302), _crash("root", response, {})
