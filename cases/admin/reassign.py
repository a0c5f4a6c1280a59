"""Reassigning many cases at once from the case list: team leads choose the officer on a
confirmation page, and each case goes through ``services.assign_case``, which may refuse it."""

from collections import defaultdict

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import PermissionDenied, ValidationError
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cases import permissions, services
from cases.models import officers
from dpa.checked_admin import error_text
from dpa.people import staff_name

# The confirmation page lists this many of the chosen cases and counts the rest.
CASES_LISTED = 50
# A message names this many cases and counts the rest.
REFERENCES_NAMED = 20


class OfficerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{staff_name(obj)} ({obj.get_username()})"


class ReassignForm(forms.Form):
    # The people a case can be assigned to: the same test the service applies.
    officer = OfficerChoiceField(queryset=officers(), label=_("New officer"))


def _references(cases: list[str]) -> str:
    named = ", ".join(cases[:REFERENCES_NAMED])
    rest = len(cases) - REFERENCES_NAMED
    if rest <= 0:
        return named
    return ngettext("%(named)s and %(rest)d more", "%(named)s and %(rest)d more", rest) % {
        "named": named,
        "rest": rest,
    }


class ReassignCases:
    """The "Reassign" action of the case list, mixed into ``CaseAdmin`` with the list."""

    def has_assign_permission(self, request) -> bool:
        return permissions.can_assign(request.user)

    @admin.action(description=_("Reassign selected cases to another officer"), permissions=["assign"])
    def reassign(self, request, queryset):
        form = ReassignForm(request.POST if "confirm" in request.POST else None)
        if form.is_valid():
            self._reassign(request, queryset, form.cleaned_data["officer"])
            return None
        chosen = queryset.select_related("assigned_officer").order_by("reference")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Reassign cases"),
            "form": form,
            "cases": chosen[:CASES_LISTED],
            "count": chosen.count(),
            "action": "reassign",
            "checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "select_across": request.POST.get("select_across", "0"),
        }
        return TemplateResponse(request, "admin/cases/case/reassign.html", context)

    def _reassign(self, request, queryset, officer) -> None:
        now = timezone.now()
        moved, unchanged, refused = [], [], defaultdict(list)
        for case in queryset.order_by("reference"):
            if case.assigned_officer_id == officer.pk:
                unchanged.append(case.reference)
                continue
            try:
                services.assign_case(case, officer=officer, by=request.user, now=now)
            except (ValidationError, PermissionDenied) as error:
                refused[error_text(error)].append(case.reference)
            else:
                moved.append(case.reference)
        name = staff_name(officer)
        if moved:
            message = gettext("Reassigned to %(officer)s: %(cases)s.")
            self.message_user(request, message % {"officer": name, "cases": _references(moved)}, messages.SUCCESS)
        if unchanged:
            message = gettext("Already assigned to %(officer)s: %(cases)s.")
            self.message_user(request, message % {"officer": name, "cases": _references(unchanged)}, messages.INFO)
        for reason, cases in refused.items():
            message = gettext("Not reassigned: %(cases)s. %(reason)s")
            self.message_user(request, message % {"cases": _references(cases), "reason": reason}, messages.ERROR)
