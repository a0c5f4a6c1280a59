"""Bad input to the buttons of enquiries, reminders, the reminder policy and the case page's letter to
the complainant is a form error or a refusal in words, never a server error, and changes nothing.

The fields are read from the forms the pages show, so a field added later is fuzzed too."""

from datetime import timedelta

import pytest
from django import forms
from django.utils import timezone

from cases.models import Clock, DeliveryState, Enquiry, Letter, Reminder, ReminderKind, ReminderPolicy
from tests.helpers.factories import CaseFactory, ComplainantFactory, EnquiryFactory
from tests.helpers.hostile_input import crash_report
from tests.helpers.reminders import mark_sent, reminder

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = ["a\x00b", " "]
HOSTILE_DAYS = ["0001-01-01", "9999-12-31", "1899-12-31", "2026-02-30", "garbage", str(2**63), "\x00"]
HOSTILE_CHOICES = ["enquiry", "\x00", "x" * 1000, str(2**63)]


def _hostile(field: forms.Field) -> list:
    if isinstance(field, forms.DateField):
        return HOSTILE_DAYS
    if isinstance(field, forms.ChoiceField):
        return HOSTILE_CHOICES
    if isinstance(field, forms.FileField):
        return []
    too_long = ["x" * (field.max_length + 1)] if getattr(field, "max_length", None) else []
    return [*HOSTILE_TEXT, *too_long]


def _state() -> tuple:
    return (
        list(Enquiry.objects.order_by("pk").values_list("status", "replied_on")),
        list(Clock.objects.order_by("pk").values_list("state", "due_at")),
        list(Reminder.objects.order_by("pk").values_list("state", flat=True)),
        Letter.objects.count(),
        ReminderPolicy.current().organisations_paused,
    )


@pytest.fixture
def pages(client, lead):
    """A sent enquiry of the lead's with a failed reminder, and a case with a complainant: the pages
    of their buttons, each with the submit button it posts."""
    case = CaseFactory(assigned_officer=lead, complainant=ComplainantFactory())
    enquiry = EnquiryFactory(officer=lead, organisation=case.organisation, cases=[case])
    now = timezone.now()
    mark_sent(enquiry, sent_at=now - timedelta(days=3), started_at=now, due_at=now + timedelta(days=11))
    failed = reminder(
        enquiry.reply_clock,
        ReminderKind.ORGANISATION_BEFORE_DUE,
        offset_days=3,
        state=DeliveryState.FAILED,
        created_at=now,
    )
    base = f"/admin/cases/enquiry/{enquiry.pk}/"
    return {
        f"{base}reply/": "_confirm",
        f"{base}extend/": "_confirm",
        f"{base}withdraw/": "_confirm",
        f"{base}send/": "_confirm",
        f"/admin/cases/reminder/{failed.pk}/retry/": "_confirm",
        f"/admin/cases/case/{case.pk}/letter/": "_send",
    }


def test_hostile_values_in_the_buttons_forms_are_refused_never_a_server_error(client, administrator, pages):
    client.force_login(administrator)
    before = _state()
    problems, posted = [], 0

    for page, submit in pages.items():
        shown = client.get(page)
        assert shown.status_code == 200, page
        form = shown.context["form"]
        fields = form.fields if form is not None else {}
        for name, field in fields.items():
            for value in _hostile(field):
                sent = {name: value, submit: "1"}
                response = client.post(page, sent)
                posted += 1
                if response.status_code >= 500:
                    problems.append(crash_report("administrator", response, sent))
                elif response.status_code != 200:
                    problems.append(f"{page} {name}={value[:20]!r} answered {response.status_code}")

    assert not problems, "\n".join(problems)
    assert _state() == before
    assert posted > 20


def test_bad_ids_in_the_selected_reminders_of_the_retry_action_change_nothing(client, lead, pages):
    client.force_login(lead)
    before = _state()

    for selected in (["abc"], [str(2**63)], ["\x00"], ["-1"]):
        response = client.post("/admin/cases/reminder/", {"action": "retry", "_selected_action": selected})

        assert response.status_code < 500, selected
    assert _state() == before
