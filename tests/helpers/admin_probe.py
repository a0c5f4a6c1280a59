"""Every URL pattern of the admin, read from the resolver and filled in with chosen ids, so that a
screen added later is probed too; and the enquiry, letters and reminder the probes put behind a
restricted case."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib import admin
from django.urls import URLPattern, URLResolver
from django.urls.resolvers import RoutePattern

from cases.models import Clock, ClockRule, DeliveryState, Enquiry, Letter, LetterKind, Reminder, ReminderKind

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


# What the probes put behind the restricted case besides the case itself: words that must never
# show to those who cannot see the case.
ENQUIRY_SECRETS = ["Patient records in the clinic's chat group", "dpo@harbourside-clinic.example"]


def enquiry_behind(restricted, *, officer, now) -> dict[str, dict[str, object]]:
    """An enquiry about ``restricted`` to its organisation, sent, with its reply-by clock, the letter
    and a failed reminder, and a letter to the case's complainant, written straight to the database
    (only who may see them matters here). Returns, for each model, the ids to put in its URLs."""
    rule = ClockRule.objects.get(code="hk-enquiry-reply")
    enquiry = Enquiry.objects.create(
        organisation=restricted.organisation,
        officer=officer,
        recipients=ENQUIRY_SECRETS[1],
        language="en",
        subject=ENQUIRY_SECRETS[0],
        questions="1. Who posted the records?",
        rule=rule,
        status=Enquiry.Status.SENT,
        drafted_at=now,
        sent_at=now,
    )
    enquiry.cases.add(restricted)
    clock = Clock.objects.create(enquiry=enquiry, rule=rule, started_at=now, due_at=now)
    letters = [
        Letter(
            kind=kind,
            language="en",
            recipients=to,
            reply_to="enquiries@dpa.example",
            subject=f"{restricted.reference}: {ENQUIRY_SECRETS[0]}",
            body_text=ENQUIRY_SECRETS[0],
            body_html="<p>Letter.</p>",
            message_id=f"<probe-{kind}@dpa.example>",
            sent_at=now,
            **owner,
        )
        for kind, to, owner in [
            (LetterKind.ENQUIRY, ENQUIRY_SECRETS[1], {"enquiry": enquiry}),
            (LetterKind.ACKNOWLEDGEMENT, restricted.complainant.email, {"case": restricted}),
        ]
    ]
    Letter.objects.bulk_create(letters)
    reminder = Reminder.objects.create(
        clock=clock,
        kind=ReminderKind.ORGANISATION_CHASER,
        deadline=now,
        offset_days=-1,
        state=DeliveryState.FAILED,
        attempts=5,
        last_error=f"Refused: {ENQUIRY_SECRETS[1]}",
        created_at=now,
    )
    return {
        "cases.enquiry": {"object_id": enquiry.pk, "version_id": enquiry.history.get().history_id},
        "cases.letter": {"object_id": letters[0].pk},
        "cases.reminder": {"object_id": reminder.pk},
    }
