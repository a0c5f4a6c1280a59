"""The demo's letters: the enquiry to the platform about default AI training with its reply-by
clock and the reminders it caused, enquiries answered, extended and overdue, and s.39(3) notices
sent on time and late."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.demo.correspondence import PLATFORM_ENQUIRY_SUBJECT
from cases.demo.story import COMPLIANCE_CHECK
from cases.models import ClockState, DeliveryState, Enquiry, Letter, LetterKind, Reminder, ReminderKind

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def demo(settings):
    settings.DEBUG = True  # demo logins, who sign the letters
    call_command("load_demo", stdout=StringIO())


def test_the_platform_enquiry_was_sent_is_overdue_and_was_chased_and_escalated():
    enquiry = Enquiry.objects.get(subject=PLATFORM_ENQUIRY_SUBJECT)
    clock = enquiry.reply_clock

    assert enquiry.status == Enquiry.Status.SENT
    assert COMPLIANCE_CHECK.title in {case.title for case in enquiry.cases.all()}
    assert (clock.rule.code, clock.state) == ("hk-enquiry-reply", ClockState.RUNNING)
    assert enquiry in Enquiry.objects.overdue(timezone.now())
    assert enquiry.letters.get().state == DeliveryState.PENDING  # the worker sends it
    sent = set(Reminder.objects.filter(clock=clock, state=DeliveryState.SENT).values_list("kind", flat=True))
    assert sent == {
        ReminderKind.ORGANISATION_BEFORE_DUE,
        ReminderKind.ORGANISATION_CHASER,
        ReminderKind.OFFICER_BEFORE_DUE,
        ReminderKind.OFFICER_OVERDUE,
        ReminderKind.LEAD_ESCALATION,
    }


def test_other_enquiries_were_answered_extended_and_left_unanswered():
    others = Enquiry.objects.exclude(subject=PLATFORM_ENQUIRY_SUBJECT)

    answered = others.get(status=Enquiry.Status.ANSWERED)
    assert answered.reply_clock.state == ClockState.MET
    extended = others.get(clocks__extensions__isnull=False)
    assert extended.status == Enquiry.Status.SENT
    assert extended.language == "zh-hant"
    assert others.overdue(timezone.now()).count() == 1


def test_s39_3_notices_went_on_time_and_late():
    notices = Letter.objects.filter(kind=LetterKind.NOT_PURSUED).select_related("case")
    lateness = set()
    for notice in notices:
        clock = notice.case.clocks.get(rule__code="hk-pdpo-s39-3")
        assert clock.state == ClockState.MET
        lateness.add(clock.met_late)

    assert lateness == {False, True}
