"""No letter is lost: one the broker did not take when it was sent stays pending and the next sweep
queues it; one whose task was lost is queued again once ``REMINDER_REQUEUE_AFTER`` has passed; a
failed one is sent again by a team lead or an administrator."""

import logging

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import DeliveryState, Letter
from cases.services.letters import retry_letter
from cases.services.reminders import sweep_reminders
from cases.tasks import letters as letter_tasks
from tests.helpers.enquiries import enquiry_letter
from tests.helpers.moments import NOW
from tests.helpers.reminders import NEXT_SWEEP, broker_refuses

pytestmark = pytest.mark.django_db


@pytest.fixture
def broker_down(monkeypatch):
    broker_refuses(monkeypatch, letter_tasks.deliver_letter)


def queued_by_sweeps(monkeypatch) -> list[int]:
    """The ids of the letters each sweep from now on hands to the broker once it has committed."""
    ids: list[int] = []
    monkeypatch.setattr(letter_tasks, "queue_letters", ids.extend)
    return ids


def sent_letter(officer) -> Letter:
    return enquiry_letter(officer, recipients="dpo@linkwave.example")


def _queued_at(letter: Letter):
    return Letter.objects.values_list("state", "queued_at").get(pk=letter.pk)


def test_a_letter_the_broker_did_not_take_stays_pending_and_the_request_does_not_fail(
    officer, broker_down, caplog, django_capture_on_commit_callbacks
):
    logged = caplog.at_level(logging.ERROR, logger="cases.tasks.letters")
    with logged, django_capture_on_commit_callbacks(execute=True) as callbacks:
        letter = sent_letter(officer)
        assert _queued_at(letter) == (DeliveryState.PENDING, NOW)

    assert len(callbacks) == 1
    assert _queued_at(letter) == (DeliveryState.PENDING, None)
    assert [record.getMessage() for record in caplog.records] == [
        f"Letters [{letter.pk}] could not be queued; the next sweep queues them again."
    ]


def test_the_next_sweep_queues_a_letter_the_broker_did_not_take(
    officer, monkeypatch, broker_down, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = sent_letter(officer)
    queued = queued_by_sweeps(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        report = sweep_reminders(now=NOW + NEXT_SWEEP)

    assert (report.letters, queued) == ([letter.pk], [letter.pk])
    assert _queued_at(letter) == (DeliveryState.PENDING, NOW + NEXT_SWEEP)


def test_a_letter_queued_recently_is_left_to_its_task_until_requeue_after_has_passed(
    officer, settings, monkeypatch, django_capture_on_commit_callbacks
):
    letter = sent_letter(officer)  # queued at NOW; its task is never run here
    queued = queued_by_sweeps(monkeypatch)

    with django_capture_on_commit_callbacks(execute=True):
        soon = sweep_reminders(now=NOW + settings.REMINDER_REQUEUE_AFTER - NEXT_SWEEP)
        late = sweep_reminders(now=NOW + settings.REMINDER_REQUEUE_AFTER)
        after = sweep_reminders(now=NOW + settings.REMINDER_REQUEUE_AFTER + NEXT_SWEEP)

    assert (soon.letters, late.letters, after.letters, queued) == ([], [letter.pk], [], [letter.pk])


@pytest.mark.parametrize("state", [DeliveryState.SENT, DeliveryState.FAILED])
def test_a_letter_sent_or_given_up_on_is_not_queued_again(officer, settings, state):
    letter = sent_letter(officer)
    Letter.objects.filter(pk=letter.pk).update(state=state, delivered_at=NOW if state == DeliveryState.SENT else None)

    report = sweep_reminders(now=NOW + 2 * settings.REMINDER_REQUEUE_AFTER)

    assert report.letters == []


def test_a_letter_the_broker_did_not_take_goes_out_once_after_the_next_sweep(
    officer, monkeypatch, broker_down, mailoutbox, tasks_run_in_process, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        letter = sent_letter(officer)
    monkeypatch.undo()  # the broker is back

    with django_capture_on_commit_callbacks(execute=True):
        sweep_reminders(now=NOW + NEXT_SWEEP)
        sweep_reminders(now=NOW + 2 * NEXT_SWEEP)

    assert [message.extra_headers["Message-ID"] for message in mailoutbox] == [letter.message_id]
    assert Letter.objects.get(pk=letter.pk).state == DeliveryState.SENT


# a failed letter sent again


def failed_letter(officer) -> Letter:
    letter = sent_letter(officer)
    Letter.objects.filter(pk=letter.pk).update(
        state=DeliveryState.FAILED, attempts=6, last_error="SMTPServerDisconnected: Connection unexpectedly closed"
    )
    return letter


def test_a_failed_letter_sent_again_goes_out_once_committed(
    officer, lead, mailoutbox, tasks_run_in_process, django_capture_on_commit_callbacks
):
    letter = failed_letter(officer)
    later = NOW + NEXT_SWEEP

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        retried = retry_letter(letter, by=lead, now=later)
        assert (retried.state, retried.queued_at, mailoutbox) == (DeliveryState.PENDING, later, [])

    assert len(callbacks) == 1
    sent = Letter.objects.get(pk=letter.pk)
    assert (sent.state, sent.attempts, sent.last_error) == (DeliveryState.SENT, 7, "")
    assert [message.to for message in mailoutbox] == [["dpo@linkwave.example"]]


@pytest.mark.parametrize("state", [DeliveryState.PENDING, DeliveryState.SENT])
def test_only_a_failed_letter_can_be_sent_again(officer, lead, state):
    letter = failed_letter(officer)
    Letter.objects.filter(pk=letter.pk).update(state=state, delivered_at=NOW if state == DeliveryState.SENT else None)

    with pytest.raises(ValidationError, match=r"Only a letter that failed can be sent again\."):
        retry_letter(letter, by=lead, now=NOW)


def test_an_officer_cannot_send_a_letter_again(officer):
    letter = failed_letter(officer)

    with pytest.raises(PermissionDenied, match=r"Only a team lead or an administrator can send a letter again\."):
        retry_letter(letter, by=officer, now=NOW)

    assert Letter.objects.get(pk=letter.pk).state == DeliveryState.FAILED
