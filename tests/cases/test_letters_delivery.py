"""Delivering a letter by e-mail: text and HTML, the authority's reference in the subject, a Reply-To and
the stored Message-ID; once, however often delivery runs; each failed try counted with its error, and
after the last one the letter marked failed for staff to see."""

from smtplib import SMTPServerDisconnected

import pytest

from cases.models import DeliveryState, Letter, LetterKind
from cases.services.letters import deliver_letter, mark_letter_failed
from cases.tasks import letters as letter_tasks
from tests.helpers.enquiries import enquiry_letter
from tests.helpers.factories import OrganisationFactory
from tests.helpers.moments import at

pytestmark = pytest.mark.django_db

DELIVERED = at(2026, 3, 2, 10, 31)


@pytest.fixture
def letter(officer) -> Letter:
    """An enquiry letter to two addresses, waiting to go."""
    return enquiry_letter(
        officer,
        organisation=OrganisationFactory(name="Linkwave Limited"),
        recipients="dpo@linkwave.example\nlegal@linkwave.example",
    )


def _read(letter: Letter) -> tuple:
    letter.refresh_from_db()
    return letter.state, letter.attempts, letter.last_error, letter.delivered_at


def test_a_letter_goes_as_text_and_html_with_its_reference_reply_to_and_message_id(letter, mailoutbox):
    assert deliver_letter(letter.pk, now=DELIVERED) is True

    (email,) = mailoutbox
    assert email.subject == letter.subject
    assert letter.enquiry.reference in email.subject
    assert (email.from_email, email.to, email.reply_to) == (
        "casework@dpa.example",
        ["dpo@linkwave.example", "legal@linkwave.example"],
        ["enquiries@dpa.example"],
    )
    assert email.body == letter.body_text
    assert email.alternatives == [(letter.body_html, "text/html")]
    message = email.message()
    assert message["Message-ID"] == letter.message_id
    assert message["Reply-To"] == "enquiries@dpa.example"
    assert [part.get_content_type() for part in message.walk()] == ["multipart/alternative", "text/plain", "text/html"]
    assert _read(letter) == (DeliveryState.SENT, 1, "", DELIVERED)


def test_delivering_twice_sends_one_e_mail(letter, mailoutbox):
    first = deliver_letter(letter.pk, now=DELIVERED)
    again = deliver_letter(letter.pk, now=at(2026, 3, 2, 10, 45))

    assert (first, again, len(mailoutbox)) == (True, False, 1)
    assert _read(letter) == (DeliveryState.SENT, 1, "", DELIVERED)


@pytest.mark.parametrize("state", [DeliveryState.FAILED, DeliveryState.CANCELLED])
def test_a_letter_no_longer_waiting_is_not_sent(letter, mailoutbox, state):
    Letter.objects.filter(pk=letter.pk).update(state=state)

    assert deliver_letter(letter.pk, now=DELIVERED) is False
    assert mailoutbox == []


def test_a_letter_gone_since_it_was_queued_is_nothing_to_deliver(mailoutbox):
    assert deliver_letter(404, now=DELIVERED) is False
    assert mailoutbox == []


def test_each_failed_try_is_counted_with_its_error_and_raised(letter, mailoutbox, mail_server_down):
    for attempt in (1, 2):
        with pytest.raises(SMTPServerDisconnected):
            deliver_letter(letter.pk, now=DELIVERED)
        assert _read(letter) == (
            DeliveryState.PENDING,
            attempt,
            "SMTPServerDisconnected: Connection unexpectedly closed",
            None,
        )
    assert mailoutbox == []


def test_a_try_after_the_mail_server_recovers_sends_once_and_clears_the_error(letter, mailoutbox, mail_server_down):
    mail_server_down["left"] = 1
    with pytest.raises(SMTPServerDisconnected):
        deliver_letter(letter.pk, now=DELIVERED)

    assert deliver_letter(letter.pk, now=at(2026, 3, 2, 10, 40)) is True

    assert len(mailoutbox) == 1
    assert _read(letter) == (DeliveryState.SENT, 2, "", at(2026, 3, 2, 10, 40))


def test_a_letter_given_up_on_is_marked_failed_with_the_error(letter):
    mark_letter_failed(letter.pk, SMTPServerDisconnected("Gone"))

    assert _read(letter) == (DeliveryState.FAILED, 0, "SMTPServerDisconnected: Gone", None)


def test_a_delivered_letter_is_never_marked_failed(letter, mailoutbox):
    deliver_letter(letter.pk, now=DELIVERED)

    mark_letter_failed(letter.pk, "Too late")

    assert _read(letter) == (DeliveryState.SENT, 1, "", DELIVERED)


# the task


def test_the_task_is_acknowledged_late_and_retries_transient_errors_with_backoff(settings):
    task = letter_tasks.deliver_letter

    assert task.name == "cases.tasks.letters.deliver_letter"
    assert (task.acks_late, task.max_retries, task.retry_backoff) == (True, settings.DELIVERY_MAX_RETRIES, 30)
    assert {error.__name__ for error in task.autoretry_for} == {"SMTPException", "OSError", "OperationalError"}


# ``apply`` runs the task and each of its retries in-process, one after the other, without the waits.


def test_the_task_retries_until_the_mail_server_takes_the_letter(letter, mailoutbox, mail_server_down):
    mail_server_down["left"] = 2

    result = letter_tasks.deliver_letter.apply(args=[letter.pk])

    assert result.state == "SUCCESS"
    assert len(mailoutbox) == 1
    state, attempts, last_error, _delivered_at = _read(letter)
    assert (state, attempts, last_error) == (DeliveryState.SENT, 3, "")


def test_after_its_last_try_the_task_marks_the_letter_failed(letter, mailoutbox, mail_server_down):
    result = letter_tasks.deliver_letter.apply(args=[letter.pk])

    assert (result.state, type(result.result)) == ("FAILURE", SMTPServerDisconnected)
    assert mailoutbox == []
    assert _read(letter) == (
        DeliveryState.FAILED,
        letter_tasks.deliver_letter.max_retries + 1,
        "SMTPServerDisconnected: Connection unexpectedly closed",
        None,
    )


def test_the_task_sends_an_enquirys_letter_once_when_it_runs_twice(letter, mailoutbox, tasks_run_in_process):
    letter_tasks.deliver_letter.delay(letter.pk)
    letter_tasks.deliver_letter.delay(letter.pk)

    assert len(mailoutbox) == 1
    assert Letter.objects.get(pk=letter.pk).kind == LetterKind.ENQUIRY
