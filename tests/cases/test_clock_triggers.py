"""Clocks start because their rules say so: a rule names the event that starts it and the kinds of
case it applies to, whether the decision to pursue ends it and whether reopening restarts it. A new
rule works without a change to the code; the database refuses a rule that cannot hold."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cases import services
from cases.models import (
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    ClockRule,
    ClockState,
    ClockTrigger,
    Outcome,
)
from tests.helpers.cases import open_case
from tests.helpers.moments import at

pytestmark = pytest.mark.django_db

OPENED = at(2026, 3, 2, 9, 30)


def _new_rule(
    code: str, *, trigger=ClockTrigger.COMPLAINT_RECEIVED, kinds=(CaseKind.COMPLAINT,), **behaviour
) -> ClockRule:
    rule = ClockRule(
        code=code,
        name=f"Test rule {code}",
        citation="Test",
        length=10,
        unit="days",
        trigger=trigger,
        calendar="none",
        case_kinds=list(kinds),
        **behaviour,
    )
    rule.full_clean()
    rule.save()
    return rule


def _open(kind: str, *, by) -> Case:
    """A case of this kind received on Mon 2 Mar 2026 and opened that morning by its own officer."""
    return open_case(kind=kind, assigned_officer=by, by=by, now=OPENED)


def _running(case: Case) -> list[str]:
    return sorted(case.clocks.filter(state=ClockState.RUNNING).values_list("rule__code", flat=True))


# what the seeded rules say


def test_the_seeded_rules_carry_what_the_services_once_had_in_code():
    rules = {rule.code: rule for rule in ClockRule.objects.all()}

    s39, update = rules["hk-pdpo-s39-3"], rules["hk-complainant-update"]
    assert (s39.trigger, s39.case_kinds, s39.ends_with_pursuit_decision) == (
        "complaint_received",
        ["complaint", "doxxing"],
        True,
    )
    assert (update.trigger, update.case_kinds, update.rolling, update.restarts_on_reopening) == (
        "complaint_received",
        ["complaint", "doxxing"],
        True,
        True,
    )
    # GDPR Art. 78(2) is counted from a complaint too, but applies to no kind of case here.
    assert (rules["gdpr-art78-2"].trigger, rules["gdpr-art78-2"].case_kinds) == ("complaint_received", [])
    flagged = [code for code, rule in rules.items() if rule.ends_with_pursuit_decision or rule.restarts_on_reopening]
    assert sorted(flagged) == ["hk-complainant-update", "hk-pdpo-s39-3"]
    assert all(rule.name_zh for rule in rules.values())


@pytest.mark.parametrize(
    ("kind", "started"),
    [
        (CaseKind.COMPLAINT, ["hk-complainant-update", "hk-pdpo-s39-3"]),
        (CaseKind.DOXXING, ["hk-complainant-update", "hk-pdpo-s39-3"]),
        (CaseKind.BREACH_NOTIFICATION, []),
        (CaseKind.INCOMING_REFERRAL, []),
    ],
)
def test_triggered_by_is_the_rules_an_event_starts_on_a_kind_of_case(kind, started):
    rules = ClockRule.objects.triggered_by(ClockTrigger.COMPLAINT_RECEIVED, kind=kind)

    assert sorted(rule.code for rule in rules) == started


# starting


def test_a_new_rule_for_a_kind_of_case_starts_when_such_a_case_is_opened(officer):
    _new_rule("test-breach-follow-up", kinds=[CaseKind.BREACH_NOTIFICATION])

    case = _open(CaseKind.BREACH_NOTIFICATION, by=officer)

    assert _running(case) == ["test-breach-follow-up"]
    clock = case.clocks.get()
    assert clock.started_at == at(2026, 3, 2)
    (event,) = case.events.filter(kind=CaseEvent.Kind.CLOCK_STARTED)
    assert event.message["rule"]["code"] == "test-breach-follow-up"


def test_a_rule_for_another_kind_of_case_or_another_event_does_not_start(officer):
    _new_rule("test-breach-only", kinds=[CaseKind.BREACH_NOTIFICATION])
    _new_rule("test-on-request", trigger=ClockTrigger.REQUEST_RECEIVED)
    _new_rule("test-no-kind", kinds=[])

    case = _open(CaseKind.COMPLAINT, by=officer)

    assert _running(case) == ["hk-complainant-update", "hk-pdpo-s39-3"]


def test_a_rule_taken_off_a_kind_of_case_no_longer_starts_on_it(officer):
    ClockRule.objects.filter(code="hk-complainant-update").update(case_kinds=[CaseKind.COMPLAINT])

    assert _running(_open(CaseKind.DOXXING, by=officer)) == ["hk-pdpo-s39-3"]
    assert _running(_open(CaseKind.COMPLAINT, by=officer)) == ["hk-complainant-update", "hk-pdpo-s39-3"]


# the decision whether to pursue


def test_a_new_rule_ending_with_the_decision_is_met_by_a_decision_not_to_pursue_unless_a_letter_meets_it(officer):
    _new_rule("test-decision", ends_with_pursuit_decision=True)
    _new_rule("test-other")
    case = _open(CaseKind.COMPLAINT, by=officer)
    services.move_case(case, to=CaseStatus.SCREENING, by=officer, now=OPENED)

    services.move_case(case, to=CaseStatus.NOT_PURSUED, reason="Outside the ordinance", by=officer, now=OPENED)

    states = dict(case.clocks.values_list("rule__code", "state"))
    assert states == {
        "hk-pdpo-s39-3": ClockState.RUNNING,  # met by the s.39(3) notice (send_letter), not by the decision
        "test-decision": ClockState.MET,
        "hk-complainant-update": ClockState.RUNNING,
        "test-other": ClockState.RUNNING,
    }


def test_pursuing_the_case_stops_the_rules_ending_with_the_decision_and_no_others(officer):
    _new_rule("test-decision", ends_with_pursuit_decision=True)
    _new_rule("test-other")
    case = _open(CaseKind.COMPLAINT, by=officer)
    for status in (CaseStatus.SCREENING, CaseStatus.PRELIMINARY_ENQUIRY):
        services.move_case(case, to=status, by=officer, now=OPENED)
    assert _running(case) == ["hk-complainant-update", "hk-pdpo-s39-3", "test-decision", "test-other"]

    services.move_case(case, to=CaseStatus.CONCILIATION, by=officer, now=OPENED)

    assert _running(case) == ["hk-complainant-update", "test-other"]
    stopped = case.events.filter(kind=CaseEvent.Kind.CLOCK_STOPPED)
    assert sorted(event.message["rule"]["code"] for event in stopped) == ["hk-pdpo-s39-3", "test-decision"]
    assert {event.message["because"] for event in stopped} == {"case_pursued"}


# reopening


def _notice_sent_by_post(case, *, by):
    """The s.39(3) notice went by post: its deadline is met by hand, and the case may close."""
    services.meet_clock(case.clocks.get(rule__code="hk-pdpo-s39-3", state=ClockState.RUNNING), by=by, now=OPENED)


def test_reopening_restarts_only_the_rules_flagged_to_restart_from_the_reopening(officer, lead):
    _new_rule("test-restarts", restarts_on_reopening=True)
    _new_rule("test-stays-stopped")
    case = _open(CaseKind.COMPLAINT, by=officer)
    for status in (CaseStatus.SCREENING, CaseStatus.NOT_PURSUED):
        services.move_case(case, to=status, reason="No case to answer", by=officer, now=OPENED)
    _notice_sent_by_post(case, by=officer)
    services.close_case(case, outcome=Outcome.NOT_PURSUED, reason="Not pursued", by=officer, now=OPENED)
    assert _running(case) == []
    reopened_at = at(2026, 4, 1, 10, 0)

    services.reopen_case(case, reason="New evidence", by=lead, now=reopened_at)

    assert _running(case) == ["hk-complainant-update", "test-restarts"]
    assert set(case.clocks.filter(state=ClockState.RUNNING).values_list("started_at", flat=True)) == {reopened_at}


def test_reopening_restarts_nothing_on_a_kind_of_case_the_rule_does_not_apply_to(lead):
    _new_rule("test-restarts", restarts_on_reopening=True, kinds=[CaseKind.DOXXING])
    case = _open(CaseKind.COMPLAINT, by=lead)
    services.move_case(case, to=CaseStatus.SCREENING, by=lead, now=OPENED)
    services.move_case(case, to=CaseStatus.NOT_PURSUED, reason="Outside remit", by=lead, now=OPENED)
    _notice_sent_by_post(case, by=lead)
    services.close_case(case, outcome=Outcome.NOT_PURSUED, reason="Not pursued", by=lead, now=OPENED)

    services.reopen_case(case, reason="New evidence", by=lead, now=OPENED)

    assert _running(case) == ["hk-complainant-update"]


# what a rule may say


@pytest.mark.parametrize(
    ("behaviour", "constraint"),
    [
        (
            {"trigger": ClockTrigger.ENQUIRY_SENT, "ends_with_pursuit_decision": True},
            "clock_rule_pursuit_decision_counted_from_the_complaint",
        ),
        (
            {"trigger": ClockTrigger.COMPLAINT_RECEIVED, "ends_with_pursuit_decision": True, "rolling": True},
            "clock_rule_pursuit_decision_does_not_roll",
        ),
        (
            {"trigger": ClockTrigger.REQUEST_RECEIVED, "restarts_on_reopening": True},
            "clock_rule_restart_counted_from_the_complaint",
        ),
    ],
)
def test_the_database_refuses_a_rule_that_cannot_hold(behaviour, constraint):
    rule = ClockRule.objects.get(code="hk-pdpo-s19-1")
    for name, value in behaviour.items():
        setattr(rule, name, value)

    with pytest.raises(ValidationError):
        rule.full_clean()
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        ClockRule.objects.filter(pk=rule.pk).update(**behaviour)


@pytest.mark.parametrize("kinds", [["complaint", "complaint"], ["parking"], "complaint", [1]])
def test_the_kinds_of_case_are_kinds_from_the_list_each_once(kinds):
    rule = ClockRule.objects.get(code="hk-pdpo-s19-1")
    rule.case_kinds = kinds

    with pytest.raises(ValidationError) as refused:
        rule.full_clean()

    assert set(refused.value.message_dict) == {"case_kinds"}


def test_the_kinds_of_case_are_chosen_with_a_checkbox_each():
    field = ClockRule._meta.get_field("case_kinds").formfield()

    assert isinstance(field.widget, forms.CheckboxSelectMultiple)
    assert [value for value, _ in field.choices] == CaseKind.values
    assert field.clean(["doxxing", "complaint"]) == ["doxxing", "complaint"]
    assert field.clean([]) == []
    with pytest.raises(ValidationError):
        field.clean(["parking"])
