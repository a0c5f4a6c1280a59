"""The daily digest: one e-mail a day to each officer with something overdue or due within a week,
whatever the scheduler does."""

from datetime import timedelta

import pytest

from cases.models import Clock, Digest
from cases.services.reminders import send_digests
from tests.helpers.clocks import running_clock
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import NOW, TODAY
from tests.helpers.reminders import DAY, sent_enquiry

pytestmark = pytest.mark.django_db


def test_each_officer_gets_one_digest_a_day_of_what_is_overdue_and_due_within_a_week(
    officer, other_officer, mailoutbox
):
    overdue = running_clock(CaseFactory(assigned_officer=officer), due_at=NOW - 2 * DAY)
    soon = sent_enquiry(officer=officer, due_at=NOW + 6 * DAY)
    later = running_clock(CaseFactory(assigned_officer=officer), due_at=NOW + 8 * DAY)
    running_clock(CaseFactory(assigned_officer=other_officer), due_at=NOW + DAY)

    assert send_digests(now=NOW) == 2
    assert send_digests(now=NOW + timedelta(hours=6)) == 0

    assert len(mailoutbox) == 2
    [mine] = [message for message in mailoutbox if message.to == [officer.email]]
    assert mine.subject == "Your deadlines on 2 March 2026: 1 overdue, 1 due within a week"
    overdue_part, soon_part = mine.body.split("Due within a week:")
    assert overdue.case.reference in overdue_part
    assert soon.reference in soon_part
    assert later.case.reference not in mine.body
    assert list(Digest.objects.order_by("officer").values_list("officer", "day")) == [
        (officer.pk, TODAY),
        (other_officer.pk, TODAY),
    ]


def test_the_next_day_brings_the_next_digest(officer, mailoutbox):
    running_clock(CaseFactory(assigned_officer=officer), due_at=NOW - 2 * DAY)
    send_digests(now=NOW)

    assert send_digests(now=NOW + DAY) == 1

    assert [message.to for message in mailoutbox] == [[officer.email], [officer.email]]


def test_an_officer_with_nothing_due_or_only_met_deadlines_gets_no_digest(officer, mailoutbox):
    running_clock(CaseFactory(assigned_officer=officer), due_at=NOW + 10 * DAY)
    met = running_clock(CaseFactory(assigned_officer=officer), due_at=NOW - DAY)
    Clock.objects.filter(pk=met.pk).update(state=Clock.State.MET, met_at=NOW - 2 * DAY)
    running_clock(CaseFactory(), due_at=NOW - DAY)  # nobody's case

    assert send_digests(now=NOW) == 0

    assert (mailoutbox, Digest.objects.count()) == ([], 0)


def test_an_inactive_officer_gets_no_digest(officer, mailoutbox):
    running_clock(CaseFactory(assigned_officer=officer), due_at=NOW - DAY)
    officer.is_active = False
    officer.save()

    assert send_digests(now=NOW) == 0
