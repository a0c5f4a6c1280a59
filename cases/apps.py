from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "cases"
    verbose_name = _("Casework")

    def ready(self):
        # Registers how the OpenAPI schema describes the partners' authentication.
        from cases.api import schema  # noqa: F401
