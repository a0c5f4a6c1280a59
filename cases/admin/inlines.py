"""What a case page shows below its details: deadlines, timeline and documents."""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import permissions
from cases.admin.base import OwnRowsFormSet, ReadOnlyInline, built_once_per_request
from cases.deadlines import long_date
from cases.forms import (
    DocumentUploadForm,
)
from cases.models import (
    Case,
    CaseEvent,
    Clock,
    DeadlineUnit,
    Document,
)


class CaseEventInline(ReadOnlyInline):
    """The read-only timeline. A linked case is named only to readers who may see it."""

    model = CaseEvent
    fk_name = "case"
    verbose_name_plural = _("timeline")

    def get_fields(self, request, obj=None):
        return ["at", "kind", "actor", "from_status", "to_status", self._other_case_field(request), "text"]

    @built_once_per_request
    def _other_case_field(self, request):
        visible = Case.objects.visible_to(request.user)
        visible_ids: dict[int, set[int]] = {}

        @admin.display(description=_("other case"))
        def other_case(event):
            if event.related_case_id is None:
                return ""
            if event.case_id not in visible_ids:
                linked = CaseEvent.objects.filter(case_id=event.case_id).values("related_case")
                visible_ids[event.case_id] = set(visible.filter(pk__in=linked).values_list("pk", flat=True))
            if event.related_case_id not in visible_ids[event.case_id]:
                return _("a case you cannot see")
            return format_html(
                '<a href="{}">{}</a>',
                reverse("admin:cases_case_change", args=[event.related_case_id]),
                event.related_case.reference,
            )

        return other_case

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor", "related_case")


class DocumentInline(ReadOnlyInline):
    """The documents already on the case, each downloadable through the checked view."""

    model = Document
    fields = ["download", "description", "content_type", "size", "uploaded_by", "uploaded_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("document"))
    def download(self, document):
        return format_html('<a href="{}">{}</a>', reverse("document-download", args=[document.pk]), document)


class DocumentUploadInline(admin.TabularInline):
    """A slot for a new document; its content is checked before anything is stored."""

    model = Document
    form = DocumentUploadForm
    formset = OwnRowsFormSet
    fields = ["file", "description"]
    extra = 1
    can_delete = False
    verbose_name = _("new document")
    verbose_name_plural = _("add a document")

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_add_permission(self, request, obj=None):
        return (
            obj is not None
            and not obj.is_closed
            and permissions.can_work_on(request.user, obj)
            and super().has_add_permission(request, obj)
        )

    def has_change_permission(self, request, obj=None):
        return False


CLOCK_ACTION_LABELS = {"pause": _("Pause"), "resume": _("Resume"), "extend": _("Extend"), "meet": _("Mark met")}


class ClockInline(ReadOnlyInline):
    """The case's clocks: due date, days left, state and how the date was reached."""

    model = Clock
    fk_name = "case"
    verbose_name_plural = _("deadlines")

    def get_fields(self, request, obj=None):
        return ["rule", "started_at", "state_label", "due_on", "days_left", "explanation", self._actions(request)]

    def get_queryset(self, request):
        # the actions column reads each clock's case and extensions
        return super().get_queryset(request).select_related("rule", "case").prefetch_related("extensions")

    @admin.display(description=_("state"))
    def state_label(self, clock):
        if clock.is_breached(timezone.now()):
            return format_html('<strong class="deadline-breached">{}</strong>', gettext("Breached"))
        if clock.met_late:
            return gettext("Met late")
        return clock.get_state_display()

    @admin.display(description=_("due"))
    def due_on(self, clock):
        if clock.due_at is None:
            return "—"
        if clock.rule.unit == DeadlineUnit.HOURS:
            return f"{timezone.localtime(clock.due_at):%Y-%m-%d %H:%M}"
        return long_date(timezone.localtime(clock.due_at).date())

    @admin.display(description=_("days left"))
    def days_left(self, clock):
        left = clock.days_left(timezone.localdate())
        return "—" if left is None else left

    @built_once_per_request
    def _actions(self, request):
        @admin.display(description=_("actions"))
        def clock_actions(clock):
            if not permissions.can_work_on(request.user, clock.case):
                return ""
            links = [
                (reverse("admin:cases_case_clock", args=[clock.case_id, clock.pk, action]), CLOCK_ACTION_LABELS[action])
                for action in clock.available_actions(timezone.now())
            ]
            return format_html_join(" · ", '<a href="{}">{}</a>', links)

        return clock_actions
