"""Every change to a case happens here: one function per use case, each in one transaction,
guarding its rule, writing its ``CaseEvent`` and enqueuing its background work after commit."""

import hashlib
from datetime import date, datetime, time

import holidays
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cases import permissions, tasks
from cases.deadlines import long_date
from cases.models import (
    BREACH_FIELDS,
    DETAIL_FIELDS,
    OPEN_CLOCK_STATES,
    REFERENCE_PREFIXES,
    STATUSES_NEEDING_REASON,
    CalendarCode,
    CalendarDay,
    CalendarDayKind,
    Case,
    CaseEvent,
    CaseKind,
    CaseStatus,
    Clock,
    ClockExtension,
    ClockPause,
    ClockRule,
    ClockState,
    Complainant,
    Confidentiality,
    DeadlineUnit,
    Document,
    IdentityAccess,
    Jurisdiction,
    Outcome,
    ReferenceSequence,
    load_calendar,
)
from cases.uploads import inspect_upload

# The clocks every complaint starts with.
COMPLAINT_CLOCKS = ["hk-pdpo-s39-3", "hk-complainant-update"]
COMPLAINT_KINDS = {CaseKind.COMPLAINT, CaseKind.DOXXING}
RESTARTED_ON_REOPENING = ["hk-complainant-update"]
# Clocks for telling a complainant that their complaint will not be pursued.
REFUSAL_CLOCKS = ["hk-pdpo-s39-3"]
PURSUED_STATUSES = {CaseStatus.CONCILIATION, CaseStatus.INVESTIGATION}


def allocate_reference(*, kind: str, year: int) -> tuple[int, str]:
    """Hand out the next number for a kind and year; concurrent callers never get the same one."""
    with transaction.atomic():
        ReferenceSequence.objects.get_or_create(kind=kind, year=year)
        # The UPDATE takes the row lock; it is held until the surrounding transaction ends,
        # so the value read back below is ours alone.
        ReferenceSequence.objects.filter(kind=kind, year=year).update(last_number=F("last_number") + 1)
        number = ReferenceSequence.objects.get(kind=kind, year=year).last_number
        # Cases imported or numbered by hand may already hold this number: skip past them
        # instead of colliding.
        highest = Case.objects.filter(kind=kind, year=year).aggregate(highest=Max("number"))["highest"] or 0
        if number <= highest:
            number = highest + 1
            ReferenceSequence.objects.filter(kind=kind, year=year).update(last_number=number)
    return number, f"{REFERENCE_PREFIXES[kind]}-{year}-{number:05d}"


def _record(case: Case, kind: str, *, by, now: datetime, text: str = "", **details) -> CaseEvent:
    return CaseEvent.objects.create(case=case, kind=kind, actor=by, at=now, text=text, **details)


def _save(instance, *, by, fields=None) -> None:
    # The field history records who made the change, not only what changed.
    instance._history_user = by
    instance.save(update_fields=fields)


def _locked(case: Case, *, by) -> Case:
    """The case, locked for the change, if ``by`` may see it at all."""
    cases = Case.objects if by is None else Case.objects.visible_to(by)
    try:
        return cases.select_for_update().get(pk=case.pk)
    except Case.DoesNotExist:
        raise PermissionDenied(_("You cannot see this case.")) from None


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
    if not (officer.is_active and officer.is_staff and officer.has_perm("cases.change_case")):
        raise ValidationError(_("%(user)s is not an active case officer.") % {"user": officer.get_username()})


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
) -> Case:
    """Register a new case with the next reference for its kind and year."""
    if by is not None and not permissions.works_cases(by):
        raise PermissionDenied(_("Only case officers and team leads can open cases."))
    _require_visible_complainant(complainant, by=by)
    _refuse_future_receipt(received_on, now=now)
    if assigned_officer is not None:
        _check_officer(assigned_officer)
        if by is not None and assigned_officer != by and not by.has_perm("cases.assign_case"):
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
    _save(case, by=by)
    case.principles.set(principles)
    case.issue_categories.set(issue_categories)
    _record(case, CaseEvent.Kind.RECEIVED, by=by, now=now, text=f"Received on {received_on:%Y-%m-%d}.")
    _start_complaint_clocks(case, by=by, now=now)
    if assigned_officer is not None:
        _record(case, CaseEvent.Kind.ASSIGNED, by=by, now=now, text=assigned_officer.get_username())
        if assigned_officer != by:
            tasks.notify_case_assigned.delay_on_commit(case.pk, assigned_officer.pk)
    return case


# What staff may change on an open case directly; status, officer and the rest have their own services.
DETAIL_CHANGES = {*DETAIL_FIELDS, "complainant", "consent_to_disclose_identity", *BREACH_FIELDS}


@transaction.atomic
def update_case_details(case: Case, *, changes: dict, by, now: datetime) -> Case:
    """Change a case's details; a new receipt date restarts the clocks counted from it."""
    case = _locked(case, by=by)
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
    _save(case, by=by, fields=[*changes, "updated_at"])
    if case.received_on != received_before:
        _restart_receipt_clocks(case, received_before=received_before, by=by, now=now)
    return case


def _restart_receipt_clocks(case: Case, *, received_before: date, by, now: datetime) -> None:
    """Re-date the open clocks that were counted from the old receipt date."""
    calendars = {}
    counted_from_receipt = case.clocks.open().filter(started_at=_start_of(received_before)).select_related("rule")
    for clock in counted_from_receipt:
        before = clock.due_at
        clock.started_at = _start_of(case.received_on)
        calendar = calendars.setdefault(clock.rule.calendar, load_calendar(clock.rule.calendar))
        _refresh_due(clock, calendar)
        _save(clock, by=by, fields=["started_at", "due_at", "explanation"])
        was = f"due {long_date(timezone.localtime(before).date())} → " if before else ""
        text = f"{clock.rule.code}: {was}{clock.explanation} (receipt date corrected)"
        _record(case, CaseEvent.Kind.DEADLINE_MOVED, by=by, now=now, text=text)


@transaction.atomic
def assign_case(case: Case, *, officer, by, now: datetime) -> Case:
    """Give a case to an officer. Taking an unassigned case needs no more than being an officer."""
    case = _locked(case, by=by)
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
    _save(case, by=by, fields=["assigned_officer", "updated_at"])
    text = officer.get_username() if previous is None else f"{previous.get_username()} → {officer.get_username()}"
    _record(case, CaseEvent.Kind.ASSIGNED, by=by, now=now, text=text)
    if officer != by:
        tasks.notify_case_assigned.delay_on_commit(case.pk, officer.pk)
    return case


@transaction.atomic
def move_case(case: Case, *, to: str, by, now: datetime, reason: str = "") -> Case:
    """Move a case along its kind's workflow. Closing and reopening have their own services."""
    case = _locked(case, by=by)
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
    _save(case, by=by, fields=["status", "updated_at"])
    _record(case, CaseEvent.Kind.STATUS_CHANGED, by=by, now=now, text=reason, from_status=previous, to_status=to)
    # s.39(3) binds a refusal only: deciding not to pursue meets it; deciding to investigate or
    # conciliate ends it. A preliminary enquiry can still end in a refusal, so the clock runs on.
    refusal_clocks = case.clocks.filter(rule__code__in=REFUSAL_CLOCKS, state__in=OPEN_CLOCK_STATES)
    if to == CaseStatus.NOT_PURSUED:
        for clock in refusal_clocks.filter(state=ClockState.RUNNING):
            meet_clock(clock, by=by, now=now)
    elif to in PURSUED_STATUSES:
        for clock in refusal_clocks:
            _stop_clock(clock, by=by, now=now, why=_("the complaint is being pursued"))
    return case


@transaction.atomic
def add_note(case: Case, *, text: str, by, now: datetime) -> CaseEvent:
    """Add a note to the case timeline."""
    case = _locked(case, by=by)
    if not permissions.can_add_note(by):
        raise PermissionDenied(_("Only case officers and team leads can add notes."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("A note cannot be empty.")})
    return _record(case, CaseEvent.Kind.NOTE, by=by, now=now, text=text)


@transaction.atomic
def link_cases(case: Case, other: Case, *, by, now: datetime, reason: str = "") -> None:
    """Record that two cases are related, on both timelines."""
    case = _locked(case, by=by)
    permissions.require_work_on(by, case)
    if by is not None and not Case.objects.visible_to(by).filter(pk=other.pk).exists():
        raise ValidationError({"link_to": _("Choose a case you can see.")})
    if case.pk == other.pk:
        raise ValidationError(_("A case cannot be linked to itself."))
    if case.related_cases.filter(pk=other.pk).exists():
        raise ValidationError(_("%(other)s is already linked to this case.") % {"other": other.reference})
    case.related_cases.add(other)
    reason = reason.strip()
    _record(case, CaseEvent.Kind.LINKED, by=by, now=now, text=reason, related_case=other)
    _record(other, CaseEvent.Kind.LINKED, by=by, now=now, text=reason, related_case=case)


@transaction.atomic
def close_case(case: Case, *, outcome: str, reason: str, by, now: datetime) -> Case:
    """Close a case with its outcome and the reason for closing."""
    case = _locked(case, by=by)
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
    previous = case.status
    case.status = CaseStatus.CLOSED
    case.outcome = outcome
    case.closing_reason = reason
    case.closed_at = now
    _save(case, by=by, fields=["status", "outcome", "closing_reason", "closed_at", "updated_at"])
    _stop_open_clocks(case, by=by, now=now)
    _record(case, CaseEvent.Kind.CLOSED, by=by, now=now, text=reason, from_status=previous, to_status=case.status)
    return case


@transaction.atomic
def reopen_case(case: Case, *, reason: str, by, now: datetime) -> Case:
    """Reopen a closed case at the first working status its kind returns to."""
    case = _locked(case, by=by)
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
    _save(case, by=by, fields=["status", "outcome", "closing_reason", "closed_at", "updated_at"])
    _record(case, CaseEvent.Kind.REOPENED, by=by, now=now, text=reason, from_status=CaseStatus.CLOSED, to_status=to)
    # A reopened complaint owes its complainant updates again, counted from the reopening.
    if case.kind in COMPLAINT_KINDS:
        for rule in ClockRule.objects.filter(code__in=RESTARTED_ON_REOPENING):
            start_clock(case, rule=rule, start=now, by=by, now=now)
    return case


@transaction.atomic
def add_document(case: Case, *, uploaded, by, now: datetime, description: str = "") -> Document:
    """Attach a file to a case after checking its size and its type from its content."""
    case = _locked(case, by=by)
    permissions.require_work_on(by, case)
    if case.is_closed:
        raise ValidationError(_("A closed case cannot take new documents; reopen it first."))
    file_type, data = inspect_upload(uploaded)
    digest = hashlib.sha256(data).hexdigest()
    document = Document(
        case=case,
        original_name=uploaded.name,
        content_type=file_type.content_type,
        size=len(data),
        sha256=digest,
        description=description.strip(),
        uploaded_by=by,
        uploaded_at=now,
    )
    document.file.save(digest, ContentFile(data), save=False)
    try:
        _save(document, by=by)
        _record(case, CaseEvent.Kind.DOCUMENT_ADDED, by=by, now=now, text=document.original_name)
    except Exception:
        document.file.delete(save=False)
        raise
    return document


def record_identity_access(*, user, shown, context: str, path: str, now: datetime) -> None:
    """Log that ``user`` was shown these complainants' identities: ``shown`` holds pairs of
    complainant id and the id of the case it was shown with (or None)."""
    IdentityAccess.objects.bulk_create(
        IdentityAccess(
            complainant_id=complainant_id, case_id=case_id, user=user, accessed_at=now, context=context, path=path[:300]
        )
        for complainant_id, case_id in sorted(set(shown), key=lambda pair: (pair[0], pair[1] or 0))
    )


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


# --- clocks and calendars -------------------------------------------------------------------------


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def _refresh_due(clock: Clock, calendar) -> bool:
    """Recompute a running clock's due moment; True when it moved."""
    if clock.state != ClockState.RUNNING:
        return False
    deadline = clock.compute_deadline(calendar)
    moved = clock.due_at != deadline.due_at
    clock.due_at, clock.explanation = deadline.due_at, deadline.explanation
    return moved


def _due_text(clock: Clock) -> str:
    if clock.rule.unit == DeadlineUnit.HOURS:
        return f"{timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}"
    return long_date(timezone.localtime(clock.due_at).date())


def _locked_clock(clock: Clock, *, by) -> Clock:
    """The clock, locked for a change by someone who may work on its case."""
    # The case first, as closing it does, so that a clock never changes under a closing case.
    case = _locked(clock.case, by=by)
    permissions.require_work_on(by, case)
    return Clock.objects.select_for_update(of=("self",)).select_related("rule", "case").get(pk=clock.pk)


@transaction.atomic
def start_clock(case: Case, *, rule: ClockRule, start: datetime, by, now: datetime, previous=None) -> Clock:
    """Start a rule's clock on a case; its due date follows from the calendar."""
    clock = Clock(case=case, rule=rule, started_at=start, previous=previous)
    _refresh_due(clock, load_calendar(rule.calendar))
    _save(clock, by=by)
    _record(case, CaseEvent.Kind.CLOCK_STARTED, by=by, now=now, text=f"{rule.code}: {clock.explanation}")
    return clock


def _start_complaint_clocks(case: Case, *, by, now: datetime) -> None:
    if case.kind not in COMPLAINT_KINDS:
        return
    for rule in ClockRule.objects.filter(code__in=COMPLAINT_CLOCKS):
        start_clock(case, rule=rule, start=_start_of(case.received_on), by=by, now=now)


@transaction.atomic
def pause_clock(clock: Clock, *, reason: str, by, now: datetime) -> Clock:
    """Stop a clock for a while, where its rule allows it."""
    clock = _locked_clock(clock, by=by)
    reason = reason.strip()
    if not clock.rule.can_pause:
        raise ValidationError(_("The %(rule)s clock cannot be paused.") % {"rule": clock.rule.code})
    if clock.state != ClockState.RUNNING:
        raise ValidationError(_("Only a running clock can be paused."))
    if clock.due_at < now:
        raise ValidationError(_("This clock is already past its due date; pausing it now would hide the breach."))
    if not reason:
        raise ValidationError({"reason": _("Give the reason for pausing the clock.")})
    ClockPause.objects.create(clock=clock, paused_at=now, reason=reason, paused_by=by)
    clock.state, clock.paused_at, clock.due_at = ClockState.PAUSED, now, None
    _save(clock, by=by)
    _record(clock.case, CaseEvent.Kind.CLOCK_PAUSED, by=by, now=now, text=f"{clock.rule.code}: {reason}")
    return clock


@transaction.atomic
def resume_clock(clock: Clock, *, by, now: datetime) -> Clock:
    """Restart a paused clock; the days it stood still move its due date on."""
    clock = _locked_clock(clock, by=by)
    if clock.state != ClockState.PAUSED:
        raise ValidationError(_("Only a paused clock can be resumed."))
    if now < clock.paused_at:
        raise ValidationError(_("A clock cannot resume before it was paused."))
    ClockPause.objects.filter(clock=clock, resumed_at__isnull=True).update(resumed_at=now)
    clock.state, clock.paused_at = ClockState.RUNNING, None
    _refresh_due(clock, load_calendar(clock.rule.calendar))
    _save(clock, by=by)
    text = f"{clock.rule.code}: due {_due_text(clock)}"
    _record(clock.case, CaseEvent.Kind.CLOCK_RESUMED, by=by, now=now, text=text)
    return clock


@transaction.atomic
def extend_clock(clock: Clock, *, days: int, reason: str, by, now: datetime) -> Clock:
    """Grant more time, up to the most the rule allows in all."""
    clock = _locked_clock(clock, by=by)
    reason = reason.strip()
    errors = {}
    if not reason:
        errors["reason"] = _("Give the reason for the extension.")
    if days < 1:
        errors["days"] = _("An extension is at least one day.")
    elif clock.extended_days + days > clock.rule.max_extension_days:
        errors["days"] = _("The %(rule)s rule allows at most %(max)s days of extension; %(used)s already granted.") % {
            "rule": clock.rule.code,
            "max": clock.rule.max_extension_days,
            "used": clock.extended_days,
        }
    if clock.state not in OPEN_CLOCK_STATES:
        errors[NON_FIELD_ERRORS] = _("Only an open clock can be extended.")
    if errors:
        raise ValidationError(errors)
    ClockExtension.objects.create(clock=clock, days=days, reason=reason, granted_at=now, granted_by=by)
    _refresh_due(clock, load_calendar(clock.rule.calendar))
    _save(clock, by=by)
    due = f"; due {_due_text(clock)}" if clock.state == ClockState.RUNNING else ""
    text = f"{clock.rule.code}: +{days} days ({reason}){due}"
    _record(clock.case, CaseEvent.Kind.CLOCK_EXTENDED, by=by, now=now, text=text)
    return clock


@transaction.atomic
def meet_clock(clock: Clock, *, by, now: datetime) -> Clock:
    """Record that what the clock asked for was done; a rolling clock starts its next period."""
    clock = _locked_clock(clock, by=by)
    if clock.state != ClockState.RUNNING:
        raise ValidationError(_("Only a running clock can be met."))
    late = " (late)" if clock.due_at < now else ""
    clock.state, clock.met_at = ClockState.MET, now
    _save(clock, by=by)
    _record(clock.case, CaseEvent.Kind.CLOCK_MET, by=by, now=now, text=f"{clock.rule.code}{late}")
    if clock.rule.rolling and not clock.case.is_closed:
        start_clock(clock.case, rule=clock.rule, start=now, by=by, now=now, previous=clock)
    return clock


def _halt(clock: Clock, *, by, now: datetime) -> None:
    """Stop a clock for good, ending any pause it was in."""
    clock.state, clock.paused_at = ClockState.STOPPED, None
    _save(clock, by=by, fields=["state", "paused_at"])
    ClockPause.objects.filter(clock=clock, resumed_at__isnull=True).update(resumed_at=now)


def _stop_clock(clock: Clock, *, by, now: datetime, why: str) -> None:
    _halt(clock, by=by, now=now)
    _record(clock.case, CaseEvent.Kind.CLOCK_STOPPED, by=by, now=now, text=f"{clock.rule.code}: {why}")


def _stop_open_clocks(case: Case, *, by, now: datetime) -> None:
    """Closing a case ends its clocks; the closing event says why."""
    for clock in case.clocks.open().select_for_update():
        _halt(clock, by=by, now=now)


def recompute_clocks(*, calendar_code: str, by, now: datetime, reason: str) -> int:
    """Recompute every running clock on a calendar; log each move on its case. Returns how many moved."""
    calendar = load_calendar(calendar_code)
    moved = 0
    clocks = (
        Clock.objects.filter(state=ClockState.RUNNING, rule__calendar=calendar_code)
        .select_related("rule", "case")
        # compute_deadline reads every clock's pauses and extensions
        .prefetch_related("pauses", "extensions")
        .select_for_update(of=("self",))
    )
    for clock in clocks:
        before = clock.due_at
        if _refresh_due(clock, calendar):
            _save(clock, by=by, fields=["due_at", "explanation"])
            was = long_date(timezone.localtime(before).date())
            text = f"{clock.rule.code}: due {was} → {_due_text(clock)} ({reason}). {clock.explanation}"
            _record(clock.case, CaseEvent.Kind.DEADLINE_MOVED, by=by, now=now, text=text)
            moved += 1
    return moved


@transaction.atomic
def add_calendar_day(
    *, day: date, kind: str, name: str, source: str, by, now: datetime, jurisdiction: str = Jurisdiction.HONG_KONG
) -> tuple[CalendarDay, int]:
    """Record a holiday or warning day and move every open deadline it affects."""
    calendar_day = CalendarDay(jurisdiction=jurisdiction, date=day, kind=kind, name=name.strip(), source=source)
    calendar_day.full_clean()
    _save(calendar_day, by=by)
    reason = f"{long_date(day)} added as {calendar_day.reason}"
    return calendar_day, recompute_clocks(calendar_code=CalendarCode.HONG_KONG, by=by, now=now, reason=reason)


@transaction.atomic
def remove_calendar_day(calendar_day: CalendarDay, *, by, now: datetime) -> int:
    """Remove a day entered by mistake and move every open deadline it affected back."""
    reason = f"{long_date(calendar_day.date)} is no longer {calendar_day.reason}"
    calendar_day._history_user = by
    calendar_day.delete()
    return recompute_clocks(calendar_code=CalendarCode.HONG_KONG, by=by, now=now, reason=reason)


@transaction.atomic
def sync_holidays(*, years, now: datetime) -> int:
    """Add Hong Kong's Cap. 149 general holidays for these years; returns how many were new."""
    years = list(years)
    source = f"General Holidays Ordinance (Cap. 149), from the holidays package {holidays.__version__}"
    existing = set(
        CalendarDay.objects.filter(
            jurisdiction=Jurisdiction.HONG_KONG, kind=CalendarDayKind.GENERAL_HOLIDAY, date__year__in=years
        ).values_list("date", flat=True)
    )
    # Sundays are general holidays by definition, so the package leaves them out.
    new_days = [
        CalendarDay(
            jurisdiction=Jurisdiction.HONG_KONG,
            date=day,
            kind=CalendarDayKind.GENERAL_HOLIDAY,
            name=name,
            source=source,
        )
        for day, name in sorted(holidays.HK(categories=("optional",), years=years).items())
        if day not in existing
    ]
    bulk_create_with_history(new_days, CalendarDay)
    if new_days:
        reason = f"{len(new_days)} general holidays added"
        recompute_clocks(calendar_code=CalendarCode.HONG_KONG, by=None, now=now, reason=reason)
    return len(new_days)
