"""Every URL the admin has, for every role, with the ids of things that role must not see and with
malformed ids: no page gives them away and none fails with a server error.

The URLs come from the resolver (``admin_probe.admin_routes``), so a screen added later is probed
too; an argument this test does not know how to fill fails the test until it is taught.
"""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory

from cases.models import CalendarChange, Case, Complainant, IdentityAccess
from tests.helpers.admin_probe import admin_routes
from tests.helpers.probe_rows import ENQUIRY_SECRETS

pytestmark = pytest.mark.django_db

MALFORMED = ["abc", "-1", "0", "1.5", "99999999999999999999", "1e3", "\x00", "%", "..%2F"]


def _refusal(route, user, *, followed: bool) -> int:
    """The one answer a route gives a user for an id they may not have, whatever the id.

    Not signed in: the sign-in page. A button that is only ever posted: 405. A screen the role
    may not use at all: 403, before any id is looked at. Otherwise the id is simply not found: 404.
    "<id>/" only sends on to the change page, unless the probe follows it there.
    """
    if user is None:
        return 302
    name = route.pattern.name or ""
    if not name and not followed:
        return 302
    if name.endswith("_assign_to_me"):
        return 405
    request = RequestFactory().get("/")
    request.user = user
    model_admin = route.model_admin
    if model_admin is not None:
        allowed = model_admin.has_delete_permission if name.endswith("_delete") else model_admin.has_view_permission
        if not allowed(request):
            return 403
    return 404


ID_ARGUMENTS = {"object_id", "id", "version_id", "clock_id", "content_type_id", "change_id"}


def _answer_to_a_malformed_id(route, user, argument: str, bad: str) -> int:
    """A clock's id is a whole number in the URL pattern: anything else matches no clock page and
    falls through to the "<id>/" redirect, and a number no clock has is not found. No row has a
    content type that is not a number, nor a calendar change. Any other id is refused as one the
    user may not have."""
    if argument == "clock_id" and user is not None:
        return 404 if bad.isdigit() else 302
    if argument == "content_type_id" and user is not None:
        return 404
    if argument == "change_id" and user is not None:
        # Starting a change again is a POST; the page of a change with no such id is not found.
        return 405 if route.pattern.name.endswith("_start_again") else 404
    return _refusal(route, user, followed=False)


def _secrets_of_the_restricted_case(restricted: Case) -> list[str]:
    person = restricted.complainant
    return [
        restricted.reference,
        restricted.title,
        "Spoke to the clinic's privacy officer",
        "clinic-minutes.txt",
        person.name,
        person.email,
        person.file_number,
    ]


def _hidden_ids(restricted: Case) -> dict[str, dict[str, object]]:
    """For each model with a row tied to the restricted case: the ids to put in its URLs."""
    person = restricted.complainant
    access = IdentityAccess.objects.get(complainant=person)
    return {
        "cases.case": {
            "object_id": restricted.pk,
            "version_id": restricted.history.order_by("history_id").first().history_id,
            "clock_id": restricted.clocks.first().pk,
        },
        "cases.complainant": {
            "object_id": person.pk,
            "version_id": person.history.order_by("history_id").first().history_id,
        },
        "cases.identityaccess": {"object_id": access.pk},
    }


def _fill(route, restricted: Case, hidden: dict[str, object]) -> dict[str, object]:
    """Values for every argument of a route, the hidden ids first; other models get a real row."""
    model = route.model_admin.model if route.model_admin else None
    first = model._default_manager.order_by("pk").first() if model else None
    defaults = {
        "object_id": first.pk if first else 1,
        "id": first.pk if first else 1,
        "version_id": 1,
        "clock_id": 1,
        "change_id": CalendarChange.objects.order_by("pk").values_list("pk", flat=True).first() or 1,
        "action": "meet",
        "status": "screening",
        "app_label": "cases",
        "content_type_id": ContentType.objects.get_for_model(Case).pk,
        "url": f"cases/case/{restricted.pk}/elsewhere/",
    }
    if route.pattern.name == "view_on_site":
        defaults["object_id"] = restricted.pk
    values = {**defaults, **hidden}
    unknown = set(route.arguments) - set(values)
    assert not unknown, f"teach this test how to fill {sorted(unknown)} in {route}"
    return {name: values[name] for name in route.arguments}


@pytest.mark.parametrize("who", ["colleague", "auditor", "editor", "anonymous"])
def test_no_admin_page_reveals_a_restricted_case_or_its_complainant(client, probe_world, auditor, editor, who):
    user = {"colleague": probe_world["colleague"], "auditor": auditor, "editor": editor, "anonymous": None}[who]
    if user is not None:
        client.force_login(user)
    restricted = probe_world["restricted"]
    secrets = _secrets_of_the_restricted_case(restricted)
    if who in ("auditor", "editor", "anonymous"):
        secrets += ["Lam Siu Ming", "lam.siuming@visible.example"]
    secrets += ENQUIRY_SECRETS
    hidden_by_model = {**_hidden_ids(restricted), **probe_world["behind"]}
    probed = 0

    for route in admin_routes():
        label = route.model_admin.opts.label_lower if route.model_admin else None
        hidden = hidden_by_model.get(label, {}) if route.arguments else {}
        page = route.url(_fill(route, restricted, hidden))
        urls = {page: ""}
        if route.pattern.name and route.pattern.name.endswith("_changelist"):
            # A search page shows the words searched for, and nothing else of what it found.
            urls |= {f"{page}?q={term}": term for term in (restricted.reference, "Ho Ka Yan", "Harbourside")}
        for url, searched in urls.items():
            response = client.get(url)
            probed += 1
            if response.status_code == 302 and not response["Location"].startswith("/admin/login/"):
                # e.g. "/admin/cases/case/<id>/" sends on to the change page: judge where it leads.
                response = client.get(response["Location"])
            content = b"".join(response.streaming_content) if response.streaming else response.content
            body = content.decode(errors="replace")
            assert response.status_code < 500, url
            shown = [secret for secret in secrets if secret in body and secret != searched]
            assert not shown, f"{who} shown {shown} at {url}"
            if set(hidden) & set(route.arguments):
                expected = _refusal(route, user, followed=True)
                assert response.status_code == expected, f"{who} got {response.status_code} at {url}"

    download = client.get(f"/staff/documents/{restricted.documents.get().pk}/")
    assert download.status_code == (302 if user is None else 404)
    assert b"Minutes." not in b"".join(getattr(download, "streaming_content", [download.content]))
    assert probed > 100


@pytest.mark.parametrize("who", ["superuser", "colleague", "anonymous"])
def test_malformed_ids_in_any_admin_url_are_refused_never_a_server_error(client, probe_world, superuser, who):
    user = {"superuser": superuser, "colleague": probe_world["colleague"], "anonymous": None}[who]
    if user is not None:
        client.force_login(user)
    restricted = probe_world["restricted"]
    probed = 0

    for route in admin_routes():
        values = _fill(route, restricted, {})
        for argument in set(route.arguments) & ID_ARGUMENTS:
            for bad in MALFORMED:
                url = route.url({**values, argument: bad})
                response = client.get(url)
                probed += 1
                expected = _answer_to_a_malformed_id(route, user, argument, bad)
                assert response.status_code == expected, f"{response.status_code} at {url}"
                if user is None:
                    assert response["Location"].startswith("/admin/login/"), url

    assert probed > 100
    assert Complainant.objects.count() == 2
