from django.conf import settings
from django.core.checks import Error
from django.core.exceptions import ImproperlyConfigured


def secret_key_is_set(app_configs, **kwargs) -> list[Error]:
    try:
        settings.SECRET_KEY  # noqa: B018 - reading it is the check: Django refuses an empty key
    except ImproperlyConfigured:
        return [
            Error(
                "DJANGO_SECRET_KEY is not set.",
                hint="Set DJANGO_SECRET_KEY, or DJANGO_DEBUG=1 for local use.",
                id="dpa.E001",
            )
        ]
    return []
