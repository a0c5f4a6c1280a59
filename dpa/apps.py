from axes.apps import AppConfig as AxesConfig
from django.contrib.admin.apps import AdminConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class DpaAdminConfig(AdminConfig):
    default_site = "dpa.admin.DpaAdminSite"

    def ready(self):
        super().ready()
        from dpa.checks import secret_key_is_set
        from dpa.staff_admin import register_staff_admin

        checks.register(secret_key_is_set, checks.Tags.security, deploy=True)
        # After autodiscovery, so that ours replace what django.contrib.auth and django-otp registered.
        register_staff_admin(self.module.site)


class SignInProtectionConfig(AxesConfig):
    """django-axes, under a name staff understand on the admin home page."""

    verbose_name = _("Sign-in protection")
