"""Who may do what to a case. The services ask before every change and refuse with
``PermissionDenied``; the screens ask the same functions to decide which buttons to offer.

``user`` is ``None`` for the system itself (imports, scheduled jobs), which may do anything.
Seeing a case is decided by ``Case.objects.visible_to(user)``; these rules assume the case is
one the user can see and decide only whether they may change it.
"""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from cases.models import Case, is_active_staff


def works_cases(user) -> bool:
    """A case officer or anyone above: can open cases and work on their own."""
    return is_active_staff(user) and user.has_perm("cases.change_case")


def manages_cases(user) -> bool:
    """Team leads and administrators: work on every case, whoever it is assigned to."""
    return works_cases(user) and user.has_perm("cases.change_any_case")


def can_work_on(user, case: Case) -> bool:
    """Change a case's details and status, close it, add documents, links and clock actions."""
    if user is None:
        return True
    return works_cases(user) and (case.assigned_officer_id == user.pk or manages_cases(user))


def can_assign_to_self(user, case: Case) -> bool:
    """Take a case: an unassigned one, or (team leads) one assigned to someone else."""
    return (
        user is not None
        and works_cases(user)
        and case.assigned_officer_id != user.pk
        and (case.assigned_officer_id is None or can_assign(user))
    )


def can_assign(user) -> bool:
    """Give a case to someone else, or take it from them."""
    return user is None or (works_cases(user) and user.has_perm("cases.assign_case"))


def can_reopen(user) -> bool:
    return user is None or (is_active_staff(user) and user.has_perm("cases.reopen_case"))


def can_change_confidentiality(user) -> bool:
    return user is None or (is_active_staff(user) and user.has_perm("cases.change_case_confidentiality"))


def can_add_note(user) -> bool:
    """Anyone who works cases may add a note to any case they can see, a colleague's too. Auditors
    only read: a note is an entry on the record like any other change."""
    return user is None or works_cases(user)


def can_add_document(user, case: Case) -> bool:
    """Attach a file to an open case one works on."""
    return not case.is_closed and can_work_on(user, case) and (user is None or user.has_perm("cases.add_document"))


def can_see_identity(user) -> bool:
    """See who a complainant is; every display is logged (``cases.identity``)."""
    return user.is_active and user.has_perm("cases.view_complainant_identity")


def can_work_on_enquiry(user, enquiry) -> bool:
    """Change a draft, send, extend, withdraw or record the reply: whoever may work on every case
    the enquiry covers."""
    if user is None:
        return True
    return user.has_perm("cases.change_enquiry") and all(can_work_on(user, case) for case in enquiry.cases.all())


def can_retry_delivery(user) -> bool:
    """Send a failed letter or reminder again: team leads and administrators."""
    return is_active_staff(user) and user.has_perm("cases.change_reminder")


def can_change_reminder_policy(user) -> bool:
    """Change the reminder policy, and hold or release messages to organisations: administrators."""
    return is_active_staff(user) and user.has_perm("cases.change_reminderpolicy")


def require_work_on(user, case: Case) -> None:
    if not can_work_on(user, case):
        message = _("Only the officer assigned to %(case)s or a team lead can change it.")
        raise PermissionDenied(message % {"case": case.reference})
