"""The pages of calendar changes, under the calendar: how far moving the deadlines has got, which
cases moved, and the recent changes. Mixed into ``CalendarDayAdmin``."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from cases import services
from cases.models import CalendarChange, CalendarChangeState, Case
from dpa.checked_admin import error_text
from dpa.key_fields import could_be_key

# Changes the list of recent changes shows; moved cases a change's page lists before linking to the case list.
CHANGES_LISTED = 50
MOVED_CASES_LISTED = 50
# How often an unfinished change's page reloads itself, in seconds.
REFRESH_EVERY = 2


def progress_url(change: CalendarChange) -> str:
    return reverse("admin:cases_calendarday_change_progress", args=[change.pk])


def moved_cases_url(change: CalendarChange) -> str:
    return reverse("admin:cases_case_changelist") + "?" + urlencode({"calendar_change": change.pk})


class CalendarChangePages:
    def get_urls(self):
        wrap = self.admin_site.admin_view
        return [
            path("changes/", wrap(require_GET(self.changes_view)), name="cases_calendarday_changes"),
            path(
                "changes/<str:change_id>/",
                wrap(require_GET(self.progress_view)),
                name="cases_calendarday_change_progress",
            ),
            path(
                "changes/<str:change_id>/start-again/",
                wrap(require_POST(self.start_again_view)),
                name="cases_calendarday_change_start_again",
            ),
            *super().get_urls(),
        ]

    def _change(self, request, change_id: str) -> CalendarChange:
        if not self.has_view_permission(request):
            raise PermissionDenied
        change = None
        if could_be_key(CalendarChange._meta.pk, change_id):
            change = CalendarChange.objects.select_related("requested_by").filter(pk=change_id).first()
        if change is None:
            raise Http404(gettext("There is no such calendar change."))
        return change

    def changes_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        changes = CalendarChange.objects.select_related("requested_by")[:CHANGES_LISTED]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Calendar changes"),
            "changes": changes,
        }
        return TemplateResponse(request, "admin/cases/calendarday/changes.html", context)

    def progress_view(self, request, change_id):
        change = self._change(request, change_id)
        now = timezone.now()
        moved = Case.objects.visible_to(request.user).moved_by(change)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": change.summary,
            "change": change,
            "refresh_every": None if change.is_finished else REFRESH_EVERY,
            "can_start_again": change.can_start_again(now) and self.has_add_permission(request),
            "moved_cases": moved.with_next_deadline().select_related("assigned_officer")[:MOVED_CASES_LISTED]
            if change.state == CalendarChangeState.DONE
            else [],
            "moved_cases_url": moved_cases_url(change),
            "now": now,
        }
        return TemplateResponse(request, "admin/cases/calendarday/change_progress.html", context)

    def start_again_view(self, request, change_id):
        change = self._change(request, change_id)
        if not self.has_add_permission(request):
            raise PermissionDenied
        try:
            services.start_calendar_change_again(change, now=timezone.now())
        except ValidationError as refusal:
            self.message_user(request, error_text(refusal), messages.WARNING)
        else:
            self.message_user(request, gettext("The change is queued again."))
        return HttpResponseRedirect(progress_url(change))
