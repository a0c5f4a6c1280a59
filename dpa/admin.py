from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth import get_user_model
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from cases import permissions
from cases.identity import IdentityDisclosure, record_disclosures
from cases.models import AccessContext, Case, Complainant
from dpa import views
from dpa.forms import LoginForm
from dpa.home import home_context


class CaseworkAutocompleteView(AutocompleteJsonView):
    """Look-ups for case forms: team leads may find officers to assign without managing users,
    and a complainant's identity is shown, and recorded, only for staff allowed to see it."""

    def has_perm(self, request, obj=None):
        if self.source_field.model is Case and self.source_field.name == "assigned_officer":
            return permissions.can_assign(request.user)
        return super().has_perm(request, obj)

    def get(self, request, *args, **kwargs):
        self.disclosure = IdentityDisclosure.for_request(request, AccessContext.COMPLAINANT_SEARCH)
        response = super().get(request, *args, **kwargs)
        record_disclosures(request)
        return response

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        if isinstance(obj, get_user_model()) and obj.get_full_name():
            result["text"] = f"{obj.get_full_name()} ({obj.get_username()})"
        if isinstance(obj, Complainant) and self.disclosure.allowed:
            self.disclosure.add(obj.pk)
            result["text"] = f"{obj.identity} ({obj.file_number})"
        return result


class DpaAdminSite(admin.AdminSite):
    site_header = _("Data protection authority: casework")
    site_title = _("DPA casework")
    index_title = _("Home")
    site_url = None
    login_form = LoginForm

    def has_permission(self, request):
        """Active staff who, where the second factor is required, gave it when they signed in."""
        verified = not settings.SECOND_FACTOR_REQUIRED or request.user.is_verified()
        return super().has_permission(request) and verified

    def get_urls(self):
        # Not behind admin_view: it is where staff go before they may see any other admin page.
        second_factor = staff_member_required(never_cache(self.second_factor_view), login_url="admin:login")
        return [path("second-factor/", second_factor, name="second_factor"), *super().get_urls()]

    def second_factor_view(self, request):
        return views.second_factor(request, site=self)

    def autocomplete_view(self, request):
        return CaseworkAutocompleteView.as_view(admin_site=self)(request)

    def index(self, request, extra_context=None):
        context = {**home_context(request.user, now=timezone.now()), **(extra_context or {})}
        return super().index(request, context)
