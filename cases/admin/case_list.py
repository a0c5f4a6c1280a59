"""The case list: its columns, filters, search and the actions it offers on many cases at once."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.admin.checked import error_text
from cases.admin.filters import DeadlineFilter, MyCasesFilter
from cases.identity import can_see_identity, record_disclosures
from cases.models import AccessContext


class CaseListScreens:
    """Columns, filters, search and bulk actions of the case list, mixed into ``CaseAdmin``."""

    list_display = [
        "reference",
        "title",
        "kind",
        "status",
        "organisation",
        "assigned_officer",
        "team",
        "received_on",
        "confidentiality",
    ]
    list_display_links = ["reference", "title"]
    list_filter = [
        MyCasesFilter,
        DeadlineFilter,
        "kind",
        "status",
        ("assigned_officer", admin.RelatedOnlyFieldListFilter),
        "team",
        "organisation__sector",
        "confidentiality",
        "received_on",
    ]
    list_select_related = ["organisation", "assigned_officer", "team", "complainant"]
    list_per_page = 50
    date_hierarchy = "received_on"
    actions = ["assign_to_me"]
    base_search_fields = ["reference", "title", "organisation__name", "organisation__name_zh", "organisation__aliases"]
    identity_search_fields = ["complainant__name", "complainant__name_zh", "complainant__email"]

    def get_search_fields(self, request):
        if can_see_identity(request.user):
            return [*self.base_search_fields, *self.identity_search_fields]
        return self.base_search_fields

    def get_list_display(self, request):
        columns = list(self.list_display)
        columns.insert(5, self._complainant_column(request, AccessContext.CASE_LIST))
        return columns

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "add_post_render_callback"):
            response.add_post_render_callback(lambda r: record_disclosures(request))
        return response

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
