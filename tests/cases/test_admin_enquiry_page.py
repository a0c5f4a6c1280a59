"""An enquiry's page and its buttons: send after a preview (refused, in words, when the letter would name
a complainant who did not consent), record the reply, extend, withdraw; each a call to a service, each
refusal a form error. The page shows the reply-by clock with how its date was reached, the letter
sent and the reminders made."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases.letters import date_in_words
from cases.models import (
    CaseEvent,
    ClockState,
    DeliveryState,
    Enquiry,
    EnquiryStatus,
    Letter,
    ReminderKind,
)
from dpa.roles import TEAM_LEAD
from tests.helpers.factories import CaseFactory, ComplainantFactory, EnquiryFactory, make_user
from tests.helpers.pages import get_within_budget, messages_of, text_of
from tests.helpers.reminders import reminder

pytestmark = pytest.mark.django_db


def page(enquiry, action: str = "change") -> str:
    return f"/admin/cases/enquiry/{enquiry.pk}/{action}/"


@pytest.fixture
def draft(officer):
    return EnquiryFactory(officer=officer)


def _send(client, enquiry) -> None:
    response = client.post(page(enquiry, "send"), {"_confirm": "1"})
    assert response.status_code == 302, text_of(response.content.decode())


def test_a_draft_offers_to_be_previewed_and_sent_or_withdrawn(client, officer, draft):
    client.force_login(officer)

    content = client.get(page(draft)).content.decode()

    for action in ("send", "withdraw"):
        assert page(draft, action) in content
    for action in ("reply", "extend"):
        assert page(draft, action) not in content
    assert "counted from the day it is sent" in text_of(content)


def test_an_officer_who_does_not_work_on_its_cases_is_offered_no_button_and_refused_every_one(
    client, other_officer, draft
):
    client.force_login(other_officer)

    content = client.get(page(draft)).content.decode()

    for action in ("send", "reply", "extend", "withdraw"):
        assert page(draft, action) not in content
        assert client.get(page(draft, action)).status_code == 403
        assert client.post(page(draft, action), {"reason": "No"}).status_code == 403
    assert Enquiry.objects.get().status == EnquiryStatus.DRAFT


def test_the_preview_shows_the_letter_as_it_will_go_out_and_sending_starts_the_reply_by_clock(client, officer, draft):
    client.force_login(officer)

    preview = client.get(page(draft, "send"))
    _send(client, draft)

    draft.refresh_from_db()
    clock = draft.clocks.get()
    text = text_of(preview.content.decode())
    assert "1. When did the change take effect?" in text
    assert "2. How were members told of it?" in text
    assert date_in_words(timezone.localtime(clock.due_at).date(), "en") in text
    assert draft.organisation.contact_email in text
    assert (draft.status, clock.state) == (EnquiryStatus.SENT, ClockState.RUNNING)
    letter = Letter.objects.get(enquiry=draft)
    assert letter.subject in text
    for case in draft.cases.all():
        assert case.events.filter(kind=CaseEvent.Kind.ENQUIRY_SENT).count() == 1


def test_a_letter_naming_a_complainant_who_did_not_consent_is_refused_before_and_when_sending(client, officer):
    case = CaseFactory(assigned_officer=officer, complainant=ComplainantFactory(name="Ho Ka Yan"))
    enquiry = EnquiryFactory(
        officer=officer, organisation=case.organisation, cases=[case], questions="Did Ho Ka-yan ask?"
    )
    client.force_login(officer)

    preview = client.get(page(enquiry, "send"))
    posted = client.post(page(enquiry, "send"), {"_confirm": "1"})

    for response in (preview, posted):
        assert response.status_code == 200
        text = text_of(response.content.decode())
        assert f"The letter names the complainant of {case.reference}" in text
        assert 'name="_confirm"' not in response.content.decode()
    enquiry.refresh_from_db()
    assert enquiry.status == EnquiryStatus.DRAFT
    assert not Letter.objects.exists()


def test_recording_the_reply_meets_the_clock_and_keeps_its_documents_on_the_case(client, officer, draft):
    client.force_login(officer)
    _send(client, draft)

    response = client.post(
        page(draft, "reply"),
        {
            "replied_on": timezone.localdate().isoformat(),
            "summary": "The change took effect on 1 October.",
            "documents": [SimpleUploadedFile("reply.txt", b"Our answers.\n")],
        },
    )

    assert response.status_code == 302
    assert messages_of(response)[-1] == f"Reply to {draft.reference} recorded."
    draft.refresh_from_db()
    assert draft.status == EnquiryStatus.ANSWERED
    assert draft.clocks.get().state == ClockState.MET
    [document] = draft.documents.all()
    assert document.original_name == "reply.txt"
    text = text_of(client.get(page(draft)).content.decode())
    assert "The change took effect on 1 October." in text
    assert "reply.txt" in text


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"replied_on": "2999-12-31", "summary": "Early."}, "replied_on"),
        ({"replied_on": "1899-12-31", "summary": "Old."}, "replied_on"),
        ({"replied_on": "today", "summary": "Soon."}, "replied_on"),
        ({"summary": "No date."}, "replied_on"),
        ({"replied_on": "2026-03-02", "summary": ""}, "summary"),
    ],
)
def test_a_reply_with_an_impossible_date_or_no_summary_is_a_form_error(client, officer, draft, data, field):
    client.force_login(officer)
    _send(client, draft)

    response = client.post(page(draft, "reply"), data)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.status == EnquiryStatus.SENT


def test_an_executable_named_as_a_pdf_is_refused_and_nothing_is_recorded(client, officer, draft):
    client.force_login(officer)
    _send(client, draft)

    response = client.post(
        page(draft, "reply"),
        {
            "replied_on": timezone.localdate().isoformat(),
            "summary": "Answers attached.",
            "documents": [SimpleUploadedFile("answers.pdf", b"MZ\x90\x00\x03\x00\x00\x00")],
        },
    )

    assert response.status_code == 200
    assert "documents" in response.context["form"].errors
    draft.refresh_from_db()
    assert draft.status == EnquiryStatus.SENT
    assert not draft.documents.exists()


def test_an_extension_moves_the_reply_by_date_within_the_rule_and_past_it_is_a_form_error(client, officer, draft):
    client.force_login(officer)
    _send(client, draft)
    clock = draft.clocks.get()
    due_on = timezone.localtime(clock.due_at).date()

    too_far = client.post(
        page(draft, "extend"), {"until": (due_on + timedelta(days=365)).isoformat(), "reason": "Asked"}
    )
    granted = client.post(page(draft, "extend"), {"until": (due_on + timedelta(days=7)).isoformat(), "reason": "Asked"})

    assert too_far.status_code == 200
    assert "until" in too_far.context["form"].errors
    assert granted.status_code == 302
    clock.refresh_from_db()
    assert timezone.localtime(clock.due_at).date() >= due_on + timedelta(days=7)
    assert "Asked" in text_of(client.get(page(draft)).content.decode())


def test_withdrawing_asks_for_a_reason_then_stops_the_clock(client, officer, draft):
    client.force_login(officer)
    _send(client, draft)

    refused = client.post(page(draft, "withdraw"), {"reason": "  "})
    withdrawn = client.post(page(draft, "withdraw"), {"reason": "The cases were settled."})

    assert refused.status_code == 200
    assert "reason" in refused.context["form"].errors
    assert withdrawn.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.clocks.get().state) == (EnquiryStatus.WITHDRAWN, ClockState.STOPPED)
    content = client.get(page(draft)).content.decode()
    assert "The cases were settled." in text_of(content)
    for action in ("send", "reply", "extend", "withdraw"):
        assert page(draft, action) not in content


def test_a_button_its_status_no_longer_allows_says_so_and_offers_no_form(client, officer, draft):
    client.force_login(officer)

    response = client.get(page(draft, "reply"))

    assert response.status_code == 200
    assert response.context["form"] is None
    assert "This cannot be done to an enquiry that is “Draft”." in text_of(response.content.decode())


def test_the_page_shows_the_clock_explained_the_letter_and_the_reminders(client, officer, draft):
    client.force_login(officer)
    _send(client, draft)
    clock = draft.clocks.get()
    reminder(
        clock,
        ReminderKind.ORGANISATION_BEFORE_DUE,
        offset_days=3,
        state=DeliveryState.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused",
        created_at=timezone.now(),
    )

    text = text_of(client.get(page(draft)).content.decode())

    assert "How the due date was reached" in text
    assert clock.explain().split("\n")[0] in text
    assert Letter.objects.get().subject in text
    assert "Reminder to the organisation before the reply is due" in text
    assert "Failed (5 attempts)" in text


# Four queries of any signed-in admin request; the enquiry with its organisation, officer and cases,
# the reply-by clock with its rule and extensions, the letter, the reminders, the cases listed, the
# form's choices: organisation and rule; the history link's content type.
ENQUIRY_PAGE_QUERIES = 14


@pytest.mark.parametrize("n", [1, 10])
def test_the_enquiry_page_costs_the_same_for_1_and_10_reminders(client, django_assert_num_queries, officer, draft, n):
    client.force_login(officer)
    _send(client, draft)
    clock = draft.clocks.get()
    for days in range(1, n + 1):
        reminder(
            clock,
            ReminderKind.OFFICER_BEFORE_DUE,
            offset_days=days,
            state=DeliveryState.SENT,
            sent_at=timezone.now(),
            created_at=timezone.now(),
        )
    client.force_login(make_user(TEAM_LEAD))

    get_within_budget(client, page(draft), ENQUIRY_PAGE_QUERIES, django_assert_num_queries)
