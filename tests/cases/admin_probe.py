"""Tools for probing the admin as an outsider would: every URL it has, filled in with chosen ids,
and every form on a page submitted as a browser would submit it."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
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


class _FormReader(HTMLParser):
    """Reads the fields of the forms on a page the way a browser would submit them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._select: str | None = None
        self._select_first: str | None = None
        self._select_chosen = False
        self._select_multiple = False
        self._textarea: str | None = None

    @property
    def _fields(self) -> dict | None:
        return self.forms[-1]["fields"] if self.forms else None

    def _add(self, name: str, value: str) -> None:
        if self._fields is not None and name:
            self._fields.setdefault(name, []).append(value)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({"action": attrs.get("action", ""), "method": attrs.get("method", "get"), "fields": {}})
        elif tag == "input":
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "reset", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self._add(attrs.get("name", ""), attrs.get("value", "on" if kind == "checkbox" else ""))
        elif tag == "select":
            self._select, self._select_chosen, self._select_first = attrs.get("name", ""), False, None
            self._select_multiple = "multiple" in attrs
        elif tag == "option" and self._select is not None:
            if self._select_first is None:
                self._select_first = attrs.get("value", "")
            if "selected" in attrs:
                self._select_chosen = True
                self._add(self._select, attrs.get("value", ""))
        elif tag == "textarea":
            self._textarea = attrs.get("name", "")
            self._add(self._textarea, "")

    def handle_data(self, data):
        if self._textarea is not None and self._fields is not None:
            values = self._fields[self._textarea]
            values[-1] += data

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            # A single choice with none marked sends its first option, as a browser does.
            if not self._select_chosen and not self._select_multiple and self._select_first is not None:
                self._add(self._select, self._select_first)
            self._select = None


def forms_on(html: str) -> list[dict]:
    """The forms of a page: action, method and the fields a plain submit would send."""
    reader = _FormReader()
    reader.feed(html)
    for form in reader.forms:
        form["fields"] = {name: values if len(values) > 1 else values[0] for name, values in form["fields"].items()}
    return reader.forms


def case_change_form(case) -> dict:
    """What the case page's form posts when nothing on it is changed (no inline rows, no new document)."""
    return {
        "title": case.title,
        "description": case.description,
        "channel": case.channel,
        "language": case.language,
        "received_on": case.received_on.isoformat(),
        "organisation": case.organisation_id or "",
        "complainant": case.complainant_id or "",
        "team": "",
        "confidentiality": case.confidentiality,
        **{
            f"{prefix}-{suffix}": value
            for prefix in ("clocks", "events", "documents", "documents-2")
            for suffix, value in (("TOTAL_FORMS", "0"), ("INITIAL_FORMS", "0"))
        },
    }
