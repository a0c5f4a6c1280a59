from django.contrib.admin.apps import AdminConfig
from django.core import checks


class DpaAdminConfig(AdminConfig):
    default_site = "dpa.admin.DpaAdminSite"

    def ready(self):
        super().ready()
        from dpa.checks import secret_key_is_set

        checks.register(secret_key_is_set, checks.Tags.security, deploy=True)
