"""What the sweep cancels and holds: reminders for a due moment that moved, for a clock that is met
or stopped, and messages to organisations while the switch holds them; released, what is still due
goes out once."""

import pytest
from django.core.exceptions import PermissionDenied

from cases.models import Clock, Reminder, ReminderPolicy
from cases.services.reminders import deliver_reminder, set_organisations_paused, sweep_reminders
from tests.helpers.clocks import running_clock
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import NOW
from tests.helpers.reminders import (
    CANCELLED,
    CHASER,
    DAY,
    ESCALATION,
    NEXT_SWEEP,
    OFFICER_BEFORE,
    OFFICER_OVERDUE,
    ORGANISATION_BEFORE,
    PENDING,
    SECOND,
    SENT,
    move_due,
    rows,
    sent_enquiry,
    sweep_and_deliver,
)

pytestmark = pytest.mark.django_db


def to_organisations(mailoutbox) -> list:
    return [message for message in mailoutbox if message.to == ["dpo@organisation.example"]]


# a due moment that moved


def test_an_extension_cancels_the_reminders_for_the_old_date_and_the_sweep_makes_fresh_ones(officer):
    enquiry = sent_enquiry(officer=officer, due_at=NOW + 2 * DAY)
    sweep_reminders(now=NOW)
    old = enquiry.reply_clock.due_at
    new = move_due(enquiry.reply_clock, NOW + 9 * DAY).due_at

    moved = sweep_reminders(now=NOW + NEXT_SWEEP)

    assert (moved.created, moved.cancelled) == (0, 2)
    assert rows(deadline=old) == [(OFFICER_BEFORE, 3, CANCELLED), (ORGANISATION_BEFORE, 3, CANCELLED)]
    assert rows(deadline=new) == []

    fresh = sweep_reminders(now=NOW + 6 * DAY)

    assert fresh.created == 2
    assert rows(deadline=new) == [(OFFICER_BEFORE, 3, PENDING), (ORGANISATION_BEFORE, 3, PENDING)]


def test_a_reminder_already_sent_for_the_old_date_stays_sent(officer):
    enquiry = sent_enquiry(officer=officer, due_at=NOW - SECOND)
    sweep_reminders(now=NOW)
    deliver_reminder(Reminder.objects.get().pk, now=NOW)

    move_due(enquiry.reply_clock, NOW + 14 * DAY)
    sweep_reminders(now=NOW)

    assert rows() == [(OFFICER_OVERDUE, 0, SENT)]


# a clock met or stopped


@pytest.mark.parametrize("state", [Clock.State.MET, Clock.State.STOPPED])
def test_the_pending_reminders_of_a_clock_that_is_met_or_stopped_are_cancelled(state, officer):
    clock = running_clock(CaseFactory(assigned_officer=officer), due_at=NOW - 3 * DAY)
    sweep_reminders(now=NOW)
    Clock.objects.filter(pk=clock.pk).update(state=state, met_at=NOW if state == Clock.State.MET else None)

    report = sweep_reminders(now=NOW + SECOND)

    assert (report.created, report.cancelled, report.queued) == (0, 2, [])
    assert rows() == [(ESCALATION, -3, CANCELLED), (OFFICER_OVERDUE, 0, CANCELLED)]


def test_a_before_due_reminder_still_pending_when_the_due_moment_comes_is_cancelled(officer):
    running_clock(CaseFactory(assigned_officer=officer), due_at=NOW + DAY)
    sweep_reminders(now=NOW)

    sweep_reminders(now=NOW + DAY)

    assert rows() == [(OFFICER_BEFORE, 1, CANCELLED), (OFFICER_OVERDUE, 0, PENDING)]


# the switch that holds messages to organisations


def test_holding_messages_to_organisations_is_recorded_and_for_administrators_only(administrator, lead):
    with pytest.raises(PermissionDenied):
        set_organisations_paused(True, by=lead, now=NOW)

    policy = set_organisations_paused(True, by=administrator, now=NOW)

    assert (policy.organisations_paused, policy.changed_by) == (True, administrator)
    latest = ReminderPolicy.history.latest()
    assert (latest.organisations_paused, latest.history_user, latest.history_date) == (True, administrator, NOW)


def test_while_held_nothing_goes_to_organisations_and_staff_alerts_continue(officer, administrator, mailoutbox):
    sent_enquiry(officer=officer, due_at=NOW + 3 * DAY)
    set_organisations_paused(True, by=administrator, now=NOW)

    report = sweep_and_deliver(now=NOW)
    sweep_and_deliver(now=NOW + 4 * DAY)

    assert report.held == 0
    assert rows() == [(OFFICER_BEFORE, 3, SENT), (OFFICER_OVERDUE, 0, SENT)]
    assert [message.to for message in mailoutbox] == [[officer.email], [officer.email]]


def test_a_message_to_an_organisation_made_before_the_hold_waits_pending_until_released(
    officer, administrator, mailoutbox
):
    sent_enquiry(officer=officer, due_at=NOW + 3 * DAY)
    sweep_reminders(now=NOW)
    held = Reminder.objects.get(kind=ORGANISATION_BEFORE)
    set_organisations_paused(True, by=administrator, now=NOW)

    delivered = deliver_reminder(held.pk, now=NOW)
    report = sweep_reminders(now=NOW + NEXT_SWEEP)

    assert (delivered, report.held, report.queued) == (None, 1, [])
    assert Reminder.objects.get(pk=held.pk).state == PENDING
    assert to_organisations(mailoutbox) == []

    set_organisations_paused(False, by=administrator, now=NOW + 2 * NEXT_SWEEP)
    released = sweep_and_deliver(now=NOW + 2 * NEXT_SWEEP)

    assert [reminder.pk for reminder in released.queued] == [held.pk]
    assert len(to_organisations(mailoutbox)) == 1


def test_released_what_is_still_due_goes_out_once_and_nothing_stale(officer, lead, administrator, mailoutbox):
    enquiry = sent_enquiry(officer=officer, due_at=NOW + 3 * DAY)
    sweep_reminders(now=NOW)  # the reminder before the due date is made, and not sent yet
    set_organisations_paused(True, by=administrator, now=NOW)
    # The reply falls due and the chasers of 1 and 7 days after come due while the switch holds them.
    for days in (2, 4, 5, 11):
        sweep_and_deliver(now=NOW + days * DAY)
    assert to_organisations(mailoutbox) == []

    set_organisations_paused(False, by=administrator, now=NOW + 11 * DAY)
    released = sweep_and_deliver(now=NOW + 11 * DAY)
    again = sweep_and_deliver(now=NOW + 11 * DAY + NEXT_SWEEP)

    assert (released.created, released.cancelled, len(released.queued)) == (1, 0, 1)
    assert (again.created, again.queued) == (0, [])
    [chaser] = to_organisations(mailoutbox)
    assert enquiry.reference in chaser.subject
    assert rows(kind__in=[ORGANISATION_BEFORE, CHASER]) == [(ORGANISATION_BEFORE, 3, CANCELLED), (CHASER, -7, SENT)]
