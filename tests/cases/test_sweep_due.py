"""The sweep makes the reminders that have fallen due: exactly at their moment, only the latest of
each kind, to organisations only about enquiries awaiting a reply, never twice, and in a number of
queries that does not grow with the number of clocks."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.models import DeliveryState, Reminder, ReminderPolicy
from cases.services.reminders import sweep_reminders
from tests.helpers.clocks import running_clock
from tests.helpers.factories import CaseFactory, OrganisationFactory
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
    answer,
    rows,
    sent_enquiry,
    sweep_and_deliver,
)

pytestmark = pytest.mark.django_db


# exactly at its moment


def test_a_reminder_due_exactly_now_is_made_and_one_due_a_second_later_is_not(officer):
    # hk-enquiry-reply warns the officer 3 days before; the policy reminds the organisation 3 days before.
    sent_enquiry(officer=officer, due_at=NOW + 3 * DAY)

    early = sweep_reminders(now=NOW - SECOND)
    assert (early.created, rows()) == (0, [])

    on_time = sweep_reminders(now=NOW)

    assert on_time.created == 2
    assert rows() == [(OFFICER_BEFORE, 3, PENDING), (ORGANISATION_BEFORE, 3, PENDING)]


def test_the_overdue_alert_falls_due_at_the_due_moment_and_the_escalation_three_days_later(officer):
    # GDPR Art. 33 has no warning days: only the alerts after the due moment concern it.
    clock = running_clock(CaseFactory(assigned_officer=officer), due_at=NOW, rule_code="gdpr-art33")

    sweep_reminders(now=NOW - SECOND)
    assert rows() == []
    sweep_reminders(now=NOW)
    assert rows() == [(OFFICER_OVERDUE, 0, PENDING)]
    sweep_reminders(now=NOW + 3 * DAY - SECOND)
    assert rows() == [(OFFICER_OVERDUE, 0, PENDING)]
    sweep_reminders(now=NOW + 3 * DAY)

    assert rows() == [(ESCALATION, -3, PENDING), (OFFICER_OVERDUE, 0, PENDING)]
    assert set(Reminder.objects.values_list("deadline", flat=True)) == {clock.due_at}


def test_the_first_chaser_falls_due_a_day_after_the_reply_was_due(officer):
    sent_enquiry(officer=officer, due_at=NOW - DAY + SECOND)
    sweep_reminders(now=NOW)
    assert not Reminder.objects.filter(kind=CHASER).exists()

    sweep_reminders(now=NOW + SECOND)

    assert rows(kind=CHASER) == [(CHASER, -1, PENDING)]


# only the latest of each kind


def test_of_the_offsets_already_past_only_the_latest_is_made(officer):
    # s.39(3) warns 14, 7 and 1 days before: 2 days before, the 7-day warning is the latest due.
    running_clock(CaseFactory(assigned_officer=officer), due_at=NOW + 2 * DAY)

    sweep_reminders(now=NOW)

    assert rows() == [(OFFICER_BEFORE, 7, PENDING)]


def test_a_later_offset_cancels_the_earlier_one_still_pending(officer):
    running_clock(CaseFactory(assigned_officer=officer), due_at=NOW + 2 * DAY)
    sweep_reminders(now=NOW)

    report = sweep_reminders(now=NOW + DAY)

    assert (report.created, report.cancelled) == (1, 1)
    assert rows() == [(OFFICER_BEFORE, 7, CANCELLED), (OFFICER_BEFORE, 1, PENDING)]


def test_a_sweep_after_weeks_without_one_makes_one_reminder_of_each_kind_not_a_burst(officer):
    sent_enquiry(officer=officer, due_at=NOW - 20 * DAY)

    sweep_reminders(now=NOW)

    assert rows() == [(ESCALATION, -3, PENDING), (OFFICER_OVERDUE, 0, PENDING), (CHASER, -14, PENDING)]


# to organisations only about enquiries awaiting a reply


def test_clocks_on_cases_never_make_messages_to_organisations(officer):
    running_clock(CaseFactory(assigned_officer=officer), due_at=NOW - 20 * DAY, rule_code="hk-enquiry-reply")

    sweep_reminders(now=NOW)

    assert not Reminder.objects.to_organisations().exists()
    assert rows() == [(ESCALATION, -3, PENDING), (OFFICER_OVERDUE, 0, PENDING)]


def test_an_answered_enquiry_gets_no_reminders(officer):
    enquiry = sent_enquiry(officer=officer, due_at=NOW - 20 * DAY)
    answer(enquiry, at=NOW - DAY)

    report = sweep_reminders(now=NOW)

    assert (report.created, rows()) == (0, [])


# never twice


def test_two_sweeps_in_a_row_make_no_duplicates_and_queue_nothing_twice(officer):
    sent_enquiry(officer=officer, due_at=NOW - 20 * DAY)
    running_clock(CaseFactory(assigned_officer=officer), due_at=NOW + 2 * DAY)
    first = sweep_reminders(now=NOW)

    second = sweep_reminders(now=NOW + NEXT_SWEEP)

    assert (first.created, len(first.queued)) == (4, 4)
    assert (second.created, second.cancelled, second.queued) == (0, 0, [])
    assert Reminder.objects.count() == 4


def test_a_reminder_queued_long_ago_and_still_pending_is_queued_again(officer, settings):
    running_clock(CaseFactory(assigned_officer=officer), due_at=NOW - SECOND, rule_code="gdpr-art33")
    [queued] = sweep_reminders(now=NOW).queued

    assert sweep_reminders(now=NOW + settings.REMINDER_REQUEUE_AFTER - SECOND).queued == []
    assert sweep_reminders(now=NOW + settings.REMINDER_REQUEUE_AFTER).queued == [queued]
    assert Reminder.objects.count() == 1


# the dry run


def test_a_dry_run_reports_what_a_sweep_would_do_and_changes_nothing(officer, django_capture_on_commit_callbacks):
    sent_enquiry(officer=officer, due_at=NOW - 20 * DAY)

    with django_capture_on_commit_callbacks() as callbacks:
        report = sweep_reminders(now=NOW, dry_run=True)

    assert (report.created, len(report.queued), report.dry_run) == (3, 3, True)
    assert sorted(reminder.kind for reminder in report.queued) == sorted([ESCALATION, CHASER, OFFICER_OVERDUE])
    assert (Reminder.objects.count(), callbacks) == (0, [])


def test_a_longer_escalation_delay_does_not_escalate_the_same_due_moment_again(officer, lead, mailoutbox):
    running_clock(CaseFactory(assigned_officer=officer), due_at=NOW - 3 * DAY, rule_code="gdpr-art33")
    sweep_and_deliver(now=NOW)  # escalated 3 days after the due moment
    ReminderPolicy.objects.filter(pk=1).update(escalate_after_days=5)

    later = sweep_and_deliver(now=NOW + 2 * DAY)

    assert later.created == 0
    assert [message.to for message in mailoutbox if message.to == [lead.email]] == [[lead.email]]
    assert list(Reminder.objects.filter(kind=ESCALATION).values_list("offset_days", "state")) == [
        (-3, DeliveryState.SENT)
    ]


# queries


def clocks_of_every_kind(n: int, *, officer) -> None:
    """``n`` clocks: enquiries overdue and due soon, and case clocks overdue and due soon."""
    organisation = OrganisationFactory()
    for i in range(n):
        due_at = NOW + (i % 10 - 5) * DAY
        if i % 2:
            sent_enquiry(officer=officer, due_at=due_at, organisation=organisation)
        else:
            running_clock(CaseFactory(assigned_officer=officer), due_at=due_at)


@pytest.mark.parametrize("n", [5, 50])
def test_the_sweep_takes_the_same_queries_for_5_clocks_as_for_50(n, officer):
    clocks_of_every_kind(n, officer=officer)

    with CaptureQueriesContext(connection) as queries:
        report = sweep_reminders(now=NOW)

    assert report.created == len(report.queued) == Reminder.objects.count() > n
    # savepoint, policy, policy locked, rules, insert, cancel, claim, claim letters, release savepoint
    assert len(queries) == 9, [query["sql"] for query in queries]


def test_reply_clock_of_an_enquiry_is_the_one_reminded_about(officer):
    enquiry = sent_enquiry(officer=officer, due_at=NOW - 2 * DAY)

    sweep_reminders(now=NOW)

    assert set(Reminder.objects.values_list("clock", flat=True)) == {enquiry.reply_clock.pk}
