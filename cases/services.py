"""Every change to a case happens here: one function per use case, each in one transaction,
guarding its rule, writing its ``CaseEvent`` and enqueuing its background work after commit."""

import hashlib
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F, Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import tasks
from cases.models import (
    REFERENCE_PREFIXES,
    STATUSES_NEEDING_REASON,
    Case,
    CaseEvent,
    CaseStatus,
    Complainant,
    Confidentiality,
    Document,
    IdentityAccess,
    Outcome,
    ReferenceSequence,
)
from cases.uploads import inspect_upload


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


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


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
) -> Case:
    """Register a new case with the next reference for its kind and year."""
    # ``now`` may be in UTC (``timezone.now()``): "today" is the local date, not UTC's.
    if received_on > timezone.localdate(now):
        raise ValidationError({"received_on": _("A case cannot be received in the future.")})
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
    )
    case.full_clean()
    _save(case, by=by)
    case.principles.set(principles)
    case.issue_categories.set(issue_categories)
    _record(case, CaseEvent.Kind.RECEIVED, by=by, now=now, text=f"Received on {received_on:%Y-%m-%d}.")
    if assigned_officer is not None:
        _record(case, CaseEvent.Kind.ASSIGNED, by=by, now=now, text=assigned_officer.get_username())
        if assigned_officer != by:
            tasks.notify_case_assigned.delay_on_commit(case.pk, assigned_officer.pk)
    return case


@transaction.atomic
def assign_case(case: Case, *, officer, by, now: datetime) -> Case:
    """Give a case to an officer. Taking an unassigned case needs no more than being an officer."""
    case = _locked(case)
    if case.is_closed:
        raise ValidationError(_("A closed case cannot be assigned; reopen it first."))
    _check_officer(officer)
    taking_it_myself = officer == by and case.assigned_officer_id in (None, by.pk)
    if not taking_it_myself and not by.has_perm("cases.assign_case"):
        raise PermissionDenied(_("Only a team lead can assign a case to someone else or take it from them."))
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
    case = _locked(case)
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
    return case


@transaction.atomic
def add_note(case: Case, *, text: str, by, now: datetime) -> CaseEvent:
    """Add a note to the case timeline."""
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("A note cannot be empty.")})
    return _record(case, CaseEvent.Kind.NOTE, by=by, now=now, text=text)


@transaction.atomic
def link_cases(case: Case, other: Case, *, by, now: datetime, reason: str = "") -> None:
    """Record that two cases are related, on both timelines."""
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
    case = _locked(case)
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
    _record(case, CaseEvent.Kind.CLOSED, by=by, now=now, text=reason, from_status=previous, to_status=case.status)
    return case


@transaction.atomic
def reopen_case(case: Case, *, reason: str, by, now: datetime) -> Case:
    """Reopen a closed case at the first working status its kind returns to."""
    case = _locked(case)
    if not by.has_perm("cases.reopen_case"):
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
    return case


@transaction.atomic
def add_document(case: Case, *, uploaded, by, now: datetime, description: str = "") -> Document:
    """Attach a file to a case after checking its size and its type from its content."""
    case = _locked(case)
    if case.is_closed:
        raise ValidationError(_("A closed case cannot take new documents; reopen it first."))
    file_type, data = inspect_upload(uploaded)
    digest = hashlib.sha256(data).hexdigest()
    document = Document(
        case=case,
        original_name=uploaded.name[:200],
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


def record_identity_access(*, user, complainant_ids, context: str, path: str, now: datetime) -> None:
    """Log that ``user`` was shown these complainants' identities."""
    IdentityAccess.objects.bulk_create(
        IdentityAccess(complainant_id=pk, user=user, accessed_at=now, context=context, path=path[:300])
        for pk in sorted(set(complainant_ids))
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
