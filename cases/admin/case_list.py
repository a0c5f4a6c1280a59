"""The case list: its columns, filters, search and the actions it offers on many cases at once,
and its export to CSV."""

from django.contrib import admin, messages
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from cases import services
from cases.admin.filters import (
    CalendarChangeFilter,
    DeadlineFilter,
    MyCasesFilter,
    OfficerFilter,
    OpenFilter,
    OrganisationFilter,
    ReceivedInYearFilter,
)
from cases.admin.reassign import ReassignCases
from cases.export import case_list_csv
from cases.identity import can_see_identity
from cases.listing import MOST_URGENT_FIRST, next_deadline_html
from cases.models import Confidentiality
from cases.search import found_by, search_words
from dpa.checked_admin import UnusableQuery, error_text
from dpa.counting import EstimatingPaginator, bound_by, bound_of
from dpa.people import staff_name


class CaseListScreens(ReassignCases):
    """Columns, filters, search and bulk actions of the case list, mixed into ``CaseAdmin``.

    The columns fit a 1,366-pixel screen beside the filters, in English and in Chinese: the kind is
    in the reference's prefix, the team and the confidentiality are filters, and a restricted case
    says so under its reference.
    """

    list_display = [
        "case_summary",
        "status",
        "officer",
        "next_deadline",
        "organisation_column",
        "complainant_identity",
        "received",
    ]
    list_display_links = ["case_summary"]
    list_filter = [
        # Shown only while in use, and then first: the lists reached from an organisation's page
        # and from a calendar change's.
        OrganisationFilter,
        CalendarChangeFilter,
        MyCasesFilter,
        OpenFilter,
        DeadlineFilter,
        "kind",
        "status",
        ("assigned_officer", OfficerFilter),
        "team",
        "organisation__sector",
        "confidentiality",
        "received_on",
        ReceivedInYearFilter,
    ]
    list_select_related = ["organisation", "assigned_officer", "complainant"]
    list_per_page = 50
    # Counting a million cases takes longer than showing fifty of them: a long list shows
    # PostgreSQL's estimate (``dpa.counting``, ``get_paginator``), and the unfiltered total is not
    # counted at all.
    show_full_result_count = False
    actions = ["assign_to_me", "reassign"]
    base_search_fields = ["reference", "title", "organisation__name", "organisation__name_zh", "organisation__aliases"]
    identity_search_fields = ["complainant__name", "complainant__name_zh", "complainant__email"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_next_deadline()

    def get_search_fields(self, request):
        if can_see_identity(request.user):
            return [*self.base_search_fields, *self.identity_search_fields]
        return self.base_search_fields

    def get_search_results(self, request, queryset, search_term):
        """Django's search (each word in one of the search fields, quoted phrases kept whole), asked
        of each table's trigram indexes on PostgreSQL rather than as one condition across three
        joined tables that no index can answer (``cases.search``)."""
        identity = can_see_identity(request.user)
        for word in search_words(search_term):
            condition, expected = found_by(word, identity=identity)
            queryset = queryset.filter(condition)
            # The planner reads the walked form's sets as matching half the table; the count takes
            # the word's own estimate as its bound.
            bound_by(request, expected)
        return queryset, False

    def get_paginator(self, request, queryset, per_page, orphans=0, allow_empty_first_page=True):
        if getattr(request, "exporting", False):
            # Every row is read anyway; an estimate would save nothing.
            return super().get_paginator(request, queryset, per_page, orphans, allow_empty_first_page)
        return EstimatingPaginator(
            queryset,
            per_page,
            orphans,
            allow_empty_first_page,
            at_most=bound_of(request),
            rows_of=lambda keys: self.get_queryset(request).filter(pk__in=keys).order_by(*queryset.query.order_by),
        )

    def get_urls(self):
        export = self.admin_site.admin_view(require_GET(self.export_view))
        return [path("export/", export, name="cases_case_export"), *super().get_urls()]

    # --- columns ---------------------------------------------------------------------------------

    @admin.display(description=_("case"), ordering="reference")
    def case_summary(self, case):
        restricted = ""
        if case.confidentiality == Confidentiality.RESTRICTED:
            restricted = format_html(' <span class="case-restricted">{}</span>', gettext("restricted"))
        return format_html(
            '<span class="case-reference">{}</span>{}<br><span class="case-title">{}</span>',
            case.reference,
            restricted,
            case.title,
        )

    @admin.display(description=_("officer"), ordering="assigned_officer__first_name")
    def officer(self, case):
        return "—" if case.assigned_officer is None else staff_name(case.assigned_officer)

    @admin.display(description=_("next deadline"), ordering=MOST_URGENT_FIRST)
    def next_deadline(self, case):
        return next_deadline_html(case.next_due_at, timezone.now())

    @admin.display(description=_("organisation"), ordering="organisation__name")
    def organisation_column(self, case):
        return "—" if case.organisation is None else str(case.organisation)

    @admin.display(description=_("received"), ordering="received_on")
    def received(self, case):
        return date_format(case.received_on, "SHORT_DATE_FORMAT")

    # --- export ----------------------------------------------------------------------------------

    def export_view(self, request):
        """The rows the list shows with the same filters and search, every page of them, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        # Every page: the export never stops at the page the list was on.
        request.GET = request.GET.copy()
        request.GET.pop(PAGE_VAR, None)
        request.exporting = True
        try:
            changelist = self.get_changelist_instance(request)
        except UnusableQuery as refusal:
            return self.unusable_query_response(request, refusal, title=gettext("This list cannot be exported"))
        return case_list_csv(changelist.queryset, request=request, now=timezone.now())

    # --- actions ---------------------------------------------------------------------------------

    @admin.action(description=_("Assign selected cases to me"), permissions=["change"])
    def assign_to_me(self, request, queryset):
        taken, refused = [], []
        now = timezone.now()
        for case in queryset:
            try:
                services.assign_case(case, officer=request.user, by=request.user, now=now)
                taken.append(case.reference)
            except (ValidationError, PermissionDenied) as error:
                refused.append(f"{case.reference}: {error_text(error)}")
        if taken:
            self.message_user(request, gettext("Assigned to you: %(refs)s.") % {"refs": ", ".join(taken)})
        for line in refused:
            self.message_user(request, line, messages.ERROR)
