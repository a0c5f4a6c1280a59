"""Every admin URL of enquiries, letters and reminders, and the case page's letter writing, probed by
every role with the ids of rows behind a restricted case and with malformed ids: none gives the rows
away and none fails with a server error. The routes come from the resolver, so a page added to these
screens later is probed too."""

import pytest
from django.test import RequestFactory

from cases.models import DeliveryState, Enquiry, Letter, Reminder
from tests.helpers.admin_probe import admin_routes
from tests.helpers.probe_rows import ENQUIRY_SECRETS

pytestmark = pytest.mark.django_db

MODELS = {"cases.enquiry", "cases.letter", "cases.reminder"}
# The case page's own pages for letters and enquiries.
CASE_PAGES = {"cases_case_letter"}
MALFORMED = ["abc", "-1", "0", "1.5", "99999999999999999999", "\x00", "%"]


def _routes():
    for route in admin_routes():
        label = route.model_admin.opts.label_lower if route.model_admin else None
        if label in MODELS or route.pattern.name in CASE_PAGES:
            yield label, route


def _expected(route, user) -> int:
    """Not signed in: the sign-in page; a role that may not use the screen: 403; else not found.
    "<id>/" only sends on to the change page."""
    if user is None or route.pattern.name is None:
        return 302
    request = RequestFactory().get("/")
    request.user = user
    model_admin = route.model_admin
    allowed = (
        model_admin.has_delete_permission if route.pattern.name.endswith("_delete") else model_admin.has_view_permission
    )
    return 404 if allowed(request) else 403


@pytest.fixture
def hidden(probe_world):
    return probe_world["behind"]


@pytest.mark.parametrize("who", ["colleague", "auditor", "editor", "anonymous"])
def test_no_enquiry_letter_or_reminder_page_reveals_what_is_behind_a_restricted_case(
    client, probe_world, hidden, auditor, editor, who
):
    user = {"colleague": probe_world["colleague"], "auditor": auditor, "editor": editor, "anonymous": None}[who]
    if user is not None:
        client.force_login(user)
    restricted = probe_world["restricted"]
    secrets = [*ENQUIRY_SECRETS, restricted.reference, restricted.complainant.name, restricted.complainant.email]
    probed = set()

    for label, route in _routes():
        values = {"object_id": restricted.pk, **hidden.get(label, {})}
        url = route.url({name: values[name] for name in route.arguments})
        urls = {url: ""}
        if (route.pattern.name or "").endswith("_changelist"):
            # A search page shows the words searched for, and nothing else of what it found.
            urls[f"{url}?q={restricted.reference}"] = restricted.reference
        for each, searched in urls.items():
            response = client.get(each)
            body = response.content.decode(errors="replace")
            assert not [secret for secret in secrets if secret in body and secret != searched], f"{who} at {each}"
            if route.arguments:
                assert response.status_code == _expected(route, user), f"{who} got {response.status_code} at {each}"
            else:
                assert response.status_code in (200, 302, 403), each
            probed.add(route.pattern.name)

    assert {
        "cases_enquiry_change",
        "cases_enquiry_send",
        "cases_enquiry_reply",
        "cases_enquiry_extend",
        "cases_enquiry_withdraw",
        "cases_letter_change",
        "cases_reminder_change",
        "cases_reminder_retry",
        "cases_case_letter",
    } <= probed


def test_posting_to_the_buttons_of_a_hidden_enquiry_or_reminder_is_not_found_and_changes_nothing(
    client, probe_world, hidden
):
    client.force_login(probe_world["colleague"])
    enquiry, reminder = hidden["cases.enquiry"]["object_id"], hidden["cases.reminder"]["object_id"]
    posts = {
        f"/admin/cases/enquiry/{enquiry}/withdraw/": {"reason": "Probe"},
        f"/admin/cases/enquiry/{enquiry}/extend/": {"until": "2026-12-31", "reason": "Probe"},
        f"/admin/cases/reminder/{reminder}/retry/": {},
        f"/admin/cases/case/{probe_world['restricted'].pk}/letter/": {"kind": "acknowledgement", "_send": "1"},
    }

    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url

    assert Enquiry.objects.get(pk=enquiry).status == Enquiry.Status.SENT
    assert Reminder.objects.get(pk=reminder).state == DeliveryState.FAILED
    assert Letter.objects.count() == 2


@pytest.mark.parametrize("who", ["superuser", "colleague", "anonymous"])
def test_malformed_ids_in_enquiry_letter_and_reminder_urls_are_refused_never_a_server_error(
    client, probe_world, superuser, who
):
    user = {"superuser": superuser, "colleague": probe_world["colleague"], "anonymous": None}[who]
    if user is not None:
        client.force_login(user)
    probed = 0

    for _label, route in _routes():
        if "object_id" not in route.arguments:
            continue
        for bad in MALFORMED:
            values = {"object_id": bad, "version_id": "1"}
            response = client.get(route.url({name: values[name] for name in route.arguments}))
            probed += 1
            assert response.status_code == _expected(route, user), f"{response.status_code} at {route} {bad!r}"

    assert probed > 50
