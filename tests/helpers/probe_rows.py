"""The enquiry, letters and reminder the probes of the admin put behind a restricted case, and the
words of theirs that must never show to those who cannot see the case."""

from cases.models import DeliveryState, Letter, LetterKind, ReminderKind
from tests.helpers.factories import EnquiryFactory
from tests.helpers.reminders import mark_sent, reminder

# What the probes put behind the restricted case besides the case itself: words that must never
# show to those who cannot see the case.
ENQUIRY_SECRETS = ["Patient records in the clinic's chat group", "dpo@harbourside-clinic.example"]


def enquiry_behind(restricted, *, officer, now) -> dict[str, dict[str, object]]:
    """An enquiry about ``restricted`` to its organisation, sent, with its reply-by clock, the letter
    and a failed reminder, and a letter to the case's complainant, written straight to the database
    (only who may see them matters here). Returns, for each model, the ids to put in its URLs."""
    enquiry = EnquiryFactory(
        organisation=restricted.organisation,
        cases=[restricted],
        officer=officer,
        recipients=ENQUIRY_SECRETS[1],
        subject=ENQUIRY_SECRETS[0],
        questions="1. Who posted the records?",
        drafted_at=now,
    )
    mark_sent(enquiry, sent_at=now, due_at=now)
    letters = [
        Letter(
            kind=kind,
            language="en",
            recipients=to,
            reply_to="enquiries@dpa.example",
            subject=f"{restricted.reference}: {ENQUIRY_SECRETS[0]}",
            body_text=ENQUIRY_SECRETS[0],
            body_html="<p>Letter.</p>",
            message_id=f"<probe-{kind}@dpa.example>",
            sent_at=now,
            **owner,
        )
        for kind, to, owner in [
            (LetterKind.ENQUIRY, ENQUIRY_SECRETS[1], {"enquiry": enquiry}),
            (LetterKind.ACKNOWLEDGEMENT, restricted.complainant.email, {"case": restricted}),
        ]
    ]
    Letter.objects.bulk_create(letters)
    failed = reminder(
        enquiry.reply_clock,
        ReminderKind.ORGANISATION_CHASER,
        offset_days=-1,
        state=DeliveryState.FAILED,
        attempts=5,
        last_error=f"Refused: {ENQUIRY_SECRETS[1]}",
        created_at=now,
    )
    return {
        "cases.enquiry": {"object_id": enquiry.pk, "version_id": enquiry.history.get().history_id},
        "cases.letter": {"object_id": letters[0].pk},
        "cases.reminder": {"object_id": failed.pk},
    }
