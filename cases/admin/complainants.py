"""Complainants and the log of who was shown their identity."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from cases.admin.base import CaseworkAdmin, HistoryAdmin
from cases.identity import IdentityDisclosure, can_see_identity, record_disclosures
from cases.models import (
    AccessContext,
    Complainant,
    IdentityAccess,
)


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

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        self._record_page_view(request, object_id, response)
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        self._record_page_view(request, object_id, response)
        return response

    def _record_page_view(self, request, object_id, response):
        if response.status_code != 200:
            return
        IdentityDisclosure.for_request(request, AccessContext.COMPLAINANT_PAGE).add(unquote(object_id))
        if hasattr(response, "add_post_render_callback") and not response.is_rendered:
            response.add_post_render_callback(lambda r: record_disclosures(request))
        else:
            record_disclosures(request)

    @admin.display(description=_("identity"))
    def identity_column(self, complainant):
        return complainant.identity

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        if hasattr(response, "context_data") and "cl" in response.context_data:
            disclosure = IdentityDisclosure.for_request(request, AccessContext.COMPLAINANT_LIST)
            disclosure.extend(obj.pk for obj in response.context_data["cl"].result_list)
            response.add_post_render_callback(lambda r: record_disclosures(request))
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        self._record_page_view(request, object_id, response)
        return response


@admin.register(IdentityAccess)
class IdentityAccessAdmin(CaseworkAdmin):
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
