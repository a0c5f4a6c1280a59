"""The pages of calendar changes, under the calendar: how far moving the deadlines has got, which
cases moved, and the recent changes. Mixed into ``CalendarDayAdmin``."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from cases import tasks
from cases.models import CalendarChange, CalendarChangeState, Case
from dpa.key_fields import could_be_key

# Changes the list of recent changes shows; moved cases a change's page lists before linking to the case list.
CHANGES_LISTED = 50
MOVED_CASES_LISTED = 50
# A change still waiting after this long was most likely never queued (the broker was down).
WAITING_TOO_LONG = timedelta(minutes=2)
# How often an unfinished change's page reloads itself, in seconds.
REFRESH_EVERY = 2


def progress_url(change: CalendarChange) -> str:
    return reverse("admin:cases_calendarday_change_progress", args=[change.pk])


def moved_cases_url(change: CalendarChange) -> str:
    return reverse("admin:cases_case_changelist") + "?" + urlencode({"calendar_change": change.pk})


def can_start_again(change: CalendarChange, now) -> bool:
    """A change that failed, or that has waited so long that it was most likely never queued."""
    waited_too_long = change.state == CalendarChangeState.QUEUED and change.requested_at < now - WAITING_TOO_LONG
    return change.state == CalendarChangeState.FAILED or waited_too_long


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
        moved = Case.objects.visible_to(request.user).filter(
            pk__in=CalendarChange.moved_cases.through.objects.filter(calendarchange=change).values("case_id")
        )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": change.summary,
            "change": change,
            "refresh_every": None if change.is_finished else REFRESH_EVERY,
            "can_start_again": can_start_again(change, now) and self.has_add_permission(request),
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
        if can_start_again(change, timezone.now()):
            tasks.queue_calendar_change(change.pk)
            self.message_user(request, gettext("The change is queued again."))
        else:
            self.message_user(request, gettext("This change is already under way or done."), messages.WARNING)
        return HttpResponseRedirect(progress_url(change))
