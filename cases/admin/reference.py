"""Reference tables, organisations, clock rules and the calendar."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.admin.calendar_changes import CalendarChangePages, progress_url
from cases.form_fields import DaysBeforeFormField
from cases.listing import next_deadline_html
from cases.models import (
    CalendarDay,
    Case,
    ClockRule,
    DataProtectionPrinciple,
    DaysBeforeField,
    IssueCategory,
    Organisation,
    Sector,
    Team,
)
from dpa.admin_base import HistoryAdmin

# An organisation's page lists its newest cases and links to the case list for the rest.
ORGANISATION_CASES_LISTED = 20


@admin.register(Sector, IssueCategory)
class ReferenceAdmin(HistoryAdmin):
    list_display = ["name", "name_zh", "code"]
    search_fields = ["name", "name_zh", "code"]


@admin.register(DataProtectionPrinciple)
class DataProtectionPrincipleAdmin(HistoryAdmin):
    list_display = ["number", "title", "title_zh", "citation"]
    search_fields = ["title", "title_zh"]


@admin.register(Team)
class TeamAdmin(HistoryAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    filter_horizontal = ["members"]


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "name_zh", "sector", "jurisdiction", "case_count", "confirmed"]
    list_filter = ["needs_confirmation", "sector", "jurisdiction"]
    list_select_related = ["sector"]
    search_fields = ["name", "name_zh", "aliases"]
    readonly_fields = ["needs_confirmation"]
    # The case count groups the query, and Meta.ordering does not apply to grouped queries.
    ordering = ["name", "pk"]
    actions = ["confirm"]

    @admin.display(description=_("confirmed"), boolean=True, ordering="needs_confirmation")
    def confirmed(self, organisation):
        return not organisation.needs_confirmation

    @admin.action(description=_("Confirm the selected organisations"), permissions=["change"])
    def confirm(self, request, queryset):
        """Confirm each organisation a referral added: the officer has checked it is not on file
        under another name and has given it its sector."""
        confirmed, refused = 0, []
        for organisation in queryset.awaiting_confirmation():
            try:
                services.confirm_organisation(organisation, by=request.user)
            except ValidationError as refusal:
                refused += refusal.messages
            else:
                confirmed += 1
        if confirmed:
            message = ngettext("%(count)d organisation confirmed.", "%(count)d organisations confirmed.", confirmed)
            self.message_user(request, message % {"count": confirmed}, messages.SUCCESS)
        for refusal in refused:
            self.message_user(request, refusal, messages.ERROR)

    def get_queryset(self, request):
        visible = Case.objects.visible_to(request.user).values("pk")
        return super().get_queryset(request).annotate(case_count=Count("cases", filter=Q(cases__in=visible)))

    @admin.display(description=_("cases"), ordering="case_count")
    def case_count(self, organisation):
        if not organisation.case_count:
            return 0
        return format_html('<a href="{}">{}</a>', _cases_of(organisation), organisation.case_count)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["organisation_cases"] = self._latest_cases(request, obj)
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _latest_cases(self, request, organisation) -> dict:
        """The newest cases about the organisation that the user may see, with their next deadlines."""
        cases = Case.objects.visible_to(request.user).filter(organisation=organisation)
        latest = cases.with_next_deadline().select_related("assigned_officer").order_by("-received_on", "-pk")
        now = timezone.now()
        return {
            "rows": [(case, next_deadline_html(case.next_due_at, now)) for case in latest[:ORGANISATION_CASES_LISTED]],
            # The annotated count is the one the list of organisations shows.
            "count": organisation.case_count,
            "link": _cases_of(organisation),
        }


def _cases_of(organisation) -> str:
    return reverse("admin:cases_case_changelist") + "?" + urlencode({"organisation": organisation.pk})


@admin.register(ClockRule)
class ClockRuleAdmin(HistoryAdmin):
    formfield_overrides = {DaysBeforeField: {"form_class": DaysBeforeFormField, "help_text": _("e.g. “7, 1”")}}
    list_display = [
        "code",
        "name",
        "name_zh",
        "citation",
        "period",
        "calendar",
        "can_pause",
        "max_extension_days",
        "rolling",
    ]
    search_fields = ["code", "name", "name_zh", "citation"]

    def get_readonly_fields(self, request, obj=None):
        # Clocks already running were counted by these; changing them would silently re-date them.
        if obj is not None and obj.clocks.exists():
            return ["code", "length", "unit", "trigger", "calendar"]
        return []


@admin.register(CalendarDay)
class CalendarDayAdmin(CalendarChangePages, HistoryAdmin):
    """The year's general holidays and warning days; adding or removing one moves open deadlines,
    in the background, and its page shows how far that has got."""

    list_display = ["date", "weekday", "name", "name_zh", "kind", "jurisdiction", "source"]
    list_filter = ["kind", "jurisdiction"]
    date_hierarchy = "date"
    search_fields = ["name", "name_zh"]
    fields = ["jurisdiction", "date", "kind", "name", "name_zh", "source"]
    actions = None

    @admin.display(description=_("day"))
    def weekday(self, calendar_day):
        return f"{calendar_day.date:%a}"

    def changelist_view(self, request, extra_context=None):
        # Open on this year, like a wall calendar.
        if not any(key.startswith("date__") for key in request.GET) and not request.GET.get("q"):
            query = request.GET.copy()
            query["date__year"] = str(timezone.localdate().year)
            request.GET = query
        return super().changelist_view(request, extra_context)

    def has_change_permission(self, request, obj=None):
        # A day is added or removed, never edited, so every change moves the deadlines it should.
        return False if obj is not None else super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change):
        calendar_day, request.calendar_change = services.add_calendar_day(
            jurisdiction=obj.jurisdiction,
            day=obj.date,
            kind=obj.kind,
            name=obj.name,
            name_zh=obj.name_zh,
            source=obj.source,
            by=request.user,
            now=timezone.now(),
        )
        obj.pk = calendar_day.pk

    def delete_model(self, request, obj):
        request.calendar_change = services.remove_calendar_day(obj, by=request.user, now=timezone.now())

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(request, gettext("The day is on the calendar. The open deadlines it affects move now."))
        return self._to_the_change(request)

    def response_delete(self, request, obj_display, obj_id):
        moving_back = gettext("The day is off the calendar. The open deadlines it affected move back now.")
        self.message_user(request, moving_back)
        return self._to_the_change(request)

    def _to_the_change(self, request):
        """The change's page, which shows the deadlines moving and then which cases moved."""
        return HttpResponseRedirect(progress_url(request.calendar_change))
