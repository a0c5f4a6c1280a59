"""An enquiry's reply-by clock is a clock like any other: paused, resumed and extended through the clock
services by someone who works on every case it covers, moved by a warning day, and written on the
timeline of each of those cases, naming the enquiry."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import CaseEvent, ClockRule, ClockState, Confidentiality, Enquiry
from cases.services.clocks import extend_clock, pause_clock, resume_clock
from cases.services.enquiries import record_reply
from tests.helpers.clocks import ENQUIRY_NAME, add_day_and_move
from tests.helpers.enquiries import enquiry_draft, sent_through_the_service
from tests.helpers.factories import CaseFactory, OrganisationFactory
from tests.helpers.moments import at, end_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("hk_calendar")]

DUE_ON = date(2026, 3, 16)


def _sent(officer, **fields) -> Enquiry:
    return sent_through_the_service(enquiry_draft(officer, **fields), by=officer)


def _described(enquiry: Enquiry, kind: str) -> list[list[str]]:
    """What each case of the enquiry shows for this kind of entry, case by case."""
    return [[event.describe() for event in case.events.filter(kind=kind)] for case in enquiry.cases.order_by("pk")]


def test_pausing_and_resuming_an_enquirys_clock_is_written_on_every_case_it_covers(officer):
    enquiry = _sent(officer)
    name = f"{ENQUIRY_NAME} ({enquiry.reference})"

    pause_clock(enquiry.reply_clock, reason="Waiting for counsel", by=officer, now=at(2026, 3, 5, 9, 0))
    assert (enquiry.reply_clock.state, enquiry.reply_clock.due_at) == (ClockState.PAUSED, None)
    resume_clock(enquiry.reply_clock, by=officer, now=at(2026, 3, 9, 9, 0))

    assert enquiry.reply_clock.due_at == end_of(date(2026, 3, 20))
    assert _described(enquiry, CaseEvent.Kind.CLOCK_PAUSED) == [[f"{name}\nWaiting for counsel"]] * 2
    assert _described(enquiry, CaseEvent.Kind.CLOCK_RESUMED) == [[f"{name}: due Fri 20 Mar 2026"]] * 2


def test_extending_an_enquirys_clock_through_the_clock_service_keeps_to_the_rules_limit(officer):
    enquiry = _sent(officer)

    extend_clock(enquiry.reply_clock, days=10, reason="Asked for time", by=officer, now=at(2026, 3, 10, 9, 0))
    with pytest.raises(ValidationError) as error:
        extend_clock(enquiry.reply_clock, days=19, reason="More", by=officer, now=at(2026, 3, 11, 9, 0))

    assert error.value.message_dict["days"] == [
        "The hk-enquiry-reply rule allows at most 28 days of extension; 10 already granted."
    ]
    assert enquiry.reply_clock.due_at == end_of(date(2026, 3, 26))
    assert (
        _described(enquiry, CaseEvent.Kind.CLOCK_EXTENDED)
        == [[f"{ENQUIRY_NAME} ({enquiry.reference}): extended by 10 days; due Thu 26 Mar 2026\nAsked for time"]] * 2
    )


def test_changing_an_enquirys_clock_needs_the_right_to_work_on_every_case(officer, other_officer, lead):
    organisation = OrganisationFactory()
    cases = [CaseFactory(organisation=organisation, assigned_officer=who) for who in (officer, other_officer)]
    enquiry = _sent(lead, cases=cases)

    for someone in (officer, other_officer):
        with pytest.raises(PermissionDenied):
            pause_clock(enquiry.reply_clock, reason="Waiting", by=someone, now=at(2026, 3, 5, 9, 0))
    pause_clock(enquiry.reply_clock, reason="Waiting", by=lead, now=at(2026, 3, 5, 9, 0))

    assert enquiry.reply_clock.state == ClockState.PAUSED


def test_an_enquiry_no_longer_awaiting_its_reply_refuses_every_clock_action(officer):
    enquiry = _sent(officer)
    clock = enquiry.reply_clock
    record_reply(enquiry, replied_on=date(2026, 3, 10), summary="Answered.", by=officer, now=at(2026, 3, 10, 9, 0))

    clock.refresh_from_db()
    assert clock.available_actions(at(2026, 3, 11)) == []
    with pytest.raises(ValidationError, match=r"The enquiry is no longer awaiting a reply\."):
        extend_clock(clock, days=3, reason="Late", by=officer, now=at(2026, 3, 11, 9, 0))


def test_a_sent_enquirys_clock_offers_the_actions_its_rule_allows(officer):
    clock = _sent(officer).reply_clock

    assert clock.available_actions(at(2026, 3, 5)) == ["pause", "extend", "meet"]


def test_a_rolling_rule_does_not_start_again_on_an_enquiry_once_it_is_answered(officer):
    rule = ClockRule.objects.create(
        code="test-rolling-reply", name="Rolling reply", citation="Letter", length=14, unit="days",
        trigger="enquiry_sent", calendar="hk", rolling=True,
    )  # fmt: skip
    enquiry = _sent(officer, rule=rule)

    record_reply(enquiry, replied_on=date(2026, 3, 10), summary="Answered.", by=officer, now=at(2026, 3, 10, 9, 0))

    assert list(enquiry.clocks.values_list("state", flat=True)) == [ClockState.MET]


def test_a_warning_day_moves_an_enquirys_reply_by_date_and_every_case_it_covers_is_told(officer, lead):
    enquiry = _sent(officer)
    other = _sent(officer)

    _day, change = add_day_and_move(
        day=DUE_ON, kind="black_rainstorm", name="Black rainstorm", source="HKO", by=lead, now=at(2026, 3, 16, 18, 0)
    )

    assert change.moved == 2
    for sent in (enquiry, other):
        assert sent.reply_clock.due_at == end_of(date(2026, 3, 17))
        moved_because = (
            f"{ENQUIRY_NAME} ({sent.reference}): due Mon 16 Mar 2026 → Tue 17 Mar 2026 "
            "(Mon 16 Mar 2026 added as a black rainstorm warning day (Black rainstorm)). "
        )
        assert _described(sent, CaseEvent.Kind.DEADLINE_MOVED) == [[moved_because + sent.reply_clock.explain()]] * 2
    assert "Mon 16 Mar 2026 is a black rainstorm warning day (Black rainstorm)" in enquiry.reply_clock.explain()


def test_a_warning_day_leaves_an_answered_enquirys_clock_alone(officer, lead):
    enquiry = _sent(officer)
    record_reply(enquiry, replied_on=date(2026, 3, 10), summary="Answered.", by=officer, now=at(2026, 3, 10, 9, 0))

    _day, change = add_day_and_move(
        day=DUE_ON, kind="gale_warning", name="Signal No. 8", source="HKO", by=lead, now=at(2026, 3, 16, 18, 0)
    )

    assert change.moved == 0
    assert enquiry.reply_clock.due_at == end_of(DUE_ON)
    assert not CaseEvent.objects.filter(kind=CaseEvent.Kind.DEADLINE_MOVED).exists()


def test_overdue_and_due_soon_follow_the_reply_by_clock(officer):
    enquiry = _sent(officer)

    assert list(Enquiry.objects.due_within(at(2026, 3, 10, 9, 0), 7)) == [enquiry]
    assert list(Enquiry.objects.overdue(end_of(DUE_ON))) == []
    assert list(Enquiry.objects.overdue(at(2026, 3, 17))) == [enquiry]


def test_an_enquirys_clock_is_seen_by_those_who_see_every_case_it_covers(officer, other_officer, lead):
    organisation = OrganisationFactory()
    cases = [
        CaseFactory(organisation=organisation, assigned_officer=officer),
        CaseFactory(organisation=organisation, assigned_officer=lead, confidentiality=Confidentiality.RESTRICTED),
    ]
    enquiry = _sent(lead, cases=cases)

    assert list(enquiry.clocks.model.objects.visible_to(lead)) == [enquiry.reply_clock]
    assert list(enquiry.clocks.model.objects.visible_to(officer)) == []
    assert list(enquiry.clocks.model.objects.visible_to(other_officer)) == []
