"""What the service modules share: recording a case event, saving with the actor in the field
history, locking a case for a change, reference numbers and the start of a day."""

from datetime import date, datetime, time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import permissions
from cases.models import (
    REFERENCE_PREFIXES,
    Case,
    CaseEvent,
    Enquiry,
    ReferenceSequence,
)


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


def record_event(
    case: Case, kind: str, *, by, now: datetime, text: str = "", message: dict | None = None, **details
) -> CaseEvent:
    """Add an entry to a case's timeline: ``message`` is what the system says (``cases.timeline_messages``),
    ``text`` what a person wrote."""
    return CaseEvent.objects.create(case=case, kind=kind, actor=by, at=now, text=text, message=message or {}, **details)


def save_with_actor(instance, *, by, fields=None) -> None:
    # The field history records who made the change, not only what changed.
    instance._history_user = by
    instance.save(update_fields=fields)


def locked_case(case: Case, *, by) -> Case:
    """The case, locked for the change, if ``by`` may see it at all."""
    cases = Case.objects if by is None else Case.objects.visible_to(by)
    try:
        return cases.select_for_update().get(pk=case.pk)
    except Case.DoesNotExist:
        raise PermissionDenied(_("You cannot see this case.")) from None


def locked_enquiry(enquiry: Enquiry, *, by) -> Enquiry:
    """The enquiry and its cases, locked for a change by someone who may work on every one of them."""
    enquiries = Enquiry.objects if by is None else Enquiry.objects.visible_to(by)
    try:
        enquiry = enquiries.select_for_update().get(pk=enquiry.pk)
    except Enquiry.DoesNotExist:
        raise PermissionDenied(_("You cannot see this enquiry.")) from None
    for case in enquiry.cases.order_by("pk").select_for_update():
        permissions.require_work_on(by, case)
    return enquiry


def start_of_day(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=timezone.get_current_timezone())


def end_of_day(day: date) -> datetime:
    return datetime.combine(day, time.max, tzinfo=timezone.get_current_timezone())
