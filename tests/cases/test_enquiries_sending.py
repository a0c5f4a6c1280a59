"""Sending an enquiry: its reply-by clock starts at the sending, the letter carries that date in words,
a copy is kept on every case it covers, each case's timeline says so, and the e-mail goes after
commit. A letter that would name a complainant who did not consent never goes."""

import re
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import Case, CaseEvent, CaseStatus, ClockState, Document, Enquiry, EnquiryStatus, Letter, LetterKind
from cases.services.enquiries import send_enquiry
from tests.helpers.clocks import ENQUIRY_NAME
from tests.helpers.factories import CaseFactory, ComplainantFactory, EnquiryFactory, OrganisationFactory
from tests.helpers.moments import NOW, end_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hk_calendar")]


@pytest.fixture
def enquiry(linkwave_draft):
    return linkwave_draft


def _state(enquiry: Enquiry) -> tuple:
    """What a refused sending must leave as it was."""
    enquiry.refresh_from_db()
    return (
        enquiry.status,
        enquiry.sent_at,
        enquiry.clocks.count(),
        Letter.objects.count(),
        Document.objects.count(),
        CaseEvent.objects.count(),
    )


UNSENT = (EnquiryStatus.DRAFT, None, 0, 0, 0, 0)


def test_sending_starts_the_reply_by_clock_from_the_moment_it_is_sent(enquiry, officer):
    send_enquiry(enquiry, by=officer, now=NOW)

    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.sent_at) == (EnquiryStatus.SENT, NOW)
    clock = enquiry.reply_clock
    assert (clock.rule.code, clock.started_at, clock.state) == ("hk-enquiry-reply", NOW, ClockState.RUNNING)
    assert clock.due_at == end_of(date(2026, 3, 16))
    assert clock.case is None
    assert clock.timeline_cases == list(enquiry.cases.all())


def test_the_letter_is_kept_as_sent_with_the_reply_by_date_in_words_and_its_message_id(enquiry, officer):
    letter = send_enquiry(enquiry, by=officer, now=NOW)

    letter.refresh_from_db()
    assert (letter.kind, letter.enquiry, letter.case, letter.language) == (LetterKind.ENQUIRY, enquiry, None, "en")
    assert (letter.recipients, letter.reply_to) == ("dpo@linkwave.example", "enquiries@dpa.example")
    assert (letter.sent_at, letter.sent_by, letter.state, letter.attempts) == (NOW, officer, "pending", 0)
    assert letter.subject == f"Our ref. {enquiry.reference}: {enquiry.subject}"
    assert "1. Since when?\n\n" in letter.body_text
    assert "Please reply in writing by 16 March 2026" in letter.body_text
    assert "<p>1. Since when?</p>" in letter.body_html
    assert re.fullmatch(r"<[^<>@\s]+@dpa\.example>", letter.message_id)


def test_the_message_id_is_made_in_the_configured_domain_and_differs_per_letter(settings, officer):
    settings.LETTERS_MESSAGE_ID_DOMAIN = "letters.pcpd.example"
    letters = [send_enquiry(EnquiryFactory(officer=officer), by=officer, now=NOW) for _ in range(2)]

    assert all(letter.message_id.endswith("@letters.pcpd.example>") for letter in letters)
    assert letters[0].message_id != letters[1].message_id


def test_a_copy_of_the_letter_is_kept_on_every_case_it_covers(enquiry, officer):
    letter = send_enquiry(enquiry, by=officer, now=NOW)

    copies = Document.objects.filter(letter=letter).order_by("case_id")
    assert [copy.case for copy in copies] == list(enquiry.cases.order_by("pk"))
    for copy in copies:
        assert (copy.content_type, copy.uploaded_by, copy.uploaded_at, copy.enquiry) == (
            "text/html",
            officer,
            NOW,
            None,
        )
        assert copy.original_name == f"{enquiry.reference}-enquiry-2026-03-02.html"
        assert copy.description == "Enquiry to an organisation"
        with copy.file.open("rb") as stored:
            assert stored.read() == letter.body_html.encode()


def test_every_case_it_covers_shows_the_sending_and_the_clock(enquiry, officer):
    send_enquiry(enquiry, by=officer, now=NOW)

    for case in enquiry.cases.all():
        events = [(event.kind, event.actor, event.at) for event in case.events.all()]
        assert events == [(CaseEvent.Kind.CLOCK_STARTED, officer, NOW), (CaseEvent.Kind.ENQUIRY_SENT, officer, NOW)]
        sent = case.events.get(kind=CaseEvent.Kind.ENQUIRY_SENT)
        assert sent.describe() == f"{enquiry.reference} sent to dpo@linkwave.example; reply due Mon 16 Mar 2026"
        started = case.events.get(kind=CaseEvent.Kind.CLOCK_STARTED)
        assert started.describe().startswith(f"{ENQUIRY_NAME} ({enquiry.reference}): 14 days from Mon 2 Mar 2026")


def test_the_e_mail_is_queued_only_once_the_sending_commits(
    enquiry, officer, tasks_run_in_process, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        letter = send_enquiry(enquiry, by=officer, now=NOW)
    assert (len(callbacks), mailoutbox) == (1, [])

    callbacks[0]()

    (email,) = mailoutbox
    assert (email.to, email.subject, email.extra_headers["Message-ID"]) == (
        ["dpo@linkwave.example"],
        letter.subject,
        letter.message_id,
    )
    letter.refresh_from_db()
    assert letter.state == "sent"


def test_a_chinese_enquiry_gives_its_reply_by_date_in_chinese(enquiry, officer):
    Enquiry.objects.filter(pk=enquiry.pk).update(language="zh-hant")

    letter = send_enquiry(enquiry, by=officer, now=NOW)

    assert "請於2026年3月16日或之前以書面回覆" in letter.body_text
    assert letter.language == "zh-hant"


# guards


def test_an_enquiry_is_sent_once(enquiry, officer):
    send_enquiry(enquiry, by=officer, now=NOW)

    with pytest.raises(ValidationError) as error:
        send_enquiry(enquiry, by=officer, now=NOW)

    assert error.value.messages == ["This cannot be done to an enquiry that is “Awaiting reply”."]
    assert (enquiry.clocks.count(), Letter.objects.count()) == (1, 1)


def test_an_enquiry_without_recipients_is_not_sent(enquiry, officer):
    Enquiry.objects.filter(pk=enquiry.pk).update(recipients="")

    with pytest.raises(ValidationError) as error:
        send_enquiry(enquiry, by=officer, now=NOW)

    assert error.value.message_dict == {"recipients": ["Give the addresses the letter goes to."]}
    assert _state(enquiry) == UNSENT


def test_an_enquiry_covering_a_case_closed_since_it_was_drafted_is_not_sent(enquiry, officer):
    closed = enquiry.cases.order_by("pk").last()
    Case.objects.filter(pk=closed.pk).update(
        status=CaseStatus.CLOSED, outcome="no_contravention", closing_reason="Settled.", closed_at=NOW
    )

    with pytest.raises(ValidationError) as error:
        send_enquiry(enquiry, by=officer, now=NOW)

    assert error.value.messages == [f"{closed.reference} is closed; reopen it before sending."]
    assert _state(enquiry) == UNSENT


def test_an_officer_who_does_not_work_on_every_case_cannot_send(enquiry, other_officer):
    with pytest.raises(PermissionDenied):
        send_enquiry(enquiry, by=other_officer, now=NOW)

    assert _state(enquiry) == UNSENT


def test_a_team_lead_can_send_an_officers_enquiry(enquiry, lead):
    letter = send_enquiry(enquiry, by=lead, now=NOW)

    assert letter.sent_by == lead


# the complainant identity gate


def _covering(officer, *complainants, consent=False, **enquiry_fields) -> Enquiry:
    organisation = OrganisationFactory(name="Linkwave Limited")
    cases = [
        CaseFactory(
            organisation=organisation, assigned_officer=officer, complainant=who, consent_to_disclose_identity=consent
        )
        for who in complainants
    ]
    return EnquiryFactory(organisation=organisation, cases=cases, officer=officer, **enquiry_fields)


def _refusal(case) -> str:
    return (
        f"The letter names the complainant of {case.reference}, who has not consented to their identity being "
        "disclosed to the organisation. Take their name and contact details out of the letter, or record their "
        "consent on the case, before sending it."
    )


def test_a_letter_naming_a_complainant_who_did_not_consent_is_refused_naming_the_case(officer):
    named = ComplainantFactory(name="Chan Tai Man")
    enquiry = _covering(officer, ComplainantFactory(name="Ho Ka Yan"), named, questions="Why was CHAN tai\nman told?")
    blocking = enquiry.cases.get(complainant=named)

    with pytest.raises(ValidationError) as error:
        send_enquiry(enquiry, by=officer, now=NOW)

    assert error.value.messages == [_refusal(blocking)]
    assert _state(enquiry) == UNSENT


@pytest.mark.parametrize(
    ("identity", "written"),
    [
        ({"name_zh": "陳大文"}, {"questions": "為何陳 大文的資料被使用？"}),  # noqa: RUF001
        ({"email": "tai.man@mail.example"}, {"subject": "Complaint from Tai.Man@MAIL.example"}),
        ({"phone": "9123 4567"}, {"questions": "Who called 91234567?"}),
        ({"phone": "91234567"}, {"questions": "Who called 9123-4567?"}),
        ({"name": "Lee Siu-ming"}, {"questions": "Why was lee siu ming refused?"}),
        ({"name": "Li"}, {"questions": "Did Ms LI agree?"}),
        ({"phone": "+852 9123 4567"}, {"questions": "Who called 9123 4567?"}),
        ({"address": "Flat 12B, Harbour Court\nSha Tin"}, {"questions": "Who lives at Flat 12B, Harbour Court?"}),
    ],
)
def test_every_part_of_an_identity_is_caught_however_it_is_spaced_or_cased(officer, identity, written):
    complainant = ComplainantFactory(**{"name": "Someone Else", "email": "", **identity})
    enquiry = _covering(officer, complainant, **written)

    with pytest.raises(ValidationError) as error:
        send_enquiry(enquiry, by=officer, now=NOW)

    assert error.value.messages == [_refusal(enquiry.cases.get())]


def test_a_district_alone_in_a_complainants_address_does_not_block_a_letter(officer):
    complainant = ComplainantFactory(name="Chan Tai Man", address="Flat 12B, Harbour Court\nSha Tin")
    enquiry = _covering(officer, complainant, questions="How many members in Sha Tin were affected?")

    letter = send_enquiry(enquiry, by=officer, now=NOW)

    assert "Sha Tin" in letter.body_text


def test_a_complainant_who_consented_may_be_named(officer):
    enquiry = _covering(officer, ComplainantFactory(name="Chan Tai Man"), consent=True, questions="Chan Tai Man asks.")

    letter = send_enquiry(enquiry, by=officer, now=NOW)

    assert "1. Chan Tai Man asks." in letter.body_text


def test_a_letter_that_names_nobody_goes_whoever_did_not_consent(officer):
    enquiry = _covering(officer, ComplainantFactory(name="Chan Tai Man", phone="9123 4567"), questions="Why?")

    assert send_enquiry(enquiry, by=officer, now=NOW).kind == LetterKind.ENQUIRY


def test_a_short_name_or_number_is_only_caught_as_a_whole_word(officer):
    complainant = ComplainantFactory(name="Li", phone="4567")
    enquiry = _covering(officer, complainant, questions="What does your policy say about account 1234567?")

    assert "your policy say about account 1234567" in send_enquiry(enquiry, by=officer, now=NOW).body_text
