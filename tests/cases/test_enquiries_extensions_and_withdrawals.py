"""Extending an enquiry's reply-by date within its rule's limit, which retires the reminders made for
the old date, and withdrawing an enquiry, which stops its clock and every reminder still waiting."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseEvent, ClockState, DeliveryState, Enquiry, EnquiryStatus, Reminder, ReminderKind
from cases.services.clocks import pause_clock
from cases.services.enquiries import grant_extension, record_reply, send_enquiry, withdraw_enquiry
from tests.helpers.clocks import ENQUIRY_NAME
from tests.helpers.factories import EnquiryFactory
from tests.helpers.moments import at, end_of
from tests.helpers.reminders import reminder

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hk_calendar")]

DUE_ON = date(2026, 3, 16)
ASKED = at(2026, 3, 12, 9, 0)


@pytest.fixture
def enquiry(enquiry_sent_at_now):
    return enquiry_sent_at_now


def _extend(enquiry, until, *, by, now=ASKED, reason="The platform asked for time to consult its counsel."):
    return grant_extension(enquiry, until=until, reason=reason, by=by, now=now)


# extending


def test_an_extension_moves_the_reply_by_date_to_the_date_granted(enquiry, officer):
    _extend(enquiry, date(2026, 3, 23), by=officer, reason="  Asked for a week.  ")

    clock = enquiry.reply_clock
    assert (clock.state, clock.due_at, clock.extended_days) == (ClockState.RUNNING, end_of(date(2026, 3, 23)), 7)
    extension = clock.extensions.get()
    assert (extension.days, extension.reason, extension.granted_at, extension.granted_by) == (
        7,
        "Asked for a week.",
        ASKED,
        officer,
    )
    assert "extended by 7 days to Mon 23 Mar 2026" in clock.explain()


def test_an_extension_is_written_on_every_case_naming_the_enquiry(enquiry, officer):
    _extend(enquiry, date(2026, 3, 23), by=officer, reason="Asked for a week.")

    for case in enquiry.cases.all():
        event = case.events.get(kind=CaseEvent.Kind.CLOCK_EXTENDED)
        assert (event.actor, event.at) == (officer, ASKED)
        assert event.describe() == (
            f"{ENQUIRY_NAME} ({enquiry.reference}): extended by 7 days; due Mon 23 Mar 2026\nAsked for a week."
        )


def test_an_extension_to_the_rules_limit_is_granted(enquiry, officer):
    _extend(enquiry, DUE_ON + timedelta(days=28), by=officer)

    assert enquiry.reply_clock.due_at == end_of(date(2026, 4, 13))


def test_an_extension_past_the_rules_limit_is_refused_with_the_latest_date_it_allows(enquiry, officer):
    with pytest.raises(ValidationError) as error:
        _extend(enquiry, DUE_ON + timedelta(days=29), by=officer)

    assert error.value.message_dict == {
        "until": [
            "The hk-enquiry-reply rule allows at most 28 days of extension in all, 0 already granted: the latest "
            "reply-by date it allows is Mon 13 Apr 2026."
        ]
    }
    clock = enquiry.reply_clock
    assert (clock.due_at, clock.extensions.count()) == (end_of(DUE_ON), 0)
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.CLOCK_EXTENDED).exists()


def test_extensions_count_together_against_the_limit(enquiry, officer):
    _extend(enquiry, date(2026, 4, 1), by=officer)  # 16 days

    with pytest.raises(ValidationError) as error:
        _extend(enquiry, date(2026, 4, 15), by=officer)  # 14 more

    (message,) = error.value.message_dict["until"]
    assert "16 already granted: the latest reply-by date it allows is Mon 13 Apr 2026." in message
    _extend(enquiry, date(2026, 4, 13), by=officer)
    assert enquiry.reply_clock.extended_days == 28


@pytest.mark.parametrize("until", [DUE_ON, date(2026, 3, 10)])
def test_an_extension_gives_a_later_date(enquiry, officer, until):
    with pytest.raises(ValidationError) as error:
        _extend(enquiry, until, by=officer)

    assert error.value.message_dict == {"until": ["Give a date after the present reply-by date, Mon 16 Mar 2026."]}


def test_an_extension_needs_a_reason(enquiry, officer):
    with pytest.raises(ValidationError) as error:
        _extend(enquiry, date(2026, 3, 23), by=officer, reason=" ")

    assert set(error.value.message_dict) == {"reason"}


def test_an_overdue_enquiry_can_still_be_given_more_time(enquiry, officer):
    late = at(2026, 3, 18, 9, 0)
    assert list(Enquiry.objects.overdue(late)) == [enquiry]

    _extend(enquiry, date(2026, 3, 25), by=officer, now=late)

    assert list(Enquiry.objects.overdue(late)) == []


def test_an_overdue_enquiry_is_not_given_a_date_already_past(enquiry, officer):
    late = at(2026, 3, 25, 9, 0)

    with pytest.raises(ValidationError) as refused:
        _extend(enquiry, date(2026, 3, 20), by=officer, now=late)

    assert refused.value.message_dict == {"until": ["Give a date from today, Wed 25 Mar 2026, onwards."]}
    assert enquiry.reply_clock.extensions.count() == 0


def test_an_extension_retires_the_waiting_reminders_made_for_the_old_date_only(enquiry, officer):
    clock = enquiry.reply_clock
    old_date = reminder(clock, ReminderKind.ORGANISATION_BEFORE_DUE, offset_days=3)
    old_date_sent = reminder(clock, ReminderKind.OFFICER_BEFORE_DUE, offset_days=3, state=DeliveryState.SENT)
    made_for_another_date = reminder(
        clock, ReminderKind.OFFICER_BEFORE_DUE, offset_days=1, deadline=end_of(date(2026, 3, 30))
    )

    _extend(enquiry, date(2026, 3, 30), by=officer)

    states = {row.pk: row.state for row in Reminder.objects.all()}
    assert states == {
        old_date.pk: DeliveryState.CANCELLED,
        old_date_sent.pk: DeliveryState.SENT,
        made_for_another_date.pk: DeliveryState.PENDING,
    }


def test_a_paused_reply_by_clock_is_resumed_before_its_date_moves(enquiry, officer):
    pause_clock(enquiry.reply_clock, reason="Waiting for counsel", by=officer, now=at(2026, 3, 5, 9, 0))

    with pytest.raises(ValidationError) as error:
        _extend(enquiry, date(2026, 3, 23), by=officer)

    assert error.value.messages == ["The reply-by clock is paused: resume it before moving the date."]


def test_only_an_enquiry_awaiting_its_reply_is_extended(enquiry, officer):
    record_reply(enquiry, replied_on=date(2026, 3, 10), summary="Answered.", by=officer, now=ASKED)

    with pytest.raises(ValidationError, match="“Answered”"):
        _extend(enquiry, date(2026, 3, 23), by=officer)
    with pytest.raises(ValidationError, match="“Draft”"):
        _extend(EnquiryFactory(officer=officer), date(2026, 3, 23), by=officer)


def test_an_officer_who_does_not_work_on_every_case_cannot_extend(enquiry, other_officer):
    with pytest.raises(PermissionDenied):
        _extend(enquiry, date(2026, 3, 23), by=other_officer)

    assert enquiry.reply_clock.due_at == end_of(DUE_ON)


# withdrawing


def test_withdrawing_a_sent_enquiry_stops_its_clock_and_cancels_what_is_waiting(enquiry, officer):
    clock = enquiry.reply_clock
    waiting = reminder(clock, ReminderKind.ORGANISATION_BEFORE_DUE, offset_days=3)
    sent = reminder(clock, ReminderKind.OFFICER_BEFORE_DUE, offset_days=3, state=DeliveryState.SENT)

    withdraw_enquiry(enquiry, reason="  The platform reversed the change. ", by=officer, now=ASKED)

    enquiry.refresh_from_db()
    assert (enquiry.status, enquiry.withdrawn_at, enquiry.withdrawal_reason) == (
        EnquiryStatus.WITHDRAWN,
        ASKED,
        "The platform reversed the change.",
    )
    clock.refresh_from_db()
    assert (clock.state, clock.met_at) == (ClockState.STOPPED, None)
    assert dict(Reminder.objects.values_list("pk", "state")) == {
        waiting.pk: DeliveryState.CANCELLED,
        sent.pk: DeliveryState.SENT,
    }
    assert list(Enquiry.objects.overdue(at(2026, 4, 1))) == []
    assert list(Enquiry.objects.awaiting_reply()) == []


def test_a_withdrawal_is_written_on_every_case_with_its_reason(enquiry, officer):
    withdraw_enquiry(enquiry, reason="Reversed.", by=officer, now=ASKED)

    for case in enquiry.cases.all():
        event = case.events.get(kind=CaseEvent.Kind.ENQUIRY_WITHDRAWN)
        assert (event.actor, event.at, event.describe()) == (officer, ASKED, f"{enquiry.reference}\nReversed.")


def test_a_draft_no_longer_wanted_is_withdrawn_without_a_clock(officer):
    draft = EnquiryFactory(officer=officer)

    withdraw_enquiry(draft, reason="Covered by another letter.", by=officer, now=ASKED)

    draft.refresh_from_db()
    assert (draft.status, draft.sent_at, draft.clocks.count()) == (EnquiryStatus.WITHDRAWN, None, 0)


def test_an_answered_or_withdrawn_enquiry_cannot_be_withdrawn(enquiry, officer):
    record_reply(enquiry, replied_on=date(2026, 3, 10), summary="Answered.", by=officer, now=ASKED)
    withdrawn = EnquiryFactory(officer=officer)
    withdraw_enquiry(withdrawn, reason="Not needed.", by=officer, now=ASKED)

    for done in (enquiry, withdrawn):
        with pytest.raises(ValidationError, match="This cannot be done to an enquiry that is"):
            withdraw_enquiry(done, reason="Again.", by=officer, now=ASKED)


def test_a_withdrawal_needs_a_reason(enquiry, officer):
    with pytest.raises(ValidationError) as error:
        withdraw_enquiry(enquiry, reason="\n", by=officer, now=ASKED)

    assert error.value.message_dict == {"reason": ["Give the reason for withdrawing the enquiry."]}
    assert enquiry.reply_clock.state == ClockState.RUNNING


def test_a_withdrawn_enquiry_is_not_sent(officer):
    draft = EnquiryFactory(officer=officer)
    withdraw_enquiry(draft, reason="Not needed.", by=officer, now=ASKED)

    with pytest.raises(ValidationError, match="“Withdrawn”"):
        send_enquiry(draft, by=officer, now=ASKED)
