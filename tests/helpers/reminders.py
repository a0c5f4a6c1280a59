"""Enquiries awaiting a reply and clocks due at a chosen moment, written directly: the reminder tests
are about what falls due, not about how an enquiry is sent."""

from datetime import datetime, timedelta
from smtplib import SMTPServerDisconnected

from django.core.mail.backends.locmem import EmailBackend as OutboxBackend

from cases.models import Case, Clock, Enquiry, Language, Reminder
from cases.services.reminders import SweepReport, deliver_reminder, sweep_reminders
from tests.helpers.clocks import ENQUIRY, clock_rule
from tests.helpers.factories import CaseFactory, OrganisationFactory

# The hk-enquiry-reply rule warns the officer 3 days and 1 day before; the policy reminds the
# organisation 3 days before and chases it 1, 7 and 14 days after; the lead hears 3 days after.
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)
# The time between two sweeps (CELERY_BEAT_SCHEDULE).
NEXT_SWEEP = timedelta(minutes=15)


def sent_enquiry(
    *,
    officer,
    due_at: datetime,
    case: Case | None = None,
    organisation=None,
    recipients: str = "dpo@organisation.example",
    language: str = Language.ENGLISH,
    subject: str = "Use of members' data to train AI models",
) -> Enquiry:
    """An enquiry awaiting a reply, sent 14 days before ``due_at`` about ``case`` (or a new case of
    ``officer``'s), with its running reply-by clock due at ``due_at``."""
    if case is None:
        case = CaseFactory(assigned_officer=officer, organisation=organisation or OrganisationFactory())
    sent_at = due_at - 14 * DAY
    enquiry = Enquiry.objects.create(
        organisation=case.organisation,
        officer=officer,
        recipients=recipients,
        language=language,
        subject=subject,
        questions="When did the change take effect?",
        rule=clock_rule(ENQUIRY),
        status=Enquiry.Status.SENT,
        drafted_at=sent_at - DAY,
        sent_at=sent_at,
    )
    enquiry.cases.add(case)
    Clock.objects.create(enquiry=enquiry, rule=enquiry.rule, started_at=sent_at, due_at=due_at)
    return enquiry


def reply_clock(enquiry: Enquiry) -> Clock:
    return enquiry.clocks.get()


def move_due(clock: Clock, due_at: datetime) -> Clock:
    """The clock's due moment moved, as an extension or a new weather day moves it."""
    Clock.objects.filter(pk=clock.pk).update(due_at=due_at)
    clock.refresh_from_db()
    return clock


def answer(enquiry: Enquiry, *, at: datetime) -> None:
    """The reply came: the enquiry is answered and its clock met (written directly)."""
    Enquiry.objects.filter(pk=enquiry.pk).update(
        status=Enquiry.Status.ANSWERED, replied_on=at.date(), reply_summary="Answered every question."
    )
    Clock.objects.filter(enquiry=enquiry).update(state=Clock.State.MET, met_at=at)


def sweep_and_deliver(*, now: datetime) -> SweepReport:
    """A sweep, and the delivery of what it queued at the same moment, as prompt workers would.

    The tasks read the real clock; this keeps the whole of a test at the moments it names."""
    report = sweep_reminders(now=now)
    for queued in report.queued:
        deliver_reminder(queued.pk, now=now)
    return report


def rows(**filters) -> list[tuple]:
    """The reminders as (kind, offset_days, state), in a stable order."""
    found = Reminder.objects.filter(**filters).order_by("clock", "kind", "deadline", "-offset_days")
    return list(found.values_list("kind", "offset_days", "state"))


class FlakyMailServer(OutboxBackend):
    """A mail server that refuses the next ``refusals`` messages, then delivers to the outbox
    (``settings.EMAIL_BACKEND = FLAKY_MAIL_SERVER``; a test sets ``refusals`` with monkeypatch)."""

    refusals = 0

    def send_messages(self, email_messages):
        if FlakyMailServer.refusals:
            FlakyMailServer.refusals -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(email_messages)


FLAKY_MAIL_SERVER = f"{__name__}.FlakyMailServer"
