"""Clocks: started by the events their rules name, paused, resumed, extended, met and stopped, each
written on the timelines of the cases the clock belongs on. A clock runs on a case or on an
enquiry; changing an enquiry's clock needs the right to work on every case the enquiry covers.

No rule is named here: which rules an event starts, which end with the decision whether to pursue a
complaint and which start again on reopening is data on ``ClockRule``."""

from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import permissions, timeline_messages
from cases.models import (
    PURSUED_STATUSES,
    Case,
    CaseEvent,
    CaseStatus,
    Clock,
    ClockExtension,
    ClockPause,
    ClockRule,
    ClockState,
    DeadlineUnit,
    Enquiry,
    load_calendar,
)
from cases.services.base import locked_case, locked_enquiry, record_event, save_with_actor


def refresh_due(clock: Clock, calendar) -> bool:
    """Recompute a running clock's due moment and explanation; True when the due moment moved."""
    if clock.state != ClockState.RUNNING:
        return False
    deadline = clock.compute_deadline(calendar)
    moved = clock.due_at != deadline.due_at
    clock.due_at, clock.explanation = deadline.due_at, list(deadline.steps)
    clock.window_starts_on = deadline.window_starts_on
    return moved


def due_argument(rule: ClockRule, due: datetime | None) -> str | None:
    """A due moment as a timeline message keeps it: the day, or the minute for a period in hours."""
    if due is None:
        return None
    local = timezone.localtime(due)
    return local.isoformat(timespec="minutes") if rule.unit == DeadlineUnit.HOURS else local.date().isoformat()


def record_clock_event(clock: Clock, event: str, /, *, by, now: datetime, text: str = "", **arguments) -> None:
    """Write what happened to a clock on the timeline of every case it belongs on."""
    if clock.enquiry_id:
        arguments["enquiry"] = clock.enquiry.reference
    message = timeline_messages.about_rule(event, clock.rule, **arguments)
    for case in clock.timeline_cases:
        record_event(case, event, by=by, now=now, text=text, message=message)


def deadline_moved_arguments(rule: ClockRule, *, was: datetime, due: datetime, because: dict, steps: list) -> dict:
    """What the timeline keeps of a due moment that moved: from when, to when, ``because`` (a cause
    as ``cases.timeline_messages`` keeps it) and how the new date was reached."""
    return {"was": due_argument(rule, was), "due": due_argument(rule, due), "because": because, "steps": steps}


def record_deadline_moved(clock: Clock, *, was: datetime, because: dict, by, now: datetime) -> None:
    """Log that a running clock's due moment moved from ``was``."""
    moved = deadline_moved_arguments(clock.rule, was=was, due=clock.due_at, because=because, steps=clock.explanation)
    record_clock_event(clock, CaseEvent.Kind.DEADLINE_MOVED, by=by, now=now, **moved)


def locked_clock(clock: Clock, *, by) -> Clock:
    """The clock, locked for a change by someone who may work on its case, or on every case of its
    enquiry."""
    # The owner first, as closing a case does, so that a clock never changes under a closing case.
    if clock.enquiry_id:
        locked_enquiry(clock.enquiry, by=by)
    else:
        permissions.require_work_on(by, locked_case(clock.case, by=by))
    return Clock.objects.select_for_update(of=("self",)).select_related("rule", "case", "enquiry").get(pk=clock.pk)


def refuse_unless_allowed(clock: Clock, action: str, *, now: datetime) -> None:
    refusal = clock.refusal(action, now)
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def start_clock(case: Case, *, rule: ClockRule, start: datetime, by, now: datetime, previous=None) -> Clock:
    """Start a rule's clock on a case; its due date follows from the calendar."""
    if case.clocks.open().filter(rule=rule).exists():
        raise ValidationError(_("The %(rule)s clock is already running on this case.") % {"rule": rule.code})
    return _started(Clock(case=case, rule=rule, started_at=start, previous=previous), by=by, now=now)


def start_enquiry_clock(enquiry: Enquiry, *, by, now: datetime) -> Clock:
    """Start an enquiry's reply-by clock under its rule, counted from ``now``, when it is sent."""
    return _started(Clock(enquiry=enquiry, rule=enquiry.rule, started_at=now), by=by, now=now)


def _started(clock: Clock, *, by, now: datetime) -> Clock:
    refresh_due(clock, load_calendar(clock.rule.calendar))
    save_with_actor(clock, by=by)
    record_clock_event(clock, CaseEvent.Kind.CLOCK_STARTED, by=by, now=now, steps=clock.explanation)
    return clock


def start_triggered_clocks(case: Case, *, trigger: str, start: datetime, by, now: datetime) -> list[Clock]:
    """Start every rule ``trigger`` starts on a case of this kind, counted from ``start``."""
    return [
        start_clock(case, rule=rule, start=start, by=by, now=now)
        for rule in ClockRule.objects.triggered_by(trigger, kind=case.kind)
    ]


def restart_clocks_on_reopening(case: Case, *, trigger: str, by, now: datetime) -> list[Clock]:
    """Start again, from the reopening, the rules ``trigger`` started that say they restart."""
    return [
        start_clock(case, rule=rule, start=now, by=by, now=now)
        for rule in ClockRule.objects.filter(restarts_on_reopening=True).triggered_by(trigger, kind=case.kind)
    ]


def settle_pursuit_decision_clocks(case: Case, *, to: str, by, now: datetime) -> None:
    """A decision not to pursue meets the clocks timing that decision, unless a letter meets them;
    pursuing the case stops them, as there is no refusal left to time. Any other move leaves them
    running."""
    clocks = case.clocks.open().filter(rule__ends_with_pursuit_decision=True).select_related("rule", "case")
    if to == CaseStatus.NOT_PURSUED:
        # A rule met by a letter (s.39(3): the notice to the complainant) waits for ``send_letter``.
        for clock in clocks.filter(state=ClockState.RUNNING, rule__met_by_letter=""):
            meet_clock(clock, by=by, now=now)
    elif to in PURSUED_STATUSES:
        for clock in clocks:
            stop_clock(clock, by=by, now=now, because="case_pursued")


@transaction.atomic
def pause_clock(clock: Clock, *, reason: str, by, now: datetime) -> Clock:
    """Stop a clock for a while, where its rule allows it."""
    clock = locked_clock(clock, by=by)
    reason = reason.strip()
    refuse_unless_allowed(clock, "pause", now=now)
    if not reason:
        raise ValidationError({"reason": _("Give the reason for pausing the clock.")})
    ClockPause.objects.create(clock=clock, paused_at=now, reason=reason, paused_by=by)
    clock.state, clock.paused_at, clock.due_at = ClockState.PAUSED, now, None
    save_with_actor(clock, by=by)
    record_clock_event(clock, CaseEvent.Kind.CLOCK_PAUSED, by=by, now=now, text=reason)
    return clock


@transaction.atomic
def resume_clock(clock: Clock, *, by, now: datetime) -> Clock:
    """Restart a paused clock; the days it stood still move its due date on."""
    clock = locked_clock(clock, by=by)
    refuse_unless_allowed(clock, "resume", now=now)
    ClockPause.objects.filter(clock=clock, resumed_at__isnull=True).update(resumed_at=now)
    clock.state, clock.paused_at = ClockState.RUNNING, None
    refresh_due(clock, load_calendar(clock.rule.calendar))
    save_with_actor(clock, by=by)
    record_clock_event(clock, CaseEvent.Kind.CLOCK_RESUMED, by=by, now=now, due=due_argument(clock.rule, clock.due_at))
    return clock


@transaction.atomic
def extend_clock(clock: Clock, *, days: int, reason: str, by, now: datetime) -> Clock:
    """Grant more time, up to the most the rule allows in all."""
    clock = locked_clock(clock, by=by)
    reason = reason.strip()
    errors = {}
    refusal = clock.refusal("extend", now)
    if refusal:
        errors[NON_FIELD_ERRORS] = refusal
    if not reason:
        errors["reason"] = _("Give the reason for the extension.")
    if days < 1:
        errors["days"] = _("An extension is at least one day.")
    elif days > clock.extension_days_left:
        errors["days"] = _("The %(rule)s rule allows at most %(max)s days of extension; %(used)s already granted.") % {
            "rule": clock.rule.code,
            "max": clock.rule.max_extension_days,
            "used": clock.extended_days,
        }
    if errors:
        raise ValidationError(errors)
    ClockExtension.objects.create(clock=clock, days=days, reason=reason, granted_at=now, granted_by=by)
    refresh_due(clock, load_calendar(clock.rule.calendar))
    save_with_actor(clock, by=by)
    due = due_argument(clock.rule, clock.due_at)
    record_clock_event(clock, CaseEvent.Kind.CLOCK_EXTENDED, by=by, now=now, text=reason, days=days, due=due)
    return clock


@transaction.atomic
def meet_clock(clock: Clock, *, by, now: datetime) -> Clock:
    """Record that what the clock asked for was done; a rolling clock starts its next period."""
    clock = locked_clock(clock, by=by)
    refuse_unless_allowed(clock, "meet", now=now)
    late = clock.due_at < now
    clock.state, clock.met_at = ClockState.MET, now
    save_with_actor(clock, by=by)
    record_clock_event(clock, CaseEvent.Kind.CLOCK_MET, by=by, now=now, late=late)
    # An enquiry's clock ends with the reply; a case's rolling clock owes the next period.
    if clock.rule.rolling and clock.case_id and not clock.case.is_closed:
        start_clock(clock.case, rule=clock.rule, start=now, by=by, now=now, previous=clock)
    return clock


def meet_clocks_met_by(case: Case, letter_kind: str, *, by, now: datetime) -> None:
    """Sending this kind of letter meets the case's running clocks whose rule it meets."""
    for clock in case.clocks.filter(state=ClockState.RUNNING, rule__met_by_letter=letter_kind).select_related("rule"):
        meet_clock(clock, by=by, now=now)


def halt_clock(clock: Clock, *, by, now: datetime) -> None:
    """Stop a clock for good, ending any pause it was in."""
    clock.state, clock.paused_at = ClockState.STOPPED, None
    save_with_actor(clock, by=by, fields=["state", "paused_at"])
    ClockPause.objects.filter(clock=clock, resumed_at__isnull=True).update(resumed_at=now)


def stop_clock(clock: Clock, *, by, now: datetime, because: str) -> None:
    """Stop a clock before its case closes; ``because`` is a reason ``timeline_messages`` knows."""
    halt_clock(clock, by=by, now=now)
    record_clock_event(clock, CaseEvent.Kind.CLOCK_STOPPED, by=by, now=now, because=because)


def stop_open_clocks(case: Case, *, by, now: datetime) -> None:
    """Closing a case ends its clocks; the closing event says why."""
    for clock in case.clocks.open().select_for_update():
        halt_clock(clock, by=by, now=now)
