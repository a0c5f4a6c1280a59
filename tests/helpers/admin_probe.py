"""Every URL pattern of the admin, read from the resolver and filled in with chosen ids, so that a
screen added later is probed too."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib import admin
from django.urls import URLPattern, URLResolver
from django.urls.resolvers import RoutePattern

# simple-history's version page is a regex with two unnamed groups: the object and the version.
UNNAMED_GROUPS = ["object_id", "version_id"]
GROUP = re.compile(r"\((?:\?P<(?P<name>\w+)>)?(?:[^()]|\([^()]*\))*\)")
CONVERTER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")


@dataclass(frozen=True)
class AdminRoute:
    """One URL pattern of the admin site, with the model admin it belongs to (None: the site's own)."""

    prefix: str
    pattern: URLPattern
    model_admin: admin.ModelAdmin | None

    @property
    def arguments(self) -> list[str]:
        if isinstance(self.pattern.pattern, RoutePattern):
            return [match["name"] for match in CONVERTER.finditer(str(self.pattern.pattern))]
        names, unnamed = [], iter(UNNAMED_GROUPS)
        for match in GROUP.finditer(self.pattern.pattern.regex.pattern):
            names.append(match["name"] or next(unnamed))
        return names

    def url(self, values: dict[str, str]) -> str:
        """The path with each argument replaced by ``values[name]``, quoted as a browser would."""
        missing = set(self.arguments) - set(values)
        if missing:
            raise KeyError(f"no value for {sorted(missing)} in {self}")
        if isinstance(self.pattern.pattern, RoutePattern):
            path = CONVERTER.sub(lambda match: quote(str(values[match["name"]]), safe=""), str(self.pattern.pattern))
        else:
            unnamed = iter(UNNAMED_GROUPS)
            path = GROUP.sub(
                lambda match: quote(str(values[match["name"] or next(unnamed)]), safe=""),
                self.pattern.pattern.regex.pattern,
            ).strip("^$")
        return self.prefix + path

    def __str__(self) -> str:
        model = self.model_admin.opts.label if self.model_admin else "site"
        return f"{model} {self.pattern.pattern} ({self.pattern.name})"


def admin_routes(site=admin.site) -> Iterator[AdminRoute]:
    """Every URL pattern of the admin site, read from the resolver."""
    by_prefix = {f"{model._meta.app_label}/{model._meta.model_name}/": each for model, each in site._registry.items()}

    def walk(patterns, prefix, model_admin):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                route = str(pattern.pattern)
                yield from walk(pattern.url_patterns, prefix + route, by_prefix.get(route, model_admin))
            else:
                yield AdminRoute(prefix, pattern, model_admin)

    yield from walk(site.get_urls(), "/admin/", None)
