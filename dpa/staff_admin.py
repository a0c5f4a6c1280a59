"""Admin screens for staff sign-in: users (with a second-factor reset) and failed sign-ins (with unlock)."""

from axes.models import AccessAttempt
from axes.utils import reset as reset_sign_in_attempts
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group
from django.db.models import Exists, F, Max, OuterRef, Sum, Window
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop, ngettext
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from oauth2_provider.models import (
    get_access_token_model,
    get_application_model,
    get_grant_model,
    get_id_token_model,
    get_refresh_token_model,
)

from dpa.checked_admin import CheckedInputAdmin
from dpa.second_factor import reset_second_factor


class StaffUserAdmin(CheckedInputAdmin, UserAdmin):
    """Django's user admin, showing who has set up a second factor, with a reset for administrators."""

    list_display = [*UserAdmin.list_display, "has_second_factor"]
    actions = ["reset_second_factor"]

    def get_queryset(self, request):
        # one EXISTS in the list query rather than a query per row for the second-factor column
        confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
        return super().get_queryset(request).annotate(second_factor=Exists(confirmed))

    @admin.display(boolean=True, description=_("Second factor"), ordering="second_factor")
    def has_second_factor(self, user) -> bool:
        return user.second_factor

    @admin.action(permissions=["change"], description=_("Reset second factor"))
    def reset_second_factor(self, request, queryset) -> None:
        """Remove the selected users' authenticator apps and recovery codes: they set them up again at next sign-in."""
        for user in queryset:
            reset_second_factor(user)
            self.log_change(request, user, gettext("Reset the second factor."))
        count = len(queryset)
        self.message_user(
            request,
            ngettext(
                "The second factor of %(count)d user was reset: they set it up again when they next sign in.",
                "The second factors of %(count)d users were reset: they set them up again when they next sign in.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )


# django-axes ships no Traditional Chinese: its names shown on these screens are in our catalogue.
AXES_TEXTS = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("Username"),
    gettext_noop("IP Address"),
    gettext_noop("User Agent"),
    gettext_noop("Failed Logins"),
    gettext_noop("Attempt Time"),
]


class SignInAttemptAdmin(CheckedInputAdmin):
    """Failed sign-ins still counting towards a lockout, per username and address, with an unlock.

    Team leads and administrators see it (axes.view_accessattempt and axes.delete_accessattempt);
    nobody adds or edits attempts.
    """

    list_display = ["username", "ip_address", "failures", "last_attempt", "locked_until"]
    list_display_links = None
    search_fields = ["username", "ip_address"]
    fields = ["username", "ip_address", "user_agent", "failures_since_start", "attempt_time"]
    readonly_fields = fields
    actions = ["unlock"]

    def get_queryset(self, request):
        # axes counts a username and address together across browsers (one row per user agent)
        pair = [F("username"), F("ip_address")]
        return (
            super()
            .get_queryset(request)
            .filter(attempt_time__gte=timezone.now() - settings.AXES_COOLOFF_TIME)
            .annotate(
                failures=Window(Sum("failures_since_start"), partition_by=pair),
                last_attempt=Window(Max("attempt_time"), partition_by=pair),
            )
        )

    @admin.display(description=_("Failed sign-ins"), ordering="failures")
    def failures(self, attempt: AccessAttempt) -> int:
        return attempt.failures

    @admin.display(description=_("Last attempt"), ordering="last_attempt")
    def last_attempt(self, attempt: AccessAttempt):
        return attempt.last_attempt

    @admin.display(description=_("Locked until"))
    def locked_until(self, attempt: AccessAttempt):
        if attempt.failures < settings.AXES_FAILURE_LIMIT:
            return None
        return attempt.last_attempt + settings.AXES_COOLOFF_TIME

    @admin.action(permissions=["unlock"], description=_("Unlock"))
    def unlock(self, request, queryset) -> None:
        """Forget the failed sign-ins of the selected usernames from the selected addresses."""
        pairs = set(queryset.values_list("username", "ip_address"))
        for username, ip_address in pairs:
            reset_sign_in_attempts(username=username, ip=ip_address)
        self.message_user(
            request,
            ngettext(
                "Unlocked %(count)d sign-in: the user can sign in from that address again.",
                "Unlocked %(count)d sign-ins: the users can sign in from those addresses again.",
                len(pairs),
            )
            % {"count": len(pairs)},
            messages.SUCCESS,
        )

    def _may_unlock(self, request) -> bool:
        return request.user.has_perms(["axes.view_accessattempt", "axes.delete_accessattempt"])

    def has_module_permission(self, request) -> bool:
        return self._may_unlock(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._may_unlock(request)

    def has_unlock_permission(self, request) -> bool:
        return self._may_unlock(request)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class StaffGroupAdmin(CheckedInputAdmin, GroupAdmin):
    """Django's group admin, with bad input refused like on every other screen."""


def register_staff_admin(site: admin.AdminSite) -> None:
    """Put our user and sign-in screens on the site, in place of those of Django and django-otp, and
    take django-oauth-toolkit's off it: partners' clients are managed from their partner's page, and
    tokens and hashed secrets are nothing for staff to browse or edit."""
    user_model = get_user_model()
    oauth_models = [get_application_model(), get_access_token_model(), get_refresh_token_model()]
    oauth_models += [get_grant_model(), get_id_token_model()]
    for model in (user_model, Group, TOTPDevice, StaticDevice, *oauth_models):
        if site.is_registered(model):
            site.unregister(model)
    site.register(user_model, StaffUserAdmin)
    site.register(Group, StaffGroupAdmin)
    site.register(AccessAttempt, SignInAttemptAdmin)
