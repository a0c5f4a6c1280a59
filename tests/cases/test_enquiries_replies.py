"""Recording an organisation's reply: it meets the reply-by clock as of the day the reply came, cancels
the reminders still waiting, keeps what came with it on every case, and is written on each timeline."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import CaseEvent, ClockState, DeliveryState, Document, Enquiry, EnquiryStatus, Reminder, ReminderKind
from cases.services.clocks import pause_clock
from cases.services.enquiries import record_reply, send_enquiry
from tests.helpers.factories import EnquiryFactory
from tests.helpers.moments import NOW, at, end_of
from tests.helpers.reminders import reminder

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hk_calendar")]

DUE = end_of(date(2026, 3, 16))
RECORDED = at(2026, 3, 12, 9, 0)


@pytest.fixture
def enquiry(enquiry_sent_at_now):
    return enquiry_sent_at_now


def _reply(enquiry, *, by, replied_on=date(2026, 3, 10), now=RECORDED, **fields):
    fields.setdefault("summary", "They started on 1 March and rely on legitimate interests.")
    return record_reply(enquiry, replied_on=replied_on, by=by, now=now, **fields)


def test_a_reply_meets_the_clock_as_of_the_end_of_the_day_it_came(enquiry, officer):
    _reply(enquiry, by=officer, summary="  They started on 1 March.  ")

    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.replied_on, enquiry.reply_summary) == (
        EnquiryStatus.ANSWERED,
        date(2026, 3, 10),
        "They started on 1 March.",
    )
    clock = enquiry.reply_clock
    assert (clock.state, clock.met_at, clock.met_late, clock.due_at) == (
        ClockState.MET,
        end_of(date(2026, 3, 10)),
        False,
        DUE,
    )


def test_a_reply_recorded_on_the_day_it_came_meets_the_clock_when_it_is_recorded(enquiry, officer):
    _reply(enquiry, by=officer, replied_on=date(2026, 3, 12))

    assert enquiry.reply_clock.met_at == RECORDED


def test_a_reply_after_the_due_date_meets_the_clock_late(enquiry, officer):
    _reply(enquiry, by=officer, replied_on=date(2026, 3, 17), now=at(2026, 3, 18, 9, 0))

    clock = enquiry.reply_clock
    assert (clock.state, clock.met_late) == (ClockState.MET, True)
    event = enquiry.cases.first().events.get(kind=CaseEvent.Kind.REPLY_RECEIVED)
    assert event.message["late"] is True
    assert event.describe().startswith(f"{enquiry.reference}: reply received on Tue 17 Mar 2026 (late)\n")


def test_a_reply_on_the_due_date_is_on_time(enquiry, officer):
    _reply(enquiry, by=officer, replied_on=date(2026, 3, 16), now=at(2026, 3, 20, 9, 0))

    assert (enquiry.reply_clock.met_at, enquiry.reply_clock.met_late) == (DUE, False)


def test_every_case_shows_the_reply_and_the_met_clock(enquiry, officer):
    _reply(enquiry, by=officer, summary="Legitimate interests.")

    for case in enquiry.cases.all():
        reply = case.events.get(kind=CaseEvent.Kind.REPLY_RECEIVED)
        assert (reply.actor, reply.at, reply.text) == (officer, RECORDED, "Legitimate interests.")
        assert reply.describe() == f"{enquiry.reference}: reply received on Tue 10 Mar 2026\nLegitimate interests."
        met = case.events.get(kind=CaseEvent.Kind.CLOCK_MET)
        assert (met.at, met.message["enquiry"], met.message["late"]) == (
            end_of(date(2026, 3, 10)),
            enquiry.reference,
            False,
        )


def test_a_reply_cancels_the_reminders_still_waiting_and_leaves_the_others(enquiry, officer):
    clock = enquiry.reply_clock
    waiting = reminder(clock, ReminderKind.ORGANISATION_BEFORE_DUE, offset_days=3)
    also_waiting = reminder(clock, ReminderKind.OFFICER_BEFORE_DUE, offset_days=1)
    sent = reminder(clock, ReminderKind.OFFICER_BEFORE_DUE, offset_days=3, state=DeliveryState.SENT)
    failed = reminder(clock, ReminderKind.ORGANISATION_BEFORE_DUE, offset_days=1, state=DeliveryState.FAILED)
    other = EnquiryFactory(officer=officer)
    send_enquiry(other, by=officer, now=NOW)
    elsewhere = reminder(other.reply_clock, ReminderKind.ORGANISATION_BEFORE_DUE, offset_days=3)

    _reply(enquiry, by=officer)

    states = {row.pk: row.state for row in Reminder.objects.all()}
    assert states == {
        waiting.pk: DeliveryState.CANCELLED,
        also_waiting.pk: DeliveryState.CANCELLED,
        sent.pk: DeliveryState.SENT,
        failed.pk: DeliveryState.FAILED,
        elsewhere.pk: DeliveryState.PENDING,
    }


def test_the_documents_that_came_with_the_reply_are_kept_on_every_case(enquiry, officer):
    uploads = [SimpleUploadedFile("reply.txt", b"Our reply.\n"), SimpleUploadedFile("policy.txt", b"Our policy.\n")]

    _reply(enquiry, by=officer, documents=uploads)

    for case in enquiry.cases.all():
        documents = case.documents.order_by("pk")
        assert [
            (document.original_name, document.enquiry, document.letter) for document in documents if document.enquiry
        ] == [
            ("reply.txt", enquiry, None),
            ("policy.txt", enquiry, None),
        ]
        added = case.events.filter(kind=CaseEvent.Kind.DOCUMENT_ADDED).values_list("text", flat=True)
        assert list(added) == ["reply.txt", "policy.txt"]
    stored = Document.objects.filter(enquiry=enquiry, original_name="reply.txt").first()
    with stored.file.open("rb") as content:
        assert content.read() == b"Our reply.\n"


def test_a_document_that_is_not_allowed_refuses_the_whole_reply(enquiry, officer):
    uploads = [SimpleUploadedFile("reply.txt", b"Our reply.\n"), SimpleUploadedFile("tool.exe", b"MZ\x90\x00\x03" * 50)]

    with pytest.raises(ValidationError) as error:
        _reply(enquiry, by=officer, documents=uploads)

    assert set(error.value.message_dict) == {"documents"}
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.reply_clock.state) == (EnquiryStatus.SENT, ClockState.RUNNING)
    assert not Document.objects.filter(enquiry=enquiry).exists()


def test_a_reply_while_the_clock_is_paused_ends_the_pause_and_meets_it(enquiry, officer):
    paused_at = at(2026, 3, 5, 9, 0)
    pause_clock(enquiry.reply_clock, reason="Waiting for the platform's counsel", by=officer, now=paused_at)

    _reply(enquiry, by=officer, replied_on=date(2026, 3, 10), now=RECORDED)

    clock = enquiry.reply_clock
    assert (clock.state, clock.met_at, clock.pauses.get().resumed_at) == (
        ClockState.MET,
        end_of(date(2026, 3, 10)),
        end_of(date(2026, 3, 10)),
    )
    kinds = list(enquiry.cases.first().events.values_list("kind", flat=True))
    assert kinds[-3:] == [CaseEvent.Kind.CLOCK_RESUMED, CaseEvent.Kind.CLOCK_MET, CaseEvent.Kind.REPLY_RECEIVED]


# guards


def test_only_a_sent_enquiry_takes_a_reply(officer):
    draft = EnquiryFactory(officer=officer)

    with pytest.raises(ValidationError) as error:
        _reply(draft, by=officer)

    assert error.value.messages == ["This cannot be done to an enquiry that is “Draft”."]


def test_a_reply_is_recorded_once(enquiry, officer):
    _reply(enquiry, by=officer)

    with pytest.raises(ValidationError, match="“Answered”"):
        _reply(enquiry, by=officer, summary="Another one")

    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.REPLY_RECEIVED).count() == 2  # once on each case


@pytest.mark.parametrize(
    ("replied_on", "summary", "errors"),
    [
        (date(2026, 3, 13), "Fine.", {"replied_on": ["A reply cannot be received in the future."]}),
        (date(2026, 3, 1), "Fine.", {"replied_on": ["A reply cannot come before the enquiry was sent."]}),
        (date(2026, 3, 10), " \n ", {"summary": ["Say what the reply says."]}),
    ],
)
def test_a_reply_needs_a_plausible_date_and_a_summary(enquiry, officer, replied_on, summary, errors):
    with pytest.raises(ValidationError) as error:
        _reply(enquiry, by=officer, replied_on=replied_on, summary=summary)

    assert error.value.message_dict == errors
    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.reply_clock.state) == (EnquiryStatus.SENT, ClockState.RUNNING)
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.REPLY_RECEIVED).exists()


def test_an_officer_who_does_not_work_on_every_case_cannot_record_the_reply(enquiry, other_officer):
    with pytest.raises(PermissionDenied):
        _reply(enquiry, by=other_officer)

    assert Enquiry.objects.get(pk=enquiry.pk).status == EnquiryStatus.SENT
