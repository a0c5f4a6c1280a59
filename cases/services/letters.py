"""Letters: written to the complainant of a case, kept on the case as they were sent, and e-mailed
once however often their delivery runs."""

from datetime import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import letters, permissions, tasks, timeline_messages
from cases.models import (
    AccessContext,
    Case,
    CaseEvent,
    CaseStatus,
    DeliveryState,
    Letter,
    LetterKind,
    addresses,
)
from cases.services.base import locked_case, record_event, save_with_actor
from cases.services.cases import refuse_if_closed
from cases.services.clocks import meet_clocks_met_by
from cases.services.delivery import failure_text, message_id, reopened, unqueue
from cases.services.documents import store_document
from cases.services.identity import record_identity_access

# The letters a case sends its complainant; an enquiry's letter is sent with the enquiry.
COMPLAINANT_LETTERS = (LetterKind.ACKNOWLEDGEMENT, LetterKind.PROGRESS_UPDATE, LetterKind.NOT_PURSUED)


def new_letter(
    *,
    kind: str,
    rendered: letters.RenderedLetter,
    language: str,
    recipients: list[str],
    by,
    now: datetime,
    case: Case | None = None,
    enquiry=None,
) -> Letter:
    """Keep a letter as it goes out, with the Message-ID its e-mail will carry."""
    letter = Letter(
        kind=kind,
        case=case,
        enquiry=enquiry,
        language=language,
        recipients="\n".join(recipients),
        reply_to=settings.LETTERS_REPLY_TO,
        subject=rendered.subject,
        body_text=rendered.text,
        body_html=rendered.html,
        message_id=message_id(),
        sent_at=now,
        sent_by=by,
        queued_at=now,
    )
    letter.full_clean()
    save_with_actor(letter, by=by)
    return letter


def keep_copy(letter: Letter, *, cases: list[Case], by, now: datetime) -> None:
    """Keep the letter as it was sent, in HTML, among the documents of each case it concerns."""
    reference = letter.enquiry.reference if letter.enquiry_id else letter.case.reference
    name = f"{reference}-{letter.kind}-{timezone.localdate(now):%Y-%m-%d}.html"
    data = letter.body_html.encode()
    for case in cases:
        store_document(
            case,
            data=data,
            name=name,
            content_type="text/html",
            by=by,
            now=now,
            # The kind, not the subject: a subject may name the complainant, and the documents list
            # is read by staff who may not see who complained.
            description=letter.get_kind_display(),
            letter=letter,
        )


def refuse_unless_letter_can_go(case: Case, *, kind: str, reasons: str) -> None:
    """Refuse a letter to the complainant that cannot go: what ``send_letter`` enforces, and what the
    preview asks first so that it never shows a letter that would be refused."""
    refuse_if_closed(case)
    if kind not in COMPLAINANT_LETTERS:
        raise ValidationError(_("Choose a letter to the complainant."))
    if case.complainant is None or not case.complainant.email:
        raise ValidationError(_("The complainant has no e-mail address on file to send the letter to."))
    if case.assigned_officer is None:
        raise ValidationError(_("Assign the case to an officer first: the letter is signed by them."))
    if kind == LetterKind.NOT_PURSUED:
        if case.status != CaseStatus.NOT_PURSUED:
            raise ValidationError(_("Send this notice once the case has been decided not to be pursued."))
        if not reasons:
            raise ValidationError({"reasons": _("Give the reasons for the decision: the notice must state them.")})


@transaction.atomic
def send_letter(case: Case, *, kind: str, by, now: datetime, reasons: str = "") -> Letter:
    """Write to the complainant of a case; the letter meets the clocks its rules say it meets."""
    case = locked_case(case, by=by)
    permissions.require_work_on(by, case)
    if by is not None and not permissions.can_see_identity(by):
        raise PermissionDenied(_("Only staff who may see who complained can write to the complainant."))
    reasons = reasons.strip()
    refuse_unless_letter_can_go(case, kind=kind, reasons=reasons)
    rendered = letters.render_case_letter(case, kind, reasons=reasons, now=now)
    complainant = case.complainant
    letter = new_letter(
        kind=kind, rendered=rendered, language=case.language, recipients=[complainant.email], case=case, by=by, now=now
    )
    # Writing the letter showed the sender who the complainant is.
    record_identity_access(user=by, shown=[(complainant.pk, case.pk)], context=AccessContext.LETTER, path="", now=now)
    keep_copy(letter, cases=[case], by=by, now=now)
    record_event(case, CaseEvent.Kind.LETTER_SENT, by=by, now=now, message=timeline_messages.letter_sent(kind))
    meet_clocks_met_by(case, kind, by=by, now=now)
    queue_on_commit(letter)
    return letter


def queue_on_commit(letter: Letter) -> None:
    """Hand the delivery of a letter marked queued (``queued_at``) to the workers once the transaction
    commits. A broker that is down then does not fail the request: the letter stays pending, marked
    as not queued, and the next sweep queues it."""
    transaction.on_commit(lambda: tasks.letters.queue_letters([letter.pk]))


def unqueue_letters(letter_ids: list[int]) -> None:
    """Forget that these letters were queued, so that the next sweep queues them again."""
    unqueue(Letter, letter_ids)


def _email(letter: Letter) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        subject=letter.subject,
        body=letter.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=addresses(letter.recipients),
        reply_to=[letter.reply_to],
        # The stored Message-ID: a reply's In-Reply-To finds the letter, and a retry is the same message.
        headers={"Message-ID": letter.message_id},
    )
    email.attach_alternative(letter.body_html, "text/html")
    return email


def deliver_letter(letter_id: int, *, now: datetime) -> bool:
    """E-mail a letter waiting to go; True if it went now. Run twice, it sends once: the row is
    locked while sending and only a pending letter is sent. A failure is counted and kept, committed,
    then raised for the task to decide whether to try again."""
    failure = None
    with transaction.atomic():
        letter = Letter.objects.select_for_update().filter(pk=letter_id).first()
        if letter is None or letter.state != DeliveryState.PENDING:
            return False
        letter.attempts += 1
        try:
            _email(letter).send()
        except Exception as error:
            failure = error
            letter.last_error = failure_text(error)
            save_with_actor(letter, by=None, fields=["attempts", "last_error"])
        else:
            letter.state, letter.delivered_at, letter.last_error = DeliveryState.SENT, now, ""
            save_with_actor(letter, by=None, fields=["state", "delivered_at", "last_error", "attempts"])
    if failure is not None:
        raise failure
    return True


@transaction.atomic
def mark_letter_failed(letter_id: int, error: BaseException | str) -> None:
    """Give up on a letter still waiting to go, keeping the last error for staff to see."""
    letter = Letter.objects.select_for_update().filter(pk=letter_id, state=DeliveryState.PENDING).first()
    if letter is None:
        return
    letter.state, letter.last_error = DeliveryState.FAILED, failure_text(error)
    save_with_actor(letter, by=None, fields=["state", "last_error"])


@transaction.atomic
def retry_letter(letter: Letter, *, by, now: datetime) -> Letter:
    """Send a failed letter again: pending once more, and queued after commit."""
    letter = reopened(
        Letter.objects.visible_to(by),
        letter.pk,
        by=by,
        now=now,
        refusals={
            "not allowed": _("Only a team lead or an administrator can send a letter again."),
            "not visible": _("You cannot see this letter."),
            "not failed": _("Only a letter that failed can be sent again."),
        },
    )
    save_with_actor(letter, by=by, fields=["state", "queued_at"])
    queue_on_commit(letter)
    return letter
