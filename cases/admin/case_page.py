"""The case page as staff work from it all day: a summary, the deadlines, the latest timeline entries,
a note box and the documents above the details; and the whole timeline on a page of its own."""

from dataclasses import dataclass
from datetime import datetime

from django.contrib.admin.views.main import PAGE_VAR
from django.core.paginator import Paginator
from django.db.models import OuterRef, Prefetch, QuerySet, Subquery, prefetch_related_objects
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from cases import permissions
from cases.admin.case_actions import CLOCK_ACTION_LABELS
from cases.admin.case_letters import can_write_to_complainant
from cases.enquiry_forms import CaseLetterForm
from cases.enquiry_listing import reply_by_html
from cases.forms import NoteForm
from cases.listing import days_left_text
from cases.models import OPEN_CLOCK_STATES, Case, Clock, ClockRule, ClockState, DeadlineUnit, Enquiry
from dpa.people import staff_name

LATEST_EVENTS = 10
TIMELINE_PAGE_SIZE = 50


def timeline_of(case: Case, user) -> QuerySet:
    """The case's events, newest first, each naming the other case only if ``user`` may see it."""
    visible = Case.objects.visible_to(user).filter(pk=OuterRef("related_case_id"))
    return (
        case.events.select_related("actor")
        .annotate(related_reference=Subquery(visible.values("reference")[:1]))
        .order_by("-at", "-pk")
    )


@dataclass
class ClockRow:
    """One clock as the page shows it: its state, the days left and the actions this reader may take."""

    clock: Clock
    breached: bool
    days_left: str
    actions: list[tuple[str, str]]

    @property
    def counts_hours(self) -> bool:
        return self.clock.rule.unit == DeadlineUnit.HOURS


@dataclass
class ClockGroup:
    """A rule's clocks on the case: the latest round, and the earlier ones, newest first."""

    rule: ClockRule
    latest: ClockRow
    earlier: list[ClockRow]


def _clock_row(clock: Clock, *, can_work: bool, now: datetime) -> ClockRow:
    running = clock.state == ClockState.RUNNING
    actions = [
        (reverse("admin:cases_case_clock", args=[clock.case_id, clock.pk, action]), CLOCK_ACTION_LABELS[action])
        for action in (clock.available_actions(now) if can_work else [])
    ]
    return ClockRow(
        clock=clock,
        breached=clock.is_breached(now),
        days_left=days_left_text(clock.due_at, now) if running else "—",
        actions=actions,
    )


def _urgency(group: ClockGroup) -> tuple:
    """Open clocks first, the soonest due first; then the finished ones by rule."""
    clock = group.latest.clock
    due = clock.due_at.timestamp() if clock.due_at else float("inf")
    return (clock.state not in OPEN_CLOCK_STATES, clock.state != ClockState.RUNNING, due, group.rule.code)


def clock_groups(case: Case, *, can_work: bool, now: datetime) -> list[ClockGroup]:
    """The case's clocks grouped by rule: a rolling or restarted rule has one clock per round."""
    # the actions read each clock's extensions (how many days are left to grant)
    clocks = case.clocks.select_related("rule").prefetch_related("extensions")
    rounds: dict[int, list[ClockRow]] = {}
    for clock in clocks:
        rounds.setdefault(clock.rule_id, []).append(_clock_row(clock, can_work=can_work, now=now))
    groups = [ClockGroup(rule=rows[-1].clock.rule, latest=rows[-1], earlier=rows[-2::-1]) for rows in rounds.values()]
    return sorted(groups, key=_urgency)


def next_deadline(groups: list[ClockGroup]) -> ClockRow | None:
    running = [group.latest for group in groups if group.latest.clock.state == ClockState.RUNNING]
    return min(running, key=lambda row: row.clock.due_at, default=None)


def enquiries_and_letters(request, case: Case) -> dict:
    """The case's enquiries (only those every case of which this reader may see) with their reply-by
    dates, its letters to the complainant, and what this reader may write next."""
    user = request.user
    can_work = permissions.can_work_on(user, case) and not case.is_closed
    enquiries = Enquiry.objects.visible_to(user).filter(cases=case).with_reply_clock().select_related("officer")
    new_enquiry = None
    if can_work and case.organisation_id and user.has_perm("cases.add_enquiry"):
        new_enquiry = (
            reverse("admin:cases_enquiry_add")
            + "?"
            + urlencode({"organisation": case.organisation_id, "cases": case.pk})
        )
    now = timezone.now()
    return {
        "case_enquiries": [
            (enquiry, reply_by_html(enquiry, now)) for enquiry in enquiries.order_by("-drafted_at", "-pk")
        ],
        "case_letters": case.letters.select_related("sent_by"),
        "new_enquiry_url": new_enquiry,
        "letter_form": CaseLetterForm(auto_id="letter_%s") if can_write_to_complainant(user, case) else None,
    }


class CasePage:
    """The case page's own sections and the timeline page, mixed into ``CaseAdmin``."""

    def get_urls(self):
        timeline = self.admin_site.admin_view(require_GET(self.timeline_view))
        return [path("<path:object_id>/timeline/", timeline, name="cases_case_timeline"), *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            # Django shows the details read-only where the reader may not change them, or not now.
            reads_details = not self.has_change_permission(request, obj)
            context.update(self.case_page_context(request, obj, reads_details=reads_details))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def case_page_context(self, request, case: Case, *, reads_details: bool) -> dict:
        """The summary's facts and, on the page that reads the case, its sections; with the details
        open as a form, the summary alone."""
        # The related cases field lists only those this reader may see; the others are not even counted.
        visible = Case.objects.visible_to(request.user).order_by("reference")
        prefetch_related_objects([case], Prefetch("related_cases", queryset=visible, to_attr="visible_related_cases"))
        can_work = permissions.can_work_on(request.user, case)
        groups = clock_groups(case, can_work=can_work, now=timezone.now())
        context = {
            "title": str(case),
            "reads_details": reads_details,
            "subtitle": None if reads_details else gettext("Edit details"),
            "show_save_and_add_another": False,
            "next_deadline": next_deadline(groups),
            "officer_name": staff_name(case.assigned_officer) if case.assigned_officer else None,
        }
        if not reads_details:
            return context
        documents = None
        if request.user.has_perm("cases.view_document"):
            documents = case.documents.select_related("uploaded_by")
        add_document = permissions.can_add_document(request.user, case)
        return {
            **context,
            "clock_groups": groups,
            "clock_actions_shown": can_work and not case.is_closed,
            "latest_events": timeline_of(case, request.user)[:LATEST_EVENTS],
            "event_count": case.events.count(),
            "documents": documents,
            "add_document_url": reverse("admin:cases_case_add_document", args=[case.pk]) if add_document else None,
            "note_form": NoteForm(auto_id="note_%s"),
            **enquiries_and_letters(request, case),
        }

    def timeline_view(self, request, object_id):
        case = self.get_visible_object_or_404(request, object_id)
        paginator = Paginator(timeline_of(case, request.user), TIMELINE_PAGE_SIZE)
        page = paginator.get_page(request.GET.get(PAGE_VAR))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "case": case,
            "title": gettext("Timeline of %(case)s") % {"case": case.reference},
            "page_obj": page,
            "page_range": paginator.get_elided_page_range(page.number),
            "page_var": PAGE_VAR,
        }
        return TemplateResponse(request, "admin/cases/case/timeline.html", context)
