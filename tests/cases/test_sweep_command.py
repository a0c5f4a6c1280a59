"""``manage.py sweep_reminders``: the worker's sweep run by hand, saying what it queued, or with
--dry-run what it would queue."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import DeliveryState, Reminder, ReminderKind
from cases.services.reminders import set_organisations_paused
from tests.helpers.reminders import DAY, sent_enquiry

pytestmark = pytest.mark.django_db


def sweep(*arguments) -> list[str]:
    out = StringIO()
    call_command("sweep_reminders", *arguments, stdout=out)
    return out.getvalue().splitlines()


def expected_lines(enquiry) -> set[str]:
    due = f"{timezone.localtime(enquiry.reply_clock.due_at):%Y-%m-%d %H:%M}"
    kinds = [ReminderKind.LEAD_ESCALATION, ReminderKind.ORGANISATION_CHASER, ReminderKind.OFFICER_OVERDUE]
    return {f"{kind.label}: {enquiry.reference}, hk-enquiry-reply due {due}" for kind in kinds}


def test_with_dry_run_it_lists_what_it_would_send_and_changes_nothing(officer):
    # The command sweeps at the real time: this reply was due 20 days before it.
    enquiry = sent_enquiry(officer=officer, due_at=timezone.now() - 20 * DAY)

    lines = sweep("--dry-run")

    assert set(lines[:3]) == expected_lines(enquiry)
    assert lines[3:] == [
        "3 reminders would be created, 0 cancelled as no longer owed, 3 queued for sending.",
        "Dry run: nothing was changed or sent.",
    ]
    assert Reminder.objects.count() == 0


def test_without_dry_run_it_sweeps_and_lists_what_it_queued(
    officer, lead, mailoutbox, tasks_run_in_process, django_capture_on_commit_callbacks
):
    enquiry = sent_enquiry(officer=officer, due_at=timezone.now() - 20 * DAY)

    with django_capture_on_commit_callbacks(execute=True):
        lines = sweep()

    assert set(lines[:3]) == expected_lines(enquiry)
    assert lines[3:] == ["3 reminders were created, 0 cancelled as no longer owed, 3 queued for sending."]
    assert set(Reminder.objects.values_list("state", flat=True)) == {DeliveryState.SENT}
    assert len(mailoutbox) == 3
    assert sweep() == ["0 reminders were created, 0 cancelled as no longer owed, 0 queued for sending."]


def test_it_says_how_many_messages_to_organisations_are_held(officer, administrator):
    sent_enquiry(officer=officer, due_at=timezone.now() + 2 * DAY)
    sweep()
    set_organisations_paused(True, by=administrator, now=timezone.now())

    assert sweep()[-1] == "1 message to organisations held until they are released."
