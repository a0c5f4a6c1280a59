"""With the second factor required, a password alone opens no admin page: staff set up an
authenticator app at their first sign-in, then give its code (or a single-use recovery code) every time."""

import os
import re
import subprocess
import sys
from base64 import b32encode
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from dpa.roles import ADMINISTRATOR, CASE_OFFICER, TEAM_LEAD
from tests.helpers.admin_urls import admin_pages
from tests.helpers.factories import DocumentFactory, make_user
from tests.helpers.pages import case_page
from tests.helpers.sign_in import (
    ENROLMENT_URL,
    LOGIN_URL,
    enrol,
    force_verified_login,
    is_signed_in,
    sign_in,
    totp_code,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("second_factor_required")]

ROOT = Path(__file__).resolve().parents[2]
USERS_URL = "/admin/auth/user/"
# Pages anyone signed in may reach before giving a second factor.
OPEN_PAGES = {"login", "logout", "second_factor"}


def _enrolment_page(client) -> str:
    response = client.get(ENROLMENT_URL)
    assert response.status_code == 200
    return response.content.decode()


def _recovery_codes(page: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7]+)</code></li>", page)


def _qr_code(page: str) -> str:
    return re.search(r"<svg .*?</svg>", page, re.S).group(0)


@pytest.mark.parametrize(("debug", "required"), [("", "True"), ("1", "False")])
def test_the_second_factor_is_required_whenever_debug_is_off_whatever_the_environment_says(debug, required):
    environment = {
        **os.environ,
        "DJANGO_DEBUG": debug,
        "DJANGO_SECOND_FACTOR_REQUIRED": "false",
        "SECOND_FACTOR_REQUIRED": "false",
    }
    script = "import django; django.setup(); from django.conf import settings; print(settings.SECOND_FACTOR_REQUIRED)"
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, cwd=ROOT, capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == required


def test_before_enrolling_a_password_alone_leads_only_to_the_enrolment_page(client, officer, officers_case):
    document = DocumentFactory(case=officers_case, uploaded_by=officer)
    assert sign_in(client, "officer")["Location"] == "/admin/"

    pages = admin_pages()
    assert len(pages) > 50
    for name, url in pages:
        response = client.get(url)
        if name in OPEN_PAGES:
            assert response.get("Location") != ENROLMENT_URL, url
        else:
            assert (response.status_code, response.get("Location")) == (302, ENROLMENT_URL), url
    assert client.get(f"/staff/documents/{document.pk}/")["Location"] == ENROLMENT_URL


def test_the_admin_site_itself_lets_in_only_sessions_that_gave_the_code(rf, officer):
    request = rf.get("/admin/")
    request.user = officer

    officer.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    officer.is_verified = lambda: True
    assert admin.site.has_permission(request)


def test_after_enrolling_a_password_alone_signs_nobody_in(client, officer):
    enrol(officer)

    response = sign_in(client, "officer")

    assert response.status_code == 200
    assert "Please enter the correct username, password and code." in response.content.decode()
    assert client.get("/admin/")["Location"].startswith(LOGIN_URL)


def test_a_session_without_its_code_is_signed_out_and_sent_to_sign_in(client, officer, officers_case):
    enrol(officer)
    client.force_login(officer)

    for url in ("/admin/", "/admin/cases/case/", case_page(officers_case), ENROLMENT_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(f"{LOGIN_URL}?next=")
    assert "_auth_user_id" not in client.session


def test_enrolment_from_first_sign_in_to_recovery_codes(client, officer):
    sign_in(client, "officer")
    assert client.get("/admin/")["Location"] == ENROLMENT_URL

    page = _enrolment_page(client)
    device = TOTPDevice.objects.get(user=officer)
    assert not device.confirmed
    assert '<svg width="' in page
    secret = b32encode(device.bin_key).decode()
    assert " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)) in page
    assert _qr_code(_enrolment_page(client)) == _qr_code(page)  # reloading shows the same secret

    response = client.post(ENROLMENT_URL, {"code": totp_code(device)})

    assert response.status_code == 200
    codes = _recovery_codes(response.content.decode())
    assert len(codes) == 10
    assert len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert is_signed_in(client)
    assert codes[0] not in _enrolment_page(client)  # shown once only


def test_after_enrolling_the_password_and_the_apps_code_sign_in(client, officer, officers_case):
    device, _ = enrol(officer)

    response = sign_in(client, "officer", code=totp_code(device))

    assert response["Location"] == "/admin/"
    assert is_signed_in(client)
    assert client.get(case_page(officers_case)).status_code == 200


def test_a_code_typed_with_spaces_is_accepted(client, officer):
    device, _ = enrol(officer)
    code = totp_code(device)

    assert sign_in(client, "officer", code=f" {code[:3]} {code[3:]} ")["Location"] == "/admin/"


def test_a_wrong_code_is_refused_and_counts_as_a_failed_sign_in(client, officer):
    device, _ = enrol(officer)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = sign_in(client, "officer", code=wrong)

    assert response.status_code == 200
    assert "Please enter the correct username, password and code." in response.content.decode()
    assert not is_signed_in(client)
    responses = [sign_in(client, "officer", code=wrong) for _ in range(4)]
    assert responses[-1].status_code == 429


def test_a_wrong_first_code_does_not_confirm_the_app(client, officer):
    sign_in(client, "officer")
    _enrolment_page(client)
    device = TOTPDevice.objects.get(user=officer)
    wrong = f"{(int(totp_code(device)) + 1) % 1_000_000:06d}"

    response = client.post(ENROLMENT_URL, {"code": wrong})

    assert "That code is not right." in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/admin/")["Location"] == ENROLMENT_URL


def test_a_recovery_code_works_once(client, officer):
    _, codes = enrol(officer)

    assert sign_in(client, "officer", code=codes[0].upper())["Location"] == "/admin/"
    assert is_signed_in(client)
    client.logout()

    response = sign_in(client, "officer", code=codes[0])
    assert response.status_code == 200
    assert not is_signed_in(client)
    assert StaticDevice.objects.get(user=officer).token_set.count() == 9


def test_using_the_app_does_not_hold_up_the_recovery_codes(client, officer):
    device, codes = enrol(officer)
    for _ in range(3):
        assert sign_in(client, "officer", code=totp_code(device))["Location"] == "/admin/"
        client.logout()

    assert sign_in(client, "officer", code=codes[1])["Location"] == "/admin/"


def test_a_signed_in_user_makes_fresh_recovery_codes_and_the_old_ones_stop_working(client, officer):
    device, old = enrol(officer)
    sign_in(client, "officer", code=totp_code(device))
    assert "You have 10 unused recovery codes." in _enrolment_page(client)

    fresh = _recovery_codes(client.post(ENROLMENT_URL).content.decode())

    assert len(fresh) == 10
    assert not set(fresh) & set(old)
    client.logout()
    assert sign_in(client, "officer", code=fresh[2])["Location"] == "/admin/"
    client.logout()
    assert sign_in(client, "officer", code=old[2]).status_code == 200
    assert not is_signed_in(client)


def test_an_administrator_resets_a_second_factor_and_the_user_enrols_again(client, officer):
    enrol(officer)
    administrator = make_user(ADMINISTRATOR)
    admin_device, _ = enrol(administrator)
    force_verified_login(client, administrator, admin_device)

    response = client.post(USERS_URL, {"action": "reset_second_factor", "_selected_action": [officer.pk]}, follow=True)

    assert "The second factor of 1 user was reset" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=officer).exists()
    assert not StaticDevice.objects.filter(user=officer).exists()
    entry = LogEntry.objects.get(object_id=str(officer.pk))
    assert (entry.action_flag, entry.user, entry.change_message) == (CHANGE, administrator, "Reset the second factor.")
    client.logout()
    assert sign_in(client, "officer")["Location"] == "/admin/"
    assert client.get("/admin/")["Location"] == ENROLMENT_URL


def test_a_reset_signs_out_the_sessions_that_used_the_old_app(client, officer):
    device, _ = enrol(officer)
    force_verified_login(client, officer, device)
    assert is_signed_in(client)

    TOTPDevice.objects.filter(user=officer).delete()

    response = client.get("/admin/")
    assert response["Location"].startswith(LOGIN_URL)
    assert "_auth_user_id" not in client.session
    # It cannot set up an app of its own without the password.
    assert client.get(ENROLMENT_URL)["Location"].startswith(LOGIN_URL)


@pytest.mark.parametrize("role", [CASE_OFFICER, TEAM_LEAD])
def test_only_those_who_may_change_users_reset_second_factors(client, officer, role):
    enrol(officer)
    user = make_user(role)
    user.user_permissions.add(Permission.objects.get(content_type__app_label="auth", codename="view_user"))
    user_device, _ = enrol(user)
    force_verified_login(client, user, user_device)

    page = client.get(USERS_URL).content.decode()
    client.post(USERS_URL, {"action": "reset_second_factor", "_selected_action": [officer.pk]})

    assert "reset_second_factor" not in page
    assert TOTPDevice.objects.filter(user=officer, confirmed=True).exists()


def test_the_user_list_shows_who_has_set_up_a_second_factor(client, officer, django_assert_num_queries):
    enrol(officer)
    others = [make_user(CASE_OFFICER) for _ in range(3)]
    enrol(others[0])
    administrator = make_user(ADMINISTRATOR)
    admin_device, _ = enrol(administrator)
    force_verified_login(client, administrator, admin_device)

    # session, user, the session's device, permissions (own and groups), groups (filter), two counts,
    # the page of users with whether each has an authenticator app
    with django_assert_num_queries(9):
        response = client.get(USERS_URL)

    enrolled = {user.username: user.second_factor for user in response.context["cl"].result_list}
    assert enrolled == {
        "officer": True,
        others[0].username: True,
        others[1].username: False,
        others[2].username: False,
        administrator.username: True,
    }


def test_with_debug_on_the_password_alone_signs_in_and_the_second_factor_can_still_be_tried(client, settings, officer):
    settings.SECOND_FACTOR_REQUIRED = False

    assert sign_in(client, "officer")["Location"] == "/admin/"
    assert is_signed_in(client)
    assert "Two-step sign-in" in client.get("/admin/").content.decode()
    _enrolment_page(client)
    device = TOTPDevice.objects.get(user=officer)
    assert len(_recovery_codes(client.post(ENROLMENT_URL, {"code": totp_code(device)}).content.decode())) == 10
    client.logout()
    # Once set up, the app's code is asked for here too.
    assert sign_in(client, "officer").status_code == 200
    assert sign_in(client, "officer", code=totp_code(device))["Location"] == "/admin/"


def test_an_empty_password_is_refused_with_or_without_a_code(client, officer):
    enrol(officer)

    for code in ("", "123456"):
        response = client.post(LOGIN_URL, {"username": "officer", "password": "", "code": code})
        assert response.status_code == 200
        assert response.context["form"].errors["password"]


def test_the_login_page_asks_for_the_code(client):
    page = client.get(LOGIN_URL).content.decode()

    assert "Code from your authenticator app (or a recovery code)" in page
    assert 'autocomplete="one-time-code"' in page
