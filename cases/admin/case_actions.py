"""The case page's buttons: forms that move a case through the services or add to it, each refused
with 403 to those the services would refuse."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from cases import permissions, services
from cases.forms import (
    ClockExtensionForm,
    ClockReasonForm,
    CloseCaseForm,
    ConfirmForm,
    DocumentUploadForm,
    NoteForm,
    ReopenCaseForm,
    TransitionForm,
)
from cases.models import Case, CaseStatus
from dpa.action_pages import action_page
from dpa.checked_admin import error_text

CLOCK_ACTION_LABELS = {"pause": _("Pause"), "resume": _("Resume"), "extend": _("Extend"), "meet": _("Mark met")}


class CaseActions:
    """The views behind a case page's buttons, mixed into ``CaseAdmin``."""

    def clock_view(self, request, object_id, clock_id, action):
        case = self._case_for_work(request, object_id)
        clock = get_object_or_404(case.clocks.select_related("rule"), pk=clock_id)
        now = timezone.now()
        forms_and_services = {
            "pause": (
                ClockReasonForm,
                lambda data: services.pause_clock(clock, reason=data["reason"], by=request.user, now=now),
            ),
            "resume": (ConfirmForm, lambda data: services.resume_clock(clock, by=request.user, now=now)),
            "extend": (
                ClockExtensionForm,
                lambda data: services.extend_clock(
                    clock, days=data["days"], reason=data["reason"], by=request.user, now=now
                ),
            ),
            "meet": (ConfirmForm, lambda data: services.meet_clock(clock, by=request.user, now=now)),
        }
        if action not in forms_and_services:
            raise Http404
        form_class, apply = forms_and_services[action]
        title = gettext("%(action)s: the %(rule)s clock on %(case)s") % {
            "action": CLOCK_ACTION_LABELS[action],
            "rule": clock.rule.code,
            "case": case.reference,
        }
        form = form_class(request.POST if request.method == "POST" else None)
        return self._run_form_view(request, case, form, title, apply)

    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/clocks/<int:clock_id>/<str:action>/",
                wrap(self.clock_view),
                name="cases_case_clock",
            ),
            path("<path:object_id>/move/<str:status>/", wrap(self.move_view), name="cases_case_move"),
            path("<path:object_id>/close/", wrap(self.close_view), name="cases_case_close"),
            path("<path:object_id>/reopen/", wrap(self.reopen_view), name="cases_case_reopen"),
            path("<path:object_id>/note/", wrap(self.note_view), name="cases_case_note"),
            path("<path:object_id>/documents/add/", wrap(self.add_document_view), name="cases_case_add_document"),
            path(
                "<path:object_id>/assign-to-me/",
                wrap(require_POST(self.assign_to_me_view)),
                name="cases_case_assign_to_me",
            ),
            *super().get_urls(),
        ]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            can_work = self.may_change_case(request, obj)
            # A closed case leaves its status only through "Reopen case".
            context["next_statuses"] = [
                CaseStatus(status)
                for status in CaseStatus
                if can_work and status != CaseStatus.CLOSED and obj.can_transition_to(status)
            ]
            context["can_close"] = can_work and obj.can_transition_to(CaseStatus.CLOSED)
            context["can_reopen"] = obj.is_closed and permissions.can_reopen(request.user)
            context["can_take"] = not obj.is_closed and permissions.can_assign_to_self(request.user, obj)
            context["can_note"] = permissions.can_add_note(request.user) and obj.refusal_to_change() is None
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _case_for_work(self, request, object_id) -> Case:
        case = self.get_visible_object_or_404(request, object_id)
        if not self.may_change_case(request, case):
            raise PermissionDenied
        return case

    def _run_form_view(self, request, case, form, title, apply, *, done=None, submit_label=None):
        return action_page(
            self,
            request,
            case,
            form=form,
            title=title,
            apply=apply,
            done=done or gettext("%(case)s: done.") % {"case": case.reference},
            object_url=reverse("admin:cases_case_change", args=[case.pk]),
            template="admin/cases/case/transition.html",
            submit_label=submit_label or gettext("Confirm"),
            case=case,
        )

    def move_view(self, request, object_id, status):
        case = self._case_for_work(request, object_id)
        if status not in CaseStatus.values or status == CaseStatus.CLOSED:
            raise Http404
        form = TransitionForm(request.POST or None, target=status)
        title = gettext("Move %(case)s to “%(status)s”") % {"case": case.reference, "status": CaseStatus(status).label}
        return self._run_form_view(
            request,
            case,
            form,
            title,
            lambda data: services.move_case(
                case, to=status, reason=data["reason"], by=request.user, now=timezone.now()
            ),
        )

    def close_view(self, request, object_id):
        case = self._case_for_work(request, object_id)
        form = CloseCaseForm(request.POST or None)
        return self._run_form_view(
            request,
            case,
            form,
            gettext("Close %(case)s") % {"case": case.reference},
            lambda data: services.close_case(
                case, outcome=data["outcome"], reason=data["reason"], by=request.user, now=timezone.now()
            ),
        )

    def reopen_view(self, request, object_id):
        case = self.get_visible_object_or_404(request, object_id)
        if not permissions.can_reopen(request.user):
            raise PermissionDenied
        form = ReopenCaseForm(request.POST or None)
        return self._run_form_view(
            request,
            case,
            form,
            gettext("Reopen %(case)s") % {"case": case.reference},
            lambda data: services.reopen_case(case, reason=data["reason"], by=request.user, now=timezone.now()),
        )

    def note_view(self, request, object_id):
        case = self.get_visible_object_or_404(request, object_id)
        if not permissions.can_add_note(request.user):
            raise PermissionDenied
        form = NoteForm(request.POST or None)
        return self._run_form_view(
            request,
            case,
            form,
            gettext("Add a note to %(case)s") % {"case": case.reference},
            lambda data: services.add_note(case, text=data["text"], by=request.user, now=timezone.now()),
        )

    def add_document_view(self, request, object_id):
        case = self.get_visible_object_or_404(request, object_id)
        if not permissions.can_add_document(request.user, case):
            raise PermissionDenied
        posted = request.method == "POST"
        form = DocumentUploadForm(request.POST if posted else None, request.FILES if posted else None)
        return self._run_form_view(
            request,
            case,
            form,
            gettext("Add a document to %(case)s") % {"case": case.reference},
            lambda data: services.add_document(
                case, uploaded=data["file"], description=data["description"], by=request.user, now=timezone.now()
            ),
            done=gettext("%(case)s: the document is added.") % {"case": case.reference},
            submit_label=gettext("Upload"),
        )

    def assign_to_me_view(self, request, object_id):
        case = self.get_visible_object_or_404(request, object_id)
        if not permissions.can_assign_to_self(request.user, case):
            raise PermissionDenied
        try:
            services.assign_case(case, officer=request.user, by=request.user, now=timezone.now())
        except (ValidationError, PermissionDenied) as error:
            self.message_user(request, error_text(error), messages.ERROR)
        else:
            self.message_user(request, gettext("%(case)s is now assigned to you.") % {"case": case.reference})
        return HttpResponseRedirect(reverse("admin:cases_case_change", args=[case.pk]))
