"""Complainants and the log of who was shown their identity."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.identity import can_see_identity, record_shown_identities
from cases.models import (
    AccessContext,
    Complainant,
    IdentityAccess,
)
from dpa.admin_base import HistoryAdmin, StaffModelAdmin


@admin.register(Complainant)
class ComplainantAdmin(HistoryAdmin):
    """The people themselves: only staff allowed to see identities get this screen at all."""

    list_display = ["__str__", "identity_column", "email", "created_at"]
    search_fields = ["name", "name_zh", "email", "phone"]

    def _allowed(self, request) -> bool:
        return can_see_identity(request.user)

    def has_view_permission(self, request, obj=None):
        return self._allowed(request) and super().has_view_permission(request, obj)

    def has_add_permission(self, request):
        return self._allowed(request) and super().has_add_permission(request)

    def has_change_permission(self, request, obj=None):
        return self._allowed(request) and super().has_change_permission(request, obj)

    def has_module_permission(self, request):
        return self._allowed(request) and super().has_module_permission(request)

    # Every page of this screen shows the person's identity, and the list every one on it.

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        return self._record_shown(request, response, object_id)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        return self._record_shown(request, response, object_id)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        return self._record_shown(request, response, object_id)

    def _record_shown(self, request, response, object_id):
        return record_shown_identities(request, response, AccessContext.COMPLAINANT_PAGE, [(unquote(object_id), None)])

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        listed = (getattr(response, "context_data", None) or {}).get("cl")
        shown = [(complainant.pk, None) for complainant in listed.result_list] if listed else []
        return record_shown_identities(request, response, AccessContext.COMPLAINANT_LIST, shown)

    @admin.display(description=_("identity"))
    def identity_column(self, complainant):
        return complainant.identity


@admin.register(IdentityAccess)
class IdentityAccessAdmin(StaffModelAdmin):
    """Who was shown whose identity, where and when; searchable by complainant file number."""

    list_display = ["accessed_at", "user", "complainant", "case_link", "context", "path"]
    list_filter = [("accessed_at", admin.DateFieldListFilter), "context", ("user", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["user", "complainant", "case"]
    date_hierarchy = "accessed_at"
    search_fields = ["user__username", "user__first_name", "user__last_name", "case__reference"]
    search_help_text = _("A complainant's file number (P-000123), a member of staff or a case reference.")

    def get_search_results(self, request, queryset, search_term):
        complainant_id = Complainant.id_from_file_number(search_term)
        if complainant_id is not None:
            return queryset.filter(complainant_id=complainant_id), False
        return super().get_search_results(request, queryset, search_term)

    @admin.display(description=_("case"), ordering="case__reference")
    def case_link(self, access):
        if access.case_id is None:
            return "—"
        url = reverse("admin:cases_case_change", args=[access.case_id])
        return format_html('<a href="{}">{}</a>', url, access.case.reference)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
