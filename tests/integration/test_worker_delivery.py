"""A real worker and a real Redis deliver an enquiry letter and the reminders its reply-by date owes,
each e-mail once, even when the worker is killed in the middle of sending one.

The worker reads the real clock, so the enquiry is sent a month ago and its reply-by date has
passed; the sweeps are given the moments after it that the test is about."""

import time

import pytest

from cases.models import DeliveryState, Letter, Reminder, ReminderKind
from cases.services.reminders import sweep_reminders
from tests.helpers.reminders import DAY, HOUR
from tests.helpers.worker_process import VISIBILITY_TIMEOUT, delivered

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def headers(messages) -> list[tuple[str, str, str]]:
    return [(message["Message-ID"], message["To"], message["Subject"]) for message in messages]


def sweep_and_wait(*, now, mail_server, expected: int) -> Reminder:
    """Sweep at ``now``, which must queue exactly one new reminder, and wait for the worker to send it."""
    report = sweep_reminders(now=now)
    assert (report.created, len(report.queued)) == (1, 1)
    reminder = delivered(Reminder, report.queued[0].pk)
    mail_server.wait_for(expected)
    return reminder


def test_the_letter_and_each_reminder_its_reply_date_owes_are_sent_once(
    officer, lead, start_worker, broker, mail_server, send_enquiry_letter, sent_long_ago
):
    start_worker()

    letter = send_enquiry_letter(now=sent_long_ago)

    letter = delivered(Letter, letter.pk)
    assert (letter.state, letter.attempts, letter.last_error) == (DeliveryState.SENT, 1, "")
    assert headers(mail_server.wait_for(1)) == [(letter.message_id, "dpo@lumen.example", letter.subject)]
    assert letter.enquiry.reference in letter.subject

    due = letter.enquiry.reply_clock.due_at
    overdue = sweep_and_wait(now=due + HOUR, mail_server=mail_server, expected=2)
    chaser = sweep_and_wait(now=due + DAY + HOUR, mail_server=mail_server, expected=3)
    escalation = sweep_and_wait(now=due + 3 * DAY + HOUR, mail_server=mail_server, expected=4)

    # The same moment swept again: nothing more is owed, nothing more is sent.
    again = sweep_reminders(now=due + 3 * DAY + HOUR)
    assert (again.created, again.queued) == (0, [])
    assert broker.drained()
    sent = [overdue, chaser, escalation]
    assert [(reminder.kind, reminder.offset_days, reminder.attempts) for reminder in sent] == [
        (ReminderKind.OFFICER_OVERDUE, 0, 1),
        (ReminderKind.ORGANISATION_CHASER, -1, 1),
        (ReminderKind.LEAD_ESCALATION, -3, 1),
    ]
    assert [(message["Message-ID"], message["To"]) for message in mail_server.messages] == [
        (letter.message_id, "dpo@lumen.example"),
        (overdue.message_id, officer.email),
        (chaser.message_id, "dpo@lumen.example"),
        (escalation.message_id, lead.email),
    ]
    assert mail_server.messages[2]["Subject"] == f"Reply overdue: {letter.enquiry.reference}"
    assert Reminder.objects.exclude(state=DeliveryState.SENT).count() == 0


def test_a_worker_killed_mid_delivery_leaves_the_letter_to_the_next_which_sends_it_once(
    start_worker, broker, mail_server, send_enquiry_letter, sent_long_ago
):
    mail_server.hold()
    first = start_worker()

    letter = send_enquiry_letter(now=sent_long_ago)
    # The worker has the letter's row locked and waits for the mail server to greet it.
    mail_server.wait_for_held()
    first.kill()
    killed_at = time.monotonic()
    mail_server.release()

    letter.refresh_from_db()
    assert (letter.state, letter.attempts, mail_server.messages) == (DeliveryState.PENDING, 0, [])
    # Unacknowledged, the message stays with Redis, which hands it out again once its visibility
    # timeout has passed; a worker looks for such messages as it starts.
    assert broker.waiting_messages() == 1
    time.sleep(max(0.0, killed_at + VISIBILITY_TIMEOUT + 0.5 - time.monotonic()))
    start_worker()

    letter = delivered(Letter, letter.pk)
    assert (letter.state, letter.attempts) == (DeliveryState.SENT, 1)
    assert broker.drained()
    assert headers(mail_server.messages) == [(letter.message_id, "dpo@lumen.example", letter.subject)]
