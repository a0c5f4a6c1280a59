"""Letters to a complainant: an acknowledgement, a progress update that meets the complainant-update
clock (which starts its next period), and the s.39(3) notice of a decision not to pursue, which must
carry its reasons and meets the s.39(3) clock. Deciding not to pursue no longer meets that clock."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases import services
from cases.models import (
    AccessContext,
    Case,
    CaseEvent,
    ClockState,
    Complainant,
    Document,
    IdentityAccess,
    Letter,
    LetterKind,
)
from cases.services.letters import send_letter
from tests.helpers.cases import decide_not_to_pursue, open_case
from tests.helpers.clocks import S39, UPDATE, clock_of
from tests.helpers.factories import ComplainantFactory
from tests.helpers.moments import NOW, at

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hk_calendar")]

DECIDED = at(2026, 3, 20, 10, 0)
WRITTEN = at(2026, 3, 23, 11, 0)
REASONS = "The matter is outside the Ordinance."


def test_deciding_not_to_pursue_leaves_the_s39_3_clock_to_the_notice(case, officer):
    decide_not_to_pursue(case, reason=REASONS, by=officer, now=DECIDED)

    assert clock_of(case, S39).state == ClockState.RUNNING


def test_the_s39_3_notice_carries_the_reasons_and_meets_the_s39_3_clock(case, officer):
    decide_not_to_pursue(case, reason=REASONS, by=officer, now=DECIDED)

    letter = send_letter(case, kind=LetterKind.NOT_PURSUED, reasons=f"  {REASONS}\n", by=officer, now=WRITTEN)

    letter.refresh_from_db()
    assert (letter.kind, letter.case, letter.enquiry, letter.recipients, letter.language) == (
        LetterKind.NOT_PURSUED,
        case,
        None,
        "lam@mail.example",
        "en",
    )
    assert (letter.sent_at, letter.sent_by, letter.state) == (WRITTEN, officer, "pending")
    assert f"for these reasons:\n\n{REASONS}\n\n" in letter.body_text
    assert "section 39(4):\nAn appeal may be made to the Administrative Appeals Board" in letter.body_text
    s39 = clock_of(case, S39)
    assert (s39.state, s39.met_at, s39.met_late) == (ClockState.MET, WRITTEN, False)
    assert clock_of(case, UPDATE).state == ClockState.RUNNING


def test_a_notice_sent_after_the_45_days_meets_the_clock_late(case, officer):
    decide_not_to_pursue(case, reason=REASONS, by=officer, now=DECIDED)
    late = at(2026, 5, 4, 9, 0)

    send_letter(case, kind=LetterKind.NOT_PURSUED, reasons=REASONS, by=officer, now=late)

    s39 = clock_of(case, S39)
    assert (s39.state, s39.met_late) == (ClockState.MET, True)
    assert case.events.get(kind=CaseEvent.Kind.CLOCK_MET).message["late"] is True


def test_a_progress_update_meets_the_update_clock_and_its_next_period_starts(case, officer):
    first = clock_of(case, UPDATE)

    send_letter(case, kind=LetterKind.PROGRESS_UPDATE, by=officer, now=WRITTEN)

    clocks = list(case.clocks.filter(rule__code=UPDATE).order_by("pk"))
    assert [(clock.state, clock.started_at) for clock in clocks] == [
        (ClockState.MET, first.started_at),
        (ClockState.RUNNING, WRITTEN),
    ]
    assert clocks[1].previous == clocks[0]
    assert clock_of(case, S39).state == ClockState.RUNNING


def test_an_acknowledgement_meets_no_clock(case, officer):
    before = list(case.clocks.values_list("pk", "state", "due_at"))

    send_letter(case, kind=LetterKind.ACKNOWLEDGEMENT, by=officer, now=WRITTEN)

    assert list(case.clocks.values_list("pk", "state", "due_at")) == before


def test_the_letter_is_on_the_timeline_without_the_complainants_address(case, officer):
    send_letter(case, kind=LetterKind.ACKNOWLEDGEMENT, by=officer, now=WRITTEN)

    event = case.events.get(kind=CaseEvent.Kind.LETTER_SENT)
    assert (event.actor, event.at, event.message) == (
        officer,
        WRITTEN,
        {"code": "letter_sent", "letter": "acknowledgement"},
    )
    assert event.describe() == "Acknowledgement to the complainant"


def test_a_copy_of_the_letter_is_kept_on_the_case(case, officer):
    letter = send_letter(case, kind=LetterKind.ACKNOWLEDGEMENT, by=officer, now=WRITTEN)

    copy = Document.objects.get(letter=letter)
    assert (copy.case, copy.content_type, copy.original_name, copy.description) == (
        case,
        "text/html",
        f"{case.reference}-acknowledgement-2026-03-23.html",
        "Acknowledgement to the complainant",  # never the subject, which may name the complainant
    )
    with copy.file.open("rb") as stored:
        assert stored.read() == letter.body_html.encode()


def test_writing_to_the_complainant_is_recorded_as_a_display_of_their_identity(case, officer):
    send_letter(case, kind=LetterKind.ACKNOWLEDGEMENT, by=officer, now=WRITTEN)

    access = IdentityAccess.objects.get()
    assert (access.user, access.complainant, access.case, access.context, access.accessed_at) == (
        officer,
        case.complainant,
        case,
        AccessContext.LETTER,
        WRITTEN,
    )


def test_a_letter_in_the_cases_language_uses_the_complainants_chinese_name(case, officer):
    Complainant.objects.filter(pk=case.complainant_id).update(name_zh="林小明")
    Case.objects.filter(pk=case.pk).update(language="zh-hant")

    letter = send_letter(case, kind=LetterKind.ACKNOWLEDGEMENT, by=officer, now=WRITTEN)

    assert (letter.language, letter.body_text.split("\n\n")[:2]) == ("zh-hant", ["2026年3月23日", "林小明："])  # noqa: RUF001


def test_the_delivery_is_queued_after_commit(case, officer, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        send_letter(case, kind=LetterKind.ACKNOWLEDGEMENT, by=officer, now=WRITTEN)

    assert len(callbacks) == 1


# guards


def _refused(case, *, by, kind=LetterKind.NOT_PURSUED, reasons=REASONS) -> Exception:
    letters_before, events_before = Letter.objects.count(), case.events.count()
    with pytest.raises((ValidationError, PermissionDenied)) as error:
        send_letter(case, kind=kind, reasons=reasons, by=by, now=WRITTEN)
    assert (Letter.objects.count(), case.events.count()) == (letters_before, events_before)
    return error.value


def test_the_notice_waits_for_the_decision_not_to_pursue(case, officer):
    error = _refused(case, by=officer)

    assert error.messages == ["Send this notice once the case has been decided not to be pursued."]
    assert clock_of(case, S39).state == ClockState.RUNNING


def test_the_notice_needs_its_reasons(case, officer):
    decide_not_to_pursue(case, reason=REASONS, by=officer, now=DECIDED)

    error = _refused(case, by=officer, reasons=" \n ")

    assert error.message_dict == {"reasons": ["Give the reasons for the decision: the notice must state them."]}
    assert clock_of(case, S39).state == ClockState.RUNNING


def test_a_complainant_without_an_e_mail_address_is_not_written_to(case, officer):
    Complainant.objects.filter(pk=case.complainant_id).update(email="")

    error = _refused(case, by=officer, kind=LetterKind.ACKNOWLEDGEMENT)

    assert error.messages == ["The complainant has no e-mail address on file to send the letter to."]


def test_a_case_without_a_complainant_is_not_written_to(officer):
    compliance_check = open_case(by=officer, kind="compliance", assigned_officer=officer)

    error = _refused(compliance_check, by=officer, kind=LetterKind.ACKNOWLEDGEMENT)

    assert error.messages == ["The complainant has no e-mail address on file to send the letter to."]


def test_an_unassigned_case_has_nobody_to_sign_the_letter(lead):
    case = open_case(by=lead, complainant=ComplainantFactory())

    error = _refused(case, by=lead, kind=LetterKind.ACKNOWLEDGEMENT)

    assert error.messages == ["Assign the case to an officer first: the letter is signed by them."]


@pytest.mark.parametrize("kind", [LetterKind.ENQUIRY, "love_letter"])
def test_only_letters_to_the_complainant_are_sent_from_a_case(case, officer, kind):
    assert _refused(case, by=officer, kind=kind).messages == ["Choose a letter to the complainant."]


def test_a_closed_case_is_not_written_to(case, officer):
    decide_not_to_pursue(case, reason=REASONS, by=officer, now=DECIDED)
    send_letter(case, kind=LetterKind.NOT_PURSUED, reasons=REASONS, by=officer, now=DECIDED)
    services.close_case(case, outcome="not_pursued", reason="Decided.", by=officer, now=DECIDED)

    assert _refused(case, by=officer).messages == ["This case is closed; reopen it first."]


def test_only_the_cases_officer_or_a_lead_writes_to_its_complainant(case, other_officer, lead):
    assert isinstance(_refused(case, by=other_officer, kind=LetterKind.ACKNOWLEDGEMENT), PermissionDenied)

    assert send_letter(case, kind=LetterKind.ACKNOWLEDGEMENT, by=lead, now=NOW).sent_by == lead
