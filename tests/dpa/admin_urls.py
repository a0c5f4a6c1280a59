"""Every page of the admin site, found from its URL patterns rather than listed by hand."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import URLResolver, reverse
from django.urls.converters import IntConverter
from django.urls.resolvers import RegexPattern

MISSING = "0"  # an object id that finds nothing, for a model with no row


def _named_patterns(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _named_patterns(pattern.url_patterns)
        elif pattern.name:
            yield pattern


def _model_of(url_name: str):
    for model in admin.site._registry:
        if url_name.startswith(f"{model._meta.app_label}_{model._meta.model_name}_"):
            return model
    return None


def _first_pk(model) -> str:
    first = model._default_manager.order_by("pk").first() if model else None
    return str(first.pk) if first else MISSING


def admin_pages() -> list[tuple[str, str]]:
    """(URL name, URL) for every named admin URL pattern, filled in with real object ids where it takes
    one (the model's first row) and a placeholder for any other argument. The app index comes once per
    app; pages such as "assign to me" that only accept POST are included all the same."""
    app_labels = sorted({model._meta.app_label for model in admin.site._registry})
    some_model = next(model for model in admin.site._registry if model._default_manager.exists())
    pages = []
    for pattern in _named_patterns(admin.site.get_urls()):
        name, model = pattern.name, _model_of(pattern.name)
        if name == "app_list":
            pages += [(name, reverse("admin:app_list", kwargs={"app_label": label})) for label in app_labels]
            continue
        if name == "view_on_site":
            content_type = ContentType.objects.get_for_model(some_model)
            kwargs = {"content_type_id": content_type.pk, "object_id": _first_pk(some_model)}
            pages.append((name, reverse("admin:view_on_site", kwargs=kwargs)))
            continue
        if isinstance(pattern.pattern, RegexPattern):  # e.g. simple-history's (object id, history id)
            args = [_first_pk(model), *["1"] * (pattern.pattern.regex.groups - 1)]
            pages.append((name, reverse(f"admin:{name}", args=args)))
            continue
        kwargs = {}
        for argument, converter in pattern.pattern.converters.items():
            if argument in ("object_id", "id"):
                kwargs[argument] = _first_pk(model)
            else:
                kwargs[argument] = "1" if isinstance(converter, IntConverter) else "x"
        pages.append((name, reverse(f"admin:{name}", kwargs=kwargs)))
    return pages
