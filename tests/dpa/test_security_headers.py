"""Every response carries a strict Content-Security-Policy and a Permissions-Policy."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings

from tests.helpers.admin_urls import MISSING, admin_pages
from tests.helpers.factories import CaseFactory, DocumentFactory, TeamFactory
from tests.helpers.sign_in import ENROLMENT_URL, LOGIN_URL, enrol, force_verified_login, sign_in

pytestmark = pytest.mark.django_db

PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), hid=(), "
    "magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=()"
)
EXPECTED_POLICY = {
    "default-src": "'none'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "font-src": "'self'",
    "connect-src": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


def _policy(response) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return dict(directives)


def _assert_headers(response, what: str) -> None:
    assert _policy(response) == EXPECTED_POLICY, what
    assert "unsafe" not in response["Content-Security-Policy"], what
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY, what


@pytest.fixture
def document(officer):
    case = CaseFactory(assigned_officer=officer, team=TeamFactory(members=[officer]))
    return DocumentFactory(case=case, uploaded_by=officer)


@pytest.fixture
def failed_sign_in(client, officer):
    sign_in(client, "officer", "not-the-password")
    return AccessAttempt.objects.get()


def test_the_header_is_the_policy_in_the_settings(client):
    """The policy is the one in settings: this test's expectations and the settings must agree."""
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]

    assert {name: " ".join(values) for name, values in directives.items()} == EXPECTED_POLICY
    assert ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY_DISABLED) == PERMISSIONS_POLICY


def test_every_admin_page_has_both_headers(client, superuser, document, failed_sign_in):
    client.force_login(superuser)

    pages = admin_pages()
    statuses = {}
    for _name, url in pages:
        response = client.get(url)
        assert response.status_code < 500, url
        _assert_headers(response, url)
        statuses[url] = response.status_code

    # The main screens were really shown, not refused: the home page, every list, every add page,
    # and the change page of every model that has a row.
    shown = [url for url, status in statuses.items() if status == 200]
    assert "/admin/" in shown
    assert "/admin/cases/case/" in shown
    assert f"/admin/cases/case/{document.case_id}/change/" in shown
    assert f"/admin/axes/accessattempt/{failed_sign_in.pk}/change/" in shown
    for name, url in pages:
        if name.endswith(("_changelist", "_add")) or (name.endswith("_change") and f"/{MISSING}/" not in url):
            # Logs are written by the system, never added by hand.
            refused = url in (
                "/admin/axes/accessattempt/add/",
                "/admin/cases/identityaccess/add/",
                "/admin/cases/letter/add/",
                "/admin/cases/lettertemplate/add/",
                "/admin/cases/reminder/add/",
                "/admin/cases/reminderpolicy/add/",
            )
            assert statuses[url] == (403 if refused else 200), url


@pytest.mark.parametrize("url", ["/no-such-page/", "/admin/no-such-page/", "/admin/cases/case/999999/change/"])
def test_pages_that_do_not_exist_have_both_headers(client, superuser, url):
    client.force_login(superuser)

    response = client.get(url, follow=True)

    assert response.status_code == 404
    _assert_headers(response, url)


def test_signing_in_and_out_have_both_headers(client, officer):
    _assert_headers(client.get(LOGIN_URL), "login page")
    _assert_headers(client.get("/admin/"), "redirect to the login page")
    response = sign_in(client, "officer")
    _assert_headers(response, "signed in")
    _assert_headers(client.get(ENROLMENT_URL), "enrolment")
    _assert_headers(client.post("/admin/logout/"), "signed out")
    _assert_headers(client.post("/i18n/setlang/", {"language": "en"}), "language switch")


def test_the_lockout_page_has_both_headers(client, officer):
    responses = [sign_in(client, "officer", "not-the-password") for _ in range(5)]

    assert responses[-1].status_code == 429
    _assert_headers(responses[-1], "lockout page")


def test_the_recovery_codes_and_the_second_factor_page_have_both_headers(client, officer, settings):
    settings.SECOND_FACTOR_REQUIRED = True
    device, _ = enrol(officer)
    force_verified_login(client, officer, device)

    _assert_headers(client.get(ENROLMENT_URL), "second factor")
    _assert_headers(client.post(ENROLMENT_URL), "fresh recovery codes")


def test_a_document_download_keeps_its_own_stricter_policy(client, officer, document):
    client.force_login(officer)

    response = client.get(f"/staff/documents/{document.pk}/")

    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
