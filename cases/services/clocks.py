"""Clocks on cases: started, paused, resumed, extended, met and stopped, each on the case's timeline."""

from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import permissions
from cases.deadlines import long_date
from cases.models import (
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Clock,
    ClockExtension,
    ClockPause,
    ClockRule,
    ClockState,
    DeadlineUnit,
    load_calendar,
)
from cases.services.base import locked_case, record_event, save_with_actor, start_of_day

COMPLAINT_CLOCKS = ["hk-pdpo-s39-3", "hk-complainant-update"]
COMPLAINT_KINDS = {CaseKind.COMPLAINT, CaseKind.DOXXING}
RESTARTED_ON_REOPENING = ["hk-complainant-update"]
# Clocks for telling a complainant that their complaint will not be pursued.
REFUSAL_CLOCKS = ["hk-pdpo-s39-3"]
PURSUED_STATUSES = {CaseStatus.CONCILIATION, CaseStatus.INVESTIGATION}


def refresh_due(clock: Clock, calendar) -> bool:
    """Recompute a running clock's due moment; True when it moved."""
    if clock.state != ClockState.RUNNING:
        return False
    deadline = clock.compute_deadline(calendar)
    moved = clock.due_at != deadline.due_at
    clock.due_at, clock.explanation = deadline.due_at, deadline.explanation
    return moved


def due_text(clock: Clock) -> str:
    if clock.rule.unit == DeadlineUnit.HOURS:
        return f"{timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}"
    return long_date(timezone.localtime(clock.due_at).date())


def locked_clock(clock: Clock, *, by) -> Clock:
    """The clock, locked for a change by someone who may work on its case."""
    # The case first, as closing it does, so that a clock never changes under a closing case.
    case = locked_case(clock.case, by=by)
    permissions.require_work_on(by, case)
    return Clock.objects.select_for_update(of=("self",)).select_related("rule", "case").get(pk=clock.pk)


def refuse_unless_allowed(clock: Clock, action: str, *, now: datetime) -> None:
    refusal = clock.refusal(action, now)
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def start_clock(case: Case, *, rule: ClockRule, start: datetime, by, now: datetime, previous=None) -> Clock:
    """Start a rule's clock on a case; its due date follows from the calendar."""
    if case.clocks.open().filter(rule=rule).exists():
        raise ValidationError(_("The %(rule)s clock is already running on this case.") % {"rule": rule.code})
    clock = Clock(case=case, rule=rule, started_at=start, previous=previous)
    refresh_due(clock, load_calendar(rule.calendar))
    save_with_actor(clock, by=by)
    record_event(case, CaseEvent.Kind.CLOCK_STARTED, by=by, now=now, text=f"{rule.code}: {clock.explanation}")
    return clock


def start_complaint_clocks(case: Case, *, by, now: datetime) -> None:
    if case.kind not in COMPLAINT_KINDS:
        return
    for rule in ClockRule.objects.filter(code__in=COMPLAINT_CLOCKS):
        start_clock(case, rule=rule, start=start_of_day(case.received_on), by=by, now=now)


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
    record_event(clock.case, CaseEvent.Kind.CLOCK_PAUSED, by=by, now=now, text=f"{clock.rule.code}: {reason}")
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
    text = f"{clock.rule.code}: due {due_text(clock)}"
    record_event(clock.case, CaseEvent.Kind.CLOCK_RESUMED, by=by, now=now, text=text)
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
    due = f"; due {due_text(clock)}" if clock.state == ClockState.RUNNING else ""
    text = f"{clock.rule.code}: +{days} days ({reason}){due}"
    record_event(clock.case, CaseEvent.Kind.CLOCK_EXTENDED, by=by, now=now, text=text)
    return clock


@transaction.atomic
def meet_clock(clock: Clock, *, by, now: datetime) -> Clock:
    """Record that what the clock asked for was done; a rolling clock starts its next period."""
    clock = locked_clock(clock, by=by)
    refuse_unless_allowed(clock, "meet", now=now)
    late = " (late)" if clock.due_at < now else ""
    clock.state, clock.met_at = ClockState.MET, now
    save_with_actor(clock, by=by)
    record_event(clock.case, CaseEvent.Kind.CLOCK_MET, by=by, now=now, text=f"{clock.rule.code}{late}")
    if clock.rule.rolling and not clock.case.is_closed:
        start_clock(clock.case, rule=clock.rule, start=now, by=by, now=now, previous=clock)
    return clock


def halt_clock(clock: Clock, *, by, now: datetime) -> None:
    """Stop a clock for good, ending any pause it was in."""
    clock.state, clock.paused_at = ClockState.STOPPED, None
    save_with_actor(clock, by=by, fields=["state", "paused_at"])
    ClockPause.objects.filter(clock=clock, resumed_at__isnull=True).update(resumed_at=now)


def stop_clock(clock: Clock, *, by, now: datetime, why: str) -> None:
    halt_clock(clock, by=by, now=now)
    record_event(clock.case, CaseEvent.Kind.CLOCK_STOPPED, by=by, now=now, text=f"{clock.rule.code}: {why}")


def stop_open_clocks(case: Case, *, by, now: datetime) -> None:
    """Closing a case ends its clocks; the closing event says why."""
    for clock in case.clocks.open().select_for_update():
        halt_clock(clock, by=by, now=now)
