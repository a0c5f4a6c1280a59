"""Bad input to any form of the admin, its own or a case transition's, is a form error, never a
server error or a value no column could hold: out-of-range and malformed numbers, impossible dates,
keys no row could have, over-long text and file names.

The forms and their fields are read from ``admin.site._registry`` and the rendered pages, so a form
or field added later is fuzzed too.
"""

from datetime import datetime, time

import pytest
from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.backends.base.operations import BaseDatabaseOperations
from django.db.models import DateField, DateTimeField, IntegerField, Q
from django.utils import timezone

from cases.admin.case_actions import CLOCK_ACTION_LABELS
from cases.deadlines import add_months
from cases.models import (
    LONGEST_PERIOD,
    Case,
    CaseStatus,
    Clock,
    ClockExtension,
    ClockRule,
)
from dpa.dates import EARLIEST_DATE, LATEST_DATE
from tests.helpers.factories import ComplainantFactory
from tests.helpers.hostile_input import CHECKED, admin_url, crash_report, shortened, undone
from tests.helpers.html_forms import main_form_fields
from tests.helpers.pages import add_document_page, case_page, edit_details_page

pytestmark = pytest.mark.django_db

# Real days outside the years a case, clock or log entry can fall in, and days that are not days.
IMPLAUSIBLE_DAYS = ["0001-01-01", "9999-12-31", "1899-12-31"]
FORM_DAYS = [*IMPLAUSIBLE_DAYS, "garbage"]
FORM_NUMBERS = [2**31, 2**63, -1, 10**30]
NO_SUCH_ROW = [str(2**63), "abc"]
PAST_THE_LONGEST_PERIOD = f"Ensure this value is less than or equal to {LONGEST_PERIOD}."
IMPLAUSIBLE = f"Enter a date between {EARLIEST_DATE.isoformat()} and {LATEST_DATE.isoformat()}."


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
    # White space alone is as blank as nothing.
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


def _filled(visitor, page: str, form, submitted: dict) -> dict:
    """The form as the page submits it, with each blank that saving it asks for filled in."""
    data = dict(submitted)
    for _attempt in range(3):  # some fields are asked for only once others are given
        with undone():
            shown_again = _form_of(visitor.post(page, data))
        errors = shown_again.errors if shown_again is not None else {}
        blanks = [name for name in errors if name in form.fields and _blank(form, name, data)]
        if not blanks:
            break
        for name in blanks:
            data |= _plausible(form, name)
    return data


def _submitted(response) -> dict:
    """The fields of the page's main form, as a browser would submit them."""
    return main_form_fields(response.content.decode())


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


def _fuzz_form(visitor, who: str, page: str) -> tuple[list[str], int]:
    """Post the page's form with each field hostile in turn: what went wrong, and how many were posted."""
    rendered = visitor.get(page)
    form = _form_of(rendered) if rendered.status_code == 200 else None
    if form is None or not form.fields:
        return [crash for crash in [crash_report(who, rendered, {})] if crash], 0
    data = _filled(visitor, page, form, _submitted(rendered))
    problems, posted = [], 0
    for name, values, legitimate, expected_error in _hostile_values(form):
        with undone():
            response = visitor.post(page, {**data, **values})
            stored = _stored_out_of_range() if response.status_code == 302 else []
        posted += 1
        errors = _form_of(response).errors if _form_of(response) is not None else {}
        if response.status_code >= 500:
            problems.append(crash_report(who, response, values))
        elif stored:
            problems.append(f"{page} {shortened(values)} stored out-of-range values in {stored}")
        elif not legitimate and response.status_code == 302:
            problems.append(f"{page} {shortened(values)} was accepted")
        elif not legitimate and name not in errors:
            problems.append(f"{page} {shortened(values)} gave no error on {name}: {dict(errors)}")
        elif expected_error and expected_error not in errors[name]:
            problems.append(f"{page} {shortened(values)}: {errors[name]}, not “{expected_error}”")
    return problems, posted


def _form_problems(visitor, fuzz_world, model_admin) -> tuple[list[str], int]:
    """The add form and the change form of a row, fuzzed as an administrator."""
    visitor.force_login(fuzz_world["root"])
    own = (
        fuzz_world["normal"] if model_admin.model is Case else model_admin.model._default_manager.order_by("pk").first()
    )
    if own is None:
        change = []
    elif model_admin.model is Case:
        change = [edit_details_page(own)]  # the case page reads the details; this is their form
    else:
        change = [admin_url(model_admin, "change/", own.pk)]
    pages = [admin_url(model_admin, "add/"), *change]
    problems, posted = [], 0
    for page in pages:
        found, count = _fuzz_form(visitor, "root", page)
        problems += found
        posted += count
    return problems, posted


def test_hostile_form_values_are_form_errors_never_a_server_error(visitor, fuzz_world):
    problems, fuzzed = [], set()

    for model_admin in CHECKED:
        found, posted = _form_problems(visitor, fuzz_world, model_admin)
        problems += found
        if posted:
            fuzzed.add(model_admin.opts.label_lower)

    assert not problems, "\n".join(problems)
    assert not _stored_out_of_range()
    assert {"cases.case", "cases.complainant", "cases.clockrule", "cases.calendarday", "cases.team"} <= fuzzed


def test_a_case_link_posted_with_a_key_no_case_could_have_is_a_form_error(visitor, fuzz_world):
    case = fuzz_world["normal"]
    visitor.force_login(fuzz_world["colleague"])
    page = edit_details_page(case)
    data = _submitted(visitor.get(page))

    for key in NO_SUCH_ROW:
        response = visitor.post(page, {**data, "link_to": key})

        assert response.status_code == 200, crash_report("colleague", response, {"link_to": key})
        assert "link_to" in _form_of(response).errors


def test_a_new_case_received_on_an_implausible_date_is_a_form_error_not_a_crash(visitor, fuzz_world):
    visitor.force_login(fuzz_world["root"])
    page = "/admin/cases/case/add/"
    rendered = visitor.get(page)
    data = _filled(visitor, page, _form_of(rendered), _submitted(rendered))
    with undone():
        assert visitor.post(page, data).status_code == 302  # as filled in, the form opens a case
    cases = Case.objects.count()

    for day in ("0001-01-01", "1899-12-31", "9999-12-31"):
        response = visitor.post(page, {**data, "received_on": day})

        assert response.status_code == 200, day
        assert _form_of(response).errors["received_on"] == [IMPLAUSIBLE]
    assert Case.objects.count() == cases


def test_an_over_long_file_name_is_refused_with_the_limit(visitor, fuzz_world):
    case = fuzz_world["normal"]
    visitor.force_login(fuzz_world["colleague"])
    page = add_document_page(case)
    rendered = visitor.get(page)
    fields = rendered.context["form"].fields
    [file_field] = [name for name, field in fields.items() if isinstance(field, forms.FileField)]

    response = visitor.post(
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
        *(f"{base}{view}/" for view in ("close", "reopen", "note", "documents/add")),
    ]


def test_hostile_values_in_the_case_transition_forms_are_form_errors_never_a_server_error(visitor, fuzz_world):
    colleague, root = fuzz_world["colleague"], fuzz_world["root"]
    problems, posted = [], 0

    for who, user, case in (("colleague", colleague, fuzz_world["normal"]), ("root", root, fuzz_world["closed"])):
        visitor.force_login(user)
        for page in _transition_pages(case):
            found, count = _fuzz_form(visitor, who, page)
            problems += found
            posted += count

    assert not problems, "\n".join(problems)
    assert posted > 20


def test_extending_a_clock_by_10_to_the_30_days_is_a_form_error(visitor, fuzz_world):
    case = fuzz_world["normal"]
    clock = case.clocks.first()
    visitor.force_login(fuzz_world["colleague"])

    response = visitor.post(
        f"/admin/cases/case/{case.pk}/clocks/{clock.pk}/extend/", {"days": str(10**30), "reason": "Asked for time"}
    )

    assert response.status_code == 200
    assert "days" in _form_of(response).errors
    assert not ClockExtension.objects.exists()


def _post_rule(visitor, rule: ClockRule, **changes):
    page = f"/admin/cases/clockrule/{rule.pk}/change/"
    return visitor.post(page, {**_submitted(visitor.get(page)), **changes})


def test_a_rule_allowing_a_vast_extension_still_cannot_push_a_deadline_past_the_latest_date(visitor, fuzz_world):
    case = fuzz_world["normal"]
    clock = case.clocks.select_related("rule").first()
    visitor.force_login(fuzz_world["root"])
    refused = _post_rule(visitor, clock.rule, max_extension_days=str(2**31 - 1))
    assert refused.status_code == 200
    assert _form_of(refused).errors == {"max_extension_days": [PAST_THE_LONGEST_PERIOD]}
    assert _post_rule(visitor, clock.rule, max_extension_days=str(LONGEST_PERIOD)).status_code == 302
    visitor.force_login(fuzz_world["colleague"])
    extend = f"/admin/cases/case/{case.pk}/clocks/{clock.pk}/extend/"

    for days in (2**31 - 1, 2_000_000):
        response = visitor.post(extend, {"days": str(days), "reason": "Asked for time"})

        assert response.status_code == 200, crash_report("colleague", response, {"days": str(days)})
        assert _form_of(response).errors == {"days": [PAST_THE_LONGEST_PERIOD]}
    assert not ClockExtension.objects.exists()
    assert visitor.post(extend, {"days": str(LONGEST_PERIOD), "reason": "Asked for time"}).status_code == 302
    clock.refresh_from_db()
    assert clock.extended_days == LONGEST_PERIOD
    latest = datetime.combine(LATEST_DATE, time.max, tzinfo=timezone.get_current_timezone())
    assert not Clock.objects.filter(due_at__gt=latest).exists()


def test_a_rule_too_long_for_any_calendar_never_crashes_the_opening_of_a_case(visitor, superuser):
    ComplainantFactory()
    visitor.force_login(superuser)
    # Opening a complaint starts this rule; with no case yet, its period may still change.
    rule = ClockRule.objects.get(code="hk-pdpo-s39-3")
    refused = _post_rule(visitor, rule, length=str(2**31 - 1), unit="months")
    assert refused.status_code == 200
    assert _form_of(refused).errors == {"length": [PAST_THE_LONGEST_PERIOD]}
    assert _post_rule(visitor, rule, length=str(LONGEST_PERIOD), unit="months").status_code == 302
    page = "/admin/cases/case/add/"
    rendered = visitor.get(page)
    data = _filled(visitor, page, _form_of(rendered), _submitted(rendered))

    response = visitor.post(page, data)

    assert response.status_code == 302, crash_report("root", response, {})
    case = Case.objects.get()
    assert response["Location"] == case_page(case)
    due_on = timezone.localtime(case.clocks.get(rule=rule).due_at).date()
    assert add_months(case.received_on, LONGEST_PERIOD) <= due_on <= LATEST_DATE
