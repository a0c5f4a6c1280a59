"""The mail server refuses for a while, or is down for good: the worker tries again with growing
waits and sends once it can; past the last try the reminder is marked failed, shown to the team
lead in the admin, and sent once when the lead sends it again.

The reply-by date passed long ago (the worker reads the real clock); each sweep is given its moment."""

import pytest
from django.test import Client

from cases.models import DeliveryState, Letter, Reminder, ReminderKind
from cases.services.reminders import sweep_reminders
from tests.helpers.html_forms import main_form_fields
from tests.helpers.reminders import HOUR
from tests.helpers.worker_process import MAX_RETRIES, delivered

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REMINDERS = "/admin/cases/reminder/"
CONNECTION_REFUSED = "ConnectionRefusedError: [Errno 111] Connection refused"


def overdue_alert(due) -> Reminder:
    """Sweep an hour after an enquiry's reply-by moment ``due``: the officer's overdue alert is queued."""
    report = sweep_reminders(now=due + HOUR)
    alert = Reminder.objects.get()
    assert (alert.kind, [queued.pk for queued in report.queued]) == (ReminderKind.OFFICER_OVERDUE, [alert.pk])
    return alert


def sent(mail_server) -> list[tuple[str, str]]:
    return [(message["Message-ID"], message["To"]) for message in mail_server.messages]


def test_a_letter_refused_for_a_while_is_tried_again_and_sent_once(
    start_worker, broker, mail_server, send_enquiry_letter, sent_long_ago
):
    mail_server.fail_next(2)
    start_worker()

    letter = send_enquiry_letter(now=sent_long_ago)

    letter = delivered(Letter, letter.pk)
    assert (letter.state, letter.attempts, letter.last_error) == (DeliveryState.SENT, 3, "")
    assert broker.drained()
    assert mail_server.refused == 2
    assert sent(mail_server) == [(letter.message_id, "dpo@lumen.example")]


def test_a_reminder_refused_for_a_while_is_tried_again_and_sent_once(officer, start_worker, broker, mail_server, due):
    mail_server.fail_next(1)
    start_worker()

    alert = delivered(Reminder, overdue_alert(due).pk)

    assert (alert.state, alert.attempts) == (DeliveryState.SENT, 2)
    assert broker.drained()
    assert mail_server.refused == 1
    assert sent(mail_server) == [(alert.message_id, officer.email)]


def test_a_reminder_failing_for_good_is_shown_to_the_lead_and_sent_once_when_sent_again(
    officer, lead, start_worker, broker, mail_server, due
):
    mail_server.down()
    start_worker()

    alert = delivered(Reminder, overdue_alert(due).pk)

    assert (alert.state, alert.attempts, alert.last_error) == (
        DeliveryState.FAILED,
        1 + MAX_RETRIES,
        CONNECTION_REFUSED,
    )
    assert broker.drained()
    client = Client()
    client.force_login(lead)
    failed = client.get(REMINDERS, {"state__exact": DeliveryState.FAILED})
    assert failed.status_code == 200
    assert list(failed.context["cl"].result_list) == [alert]
    assert CONNECTION_REFUSED in failed.text

    mail_server.up()
    retry = f"{REMINDERS}{alert.pk}/retry/"
    retried = client.post(retry, main_form_fields(client.get(retry).text))

    assert (retried.status_code, retried["Location"]) == (302, f"{REMINDERS}{alert.pk}/change/")
    alert = delivered(Reminder, alert.pk)
    assert (alert.state, alert.attempts) == (DeliveryState.SENT, 2 + MAX_RETRIES)
    assert broker.drained()
    assert sent(mail_server) == [(alert.message_id, officer.email)]
    assert client.get(REMINDERS, {"state__exact": DeliveryState.FAILED}).context["cl"].result_list.count() == 0
