"""A case's life: opened, its details corrected, assigned, moved along its workflow, noted,
linked, closed and reopened."""

from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import permissions, tasks, timeline_messages
from cases.models import (
    BREACH_FIELDS,
    DETAIL_FIELDS,
    STATUSES_NEEDING_REASON,
    Case,
    CaseEvent,
    CaseStatus,
    ClockState,
    ClockTrigger,
    Complainant,
    Confidentiality,
    Outcome,
    load_calendar,
)
from cases.services.base import allocate_reference, locked_case, record_event, save_with_actor, start_of_day
from cases.services.clocks import (
    record_deadline_moved,
    refresh_due,
    restart_clocks_on_reopening,
    settle_pursuit_decision_clocks,
    start_triggered_clocks,
    stop_open_clocks,
)

# Every case opened is the receipt its clock rules are counted from; each rule says which kinds of
# case it applies to.
OPENING_TRIGGER = ClockTrigger.COMPLAINT_RECEIVED


def _require_visible_complainant(complainant: Complainant | None, *, by) -> None:
    if complainant is None or by is None:
        return
    if not Complainant.objects.visible_to(by).filter(pk=complainant.pk).exists():
        raise ValidationError({"complainant": _("Choose a complainant from your own cases or a new one.")})


def _refuse_future_receipt(received_on: date, *, now: datetime) -> None:
    # ``now`` may be in UTC (``timezone.now()``): "today" is the local date, not UTC's.
    if received_on > timezone.localdate(now):
        raise ValidationError({"received_on": _("A case cannot be received in the future.")})


def _check_officer(officer) -> None:
    if not permissions.works_cases(officer):
        raise ValidationError(_("%(user)s is not an active case officer.") % {"user": officer.get_username()})


def refuse_if_closed(case: Case) -> None:
    refusal = case.refusal_to_change()
    if refusal:
        raise ValidationError(refusal)


@transaction.atomic
def open_case(
    *,
    kind: str,
    title: str,
    received_on: date,
    channel: str,
    by: AbstractBaseUser | None,
    now: datetime,
    organisation=None,
    complainant: Complainant | None = None,
    consent_to_disclose_identity: bool = False,
    language: str = "en",
    description: str = "",
    principles=(),
    issue_categories=(),
    team=None,
    confidentiality: str = Confidentiality.NORMAL,
    assigned_officer=None,
    breach_aware_at: datetime | None = None,
    breach_notified_at: datetime | None = None,
    referred_by: tuple[str, str] | None = None,
) -> Case:
    """Register a new case with the next reference for its kind and year; ``referred_by`` is the
    partner that referred it and its reference there."""
    if by is not None and not permissions.works_cases(by):
        raise PermissionDenied(_("Only case officers and team leads can open cases."))
    _require_visible_complainant(complainant, by=by)
    _refuse_future_receipt(received_on, now=now)
    if assigned_officer is None and by is not None and not permissions.can_assign(by):
        # An officer keeps what they open; a team lead chooses who gets it, or leaves it to be taken.
        assigned_officer = by
    if assigned_officer is not None:
        _check_officer(assigned_officer)
        if assigned_officer != by and not permissions.can_assign(by):
            raise PermissionDenied(_("Only a team lead can assign a case to someone else."))
    number, reference = allocate_reference(kind=kind, year=received_on.year)
    case = Case(
        reference=reference,
        kind=kind,
        year=received_on.year,
        number=number,
        title=title,
        description=description,
        channel=channel,
        language=language,
        received_on=received_on,
        organisation=organisation,
        complainant=complainant,
        consent_to_disclose_identity=consent_to_disclose_identity,
        team=team,
        confidentiality=confidentiality,
        assigned_officer=assigned_officer,
        breach_aware_at=breach_aware_at,
        breach_notified_at=breach_notified_at,
    )
    case.full_clean()
    save_with_actor(case, by=by)
    case.principles.set(principles)
    case.issue_categories.set(issue_categories)
    message = timeline_messages.received(received_on, referred_by=referred_by)
    record_event(case, CaseEvent.Kind.RECEIVED, by=by, now=now, message=message)
    start_triggered_clocks(case, trigger=OPENING_TRIGGER, start=start_of_day(received_on), by=by, now=now)
    if assigned_officer is not None:
        message = timeline_messages.assigned(assigned_officer)
        record_event(case, CaseEvent.Kind.ASSIGNED, by=by, now=now, message=message)
        if assigned_officer != by:
            tasks.notify_case_assigned.delay_on_commit(case.pk, assigned_officer.pk)
    return case


# What staff may change on an open case directly; status, officer and the rest have their own services.
DETAIL_CHANGES = {*DETAIL_FIELDS, "complainant", "consent_to_disclose_identity", *BREACH_FIELDS}


@transaction.atomic
def update_case_details(case: Case, *, changes: dict, by, now: datetime) -> Case:
    """Change a case's details; a new receipt date restarts the clocks counted from it."""
    case = locked_case(case, by=by)
    permissions.require_work_on(by, case)
    if case.is_closed:
        raise ValidationError(_("A closed case cannot be changed; reopen it first."))
    unknown = set(changes) - DETAIL_CHANGES
    if unknown:
        raise ValueError(f"Not details of a case: {', '.join(sorted(unknown))}")
    confidentiality_changes = changes.get("confidentiality", case.confidentiality) != case.confidentiality
    if confidentiality_changes and not permissions.can_change_confidentiality(by):
        raise PermissionDenied(_("Only a team lead can change whether a case is restricted."))
    if changes.get("complainant") is not None and changes["complainant"].pk != case.complainant_id:
        _require_visible_complainant(changes["complainant"], by=by)
    received_before = case.received_on
    for name, value in changes.items():
        setattr(case, name, value)
    _refuse_future_receipt(case.received_on, now=now)
    case.full_clean()
    save_with_actor(case, by=by, fields=[*changes, "updated_at"])
    if case.received_on != received_before:
        _restart_receipt_clocks(case, received_before=received_before, by=by, now=now)
    return case


def _restart_receipt_clocks(case: Case, *, received_before: date, by, now: datetime) -> None:
    """Re-date the open clocks that were counted from the old receipt date."""
    calendars = {}
    counted_from_receipt = case.clocks.open().filter(started_at=start_of_day(received_before)).select_related("rule")
    for clock in counted_from_receipt:
        before = clock.due_at
        clock.started_at = start_of_day(case.received_on)
        calendar = calendars.setdefault(clock.rule.calendar, load_calendar(clock.rule.calendar))
        refresh_due(clock, calendar)
        save_with_actor(clock, by=by, fields=["started_at", "due_at", "explanation"])
        record_deadline_moved(clock, was=before, because={"kind": "receipt_corrected"}, by=by, now=now)


@transaction.atomic
def assign_case(case: Case, *, officer, by, now: datetime) -> Case:
    """Give a case to an officer. Taking an unassigned case needs no more than being an officer."""
    case = locked_case(case, by=by)
    if case.is_closed:
        raise ValidationError(_("A closed case cannot be assigned; reopen it first."))
    taking_it_myself = officer == by and (case.assigned_officer_id == by.pk or permissions.can_assign_to_self(by, case))
    if not taking_it_myself and not permissions.can_assign(by):
        raise PermissionDenied(_("Only a team lead can assign a case to someone else or take it from them."))
    _check_officer(officer)
    if case.assigned_officer_id == officer.pk:
        return case
    previous = case.assigned_officer
    case.assigned_officer = officer
    save_with_actor(case, by=by, fields=["assigned_officer", "updated_at"])
    message = timeline_messages.assigned(officer, previous=previous)
    record_event(case, CaseEvent.Kind.ASSIGNED, by=by, now=now, message=message)
    if officer != by:
        tasks.notify_case_assigned.delay_on_commit(case.pk, officer.pk)
    return case


@transaction.atomic
def move_case(case: Case, *, to: str, by, now: datetime, reason: str = "") -> Case:
    """Move a case along its kind's workflow. Closing and reopening have their own services."""
    case = locked_case(case, by=by)
    permissions.require_work_on(by, case)
    reason = reason.strip()
    if to == CaseStatus.CLOSED:
        raise ValidationError(_("Use “close case” to close a case: it records the outcome."))
    if case.is_closed:
        raise ValidationError(_("This case is closed; reopen it first."))
    if not case.can_transition_to(to):
        raise ValidationError(
            _("A %(kind)s cannot move from “%(from)s” to “%(to)s”.")
            % {
                "kind": case.get_kind_display().lower(),
                "from": case.get_status_display(),
                "to": CaseStatus(to).label if to in CaseStatus.values else to,
            }
        )
    if to in STATUSES_NEEDING_REASON and not reason:
        raise ValidationError({"reason": _("Give a reason for this decision.")})
    previous = case.status
    case.status = to
    save_with_actor(case, by=by, fields=["status", "updated_at"])
    record_event(case, CaseEvent.Kind.STATUS_CHANGED, by=by, now=now, text=reason, from_status=previous, to_status=to)
    settle_pursuit_decision_clocks(case, to=to, by=by, now=now)
    return case


@transaction.atomic
def add_note(case: Case, *, text: str, by, now: datetime) -> CaseEvent:
    """Add a note to the timeline of an open case."""
    case = locked_case(case, by=by)
    if not permissions.can_add_note(by):
        raise PermissionDenied(_("Only case officers and team leads can add notes."))
    refuse_if_closed(case)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("A note cannot be empty.")})
    return record_event(case, CaseEvent.Kind.NOTE, by=by, now=now, text=text)


@transaction.atomic
def link_cases(case: Case, other: Case, *, by, now: datetime, reason: str = "") -> None:
    """Record that two cases are related, on both timelines. The other case may be closed: a new
    complaint is often related to one decided before."""
    case = locked_case(case, by=by)
    permissions.require_work_on(by, case)
    refuse_if_closed(case)
    if by is not None and not Case.objects.visible_to(by).filter(pk=other.pk).exists():
        raise ValidationError({"link_to": _("Choose a case you can see.")})
    if case.pk == other.pk:
        raise ValidationError(_("A case cannot be linked to itself."))
    if case.related_cases.filter(pk=other.pk).exists():
        raise ValidationError(_("%(other)s is already linked to this case.") % {"other": other.reference})
    case.related_cases.add(other)
    reason = reason.strip()
    record_event(case, CaseEvent.Kind.LINKED, by=by, now=now, text=reason, related_case=other)
    record_event(other, CaseEvent.Kind.LINKED, by=by, now=now, text=reason, related_case=case)


@transaction.atomic
def close_case(case: Case, *, outcome: str, reason: str, by, now: datetime) -> Case:
    """Close a case with its outcome and the reason for closing."""
    case = locked_case(case, by=by)
    permissions.require_work_on(by, case)
    reason = reason.strip()
    errors = {}
    if outcome not in Outcome.values:
        errors["outcome"] = _("Choose the outcome of the case.")
    if not reason:
        errors["reason"] = _("Give the reason for closing the case.")
    if errors:
        raise ValidationError(errors)
    if not case.can_transition_to(CaseStatus.CLOSED):
        raise ValidationError(_("A case in “%(status)s” cannot be closed yet.") % {"status": case.get_status_display()})
    if case.status == CaseStatus.NOT_PURSUED and notice_still_owed(case):
        # Closing stops the clocks: the statutory notice's deadline would vanish unmet.
        raise ValidationError(
            _(
                "The notice of the decision not to pursue has not been sent: send it from the case page before "
                "closing, or, if it went by post, mark its deadline met."
            )
        )
    previous = case.status
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closing_reason = reason
    case.closed_at = now
    save_with_actor(case, by=by, fields=["status", "outcome", "closing_reason", "closed_at", "updated_at"])
    stop_open_clocks(case, by=by, now=now)
    record_event(case, CaseEvent.Kind.CLOSED, by=by, now=now, text=reason, from_status=previous, to_status=case.status)
    return case


def notice_still_owed(case: Case) -> bool:
    """Whether a running clock of the decision whether to pursue still waits for its letter."""
    return (
        case.clocks.filter(state=ClockState.RUNNING, rule__ends_with_pursuit_decision=True)
        .exclude(rule__met_by_letter="")
        .exists()
    )


@transaction.atomic
def reopen_case(case: Case, *, reason: str, by, now: datetime) -> Case:
    """Reopen a closed case at the first working status its kind returns to."""
    case = locked_case(case, by=by)
    if not permissions.can_reopen(by):
        raise PermissionDenied(_("Only a team lead can reopen a case."))
    if not case.is_closed:
        raise ValidationError(_("Only a closed case can be reopened."))
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for reopening the case.")})
    (to,) = case.allowed_statuses
    case.status = to
    case.outcome = ""
    case.closing_reason = ""
    case.closed_at = None
    save_with_actor(case, by=by, fields=["status", "outcome", "closing_reason", "closed_at", "updated_at"])
    record_event(
        case, CaseEvent.Kind.REOPENED, by=by, now=now, text=reason, from_status=CaseStatus.CLOSED, to_status=to
    )
    # A reopened complaint owes its complainant updates again: its rules say which clocks restart.
    restart_clocks_on_reopening(case, trigger=OPENING_TRIGGER, by=by, now=now)
    return case


def notify_case_assigned(case: Case, officer) -> None:
    """Tell an officer by e-mail that a case has been assigned to them, if it still is and is open."""
    if case.assigned_officer_id != officer.pk or case.is_closed or not officer.email:
        return
    context = {"case": case, "officer": officer}
    send_mail(
        subject=_("Case %(reference)s assigned to you") % {"reference": case.reference},
        message=render_to_string("emails/case_assigned.txt", context),
        from_email=None,
        recipient_list=[officer.email],
    )
