"""Every named page of the admin site with real object ids filled in, for checks that apply to all."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType

from cases.models import CalendarChange
from tests.helpers.admin_probe import admin_routes

MISSING = "0"  # an object id that finds nothing, for a model with no row


def _first_pk(model) -> str:
    first = model._default_manager.order_by("pk").first() if model else None
    return str(first.pk) if first else MISSING


def admin_pages() -> list[tuple[str, str]]:
    """(URL name, URL) for every named admin URL pattern, filled in with the first row of its model
    where it takes an object id and a placeholder for any other argument. The app index comes once
    per app; pages such as "assign to me" that only accept POST are included all the same."""
    app_labels = sorted({model._meta.app_label for model in admin.site._registry})
    some_model = next(model for model in admin.site._registry if model._default_manager.exists())
    pages = []
    for route in admin_routes():
        name = route.pattern.name
        if name is None:  # the bare "<id>/" redirect and the catch-all
            continue
        model = route.model_admin.model if route.model_admin else some_model
        values = {
            "object_id": _first_pk(model),
            "id": _first_pk(model),
            "version_id": "1",
            "clock_id": "1",
            "change_id": _first_pk(CalendarChange),
            "action": "x",
            "status": "x",
            "content_type_id": str(ContentType.objects.get_for_model(some_model).pk),
        }
        labels = app_labels if "app_label" in route.arguments else [None]
        pages += [(name, route.url({**values, "app_label": label})) for label in labels]
    return pages
