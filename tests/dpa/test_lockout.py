"""Repeated failed sign-ins lock a username out from one address for an hour; team leads and
administrators can unlock it sooner."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.models import Permission
from django.test import RequestFactory
from django.utils import timezone
from django.utils.formats import date_format, time_format

from dpa.lockout import client_ip
from dpa.roles import ADMINISTRATOR, AUDITOR, CASE_OFFICER, EDITOR, TEAM_LEAD
from tests.helpers.factories import make_user
from tests.helpers.sign_in import LOGIN_URL, PASSWORD, is_signed_in, sign_in

pytestmark = pytest.mark.django_db

HOME = "192.0.2.10"
OFFICE = "198.51.100.20"
PROXY = "203.0.113.1"
ATTEMPTS_URL = "/admin/axes/accessattempt/"


def _fail(client, username: str, times: int, ip: str = HOME, **extra):
    return [sign_in(client, username, "not-the-password", ip=ip, **extra) for _ in range(times)]


def _unlocker(role: str = TEAM_LEAD):
    """Team leads and administrators unlock by their role."""
    return make_user(role)


def test_the_fifth_failed_sign_in_locks_and_the_page_says_why_until_when_and_who_can_unlock(client, officer):
    responses = _fail(client, "officer", 5)

    assert [response.status_code for response in responses] == [200, 200, 200, 200, 429]
    page = responses[-1].content.decode()
    assert "Signing in is locked" in page
    assert "Signing in as <strong>officer</strong> from this address is locked because of 5 failed attempts." in page
    locked_until = timezone.localtime(AccessAttempt.objects.get(username="officer").attempt_time + timedelta(hours=1))
    when = f"{time_format(locked_until, 'H:i')} on {date_format(locked_until, 'j F Y')}"
    assert f"The lock ends by itself at {when}." in page
    assert "ask a team lead or an administrator: they can unlock it sooner" in page


def test_while_locked_even_the_right_password_is_refused_and_the_lock_does_not_move(client, officer):
    _fail(client, "officer", 5)
    first_lock = AccessAttempt.objects.get(username="officer").attempt_time

    response = sign_in(client, "officer", ip=HOME)

    assert response.status_code == 429
    assert not is_signed_in(client)
    assert AccessAttempt.objects.get(username="officer").attempt_time == first_lock


def test_the_lock_is_per_username_and_address(client, officer):
    make_user(CASE_OFFICER, username="other", password=PASSWORD)
    _fail(client, "officer", 5, ip=HOME)

    assert sign_in(client, "officer", ip=OFFICE).status_code == 302
    assert is_signed_in(client)
    client.logout()
    assert sign_in(client, "other", ip=HOME).status_code == 302
    assert is_signed_in(client)


def test_signing_in_clears_the_failures_before_it(client, officer):
    _fail(client, "officer", 4)
    assert sign_in(client, "officer").status_code == 302
    client.logout()

    assert [response.status_code for response in _fail(client, "officer", 4)] == [200] * 4


def test_the_lock_ends_after_the_cool_off(client, officer):
    _fail(client, "officer", 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(hours=1, minutes=1))

    assert sign_in(client, "officer").status_code == 302


def test_a_team_lead_sees_the_failed_sign_ins_and_unlocks_one_pair(client, officer):
    _fail(client, "officer", 5, ip=HOME)
    _fail(client, "officer", 2, ip=OFFICE)
    lead = _unlocker(TEAM_LEAD)
    client.force_login(lead)

    page = client.get(ATTEMPTS_URL).content.decode()
    assert HOME in page
    assert OFFICE in page
    locked = AccessAttempt.objects.get(ip_address=HOME)
    response = client.post(ATTEMPTS_URL, {"action": "unlock", "_selected_action": [locked.pk]}, follow=True)

    assert "Unlocked 1 sign-in" in response.content.decode()
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [OFFICE]
    client.logout()
    assert sign_in(client, "officer", ip=HOME).status_code == 302


def test_the_list_adds_up_one_pair_across_browsers_and_shows_until_when_it_is_locked(client, officer):
    _fail(client, "officer", 3, HTTP_USER_AGENT="Browser A")
    _fail(client, "officer", 2, HTTP_USER_AGENT="Browser B")
    client.force_login(_unlocker(ADMINISTRATOR))

    changelist = client.get(ATTEMPTS_URL).context["cl"]

    rows = changelist.result_list
    last = max(AccessAttempt.objects.values_list("attempt_time", flat=True))
    assert [row.failures for row in rows] == [5, 5]
    assert [changelist.model_admin.locked_until(row) for row in rows] == [last + timedelta(hours=1)] * 2


def test_nobody_else_sees_or_unlocks_failed_sign_ins(client, officer):
    _fail(client, "officer", 5)
    attempt = AccessAttempt.objects.get()
    view_only = make_user(CASE_OFFICER)
    view_only.user_permissions.add(
        Permission.objects.get(content_type__app_label="axes", codename="view_accessattempt")
    )

    for user in (make_user(CASE_OFFICER), make_user(AUDITOR), make_user(EDITOR), view_only):
        client.force_login(user)
        assert client.get(ATTEMPTS_URL).status_code == 403
        assert client.post(ATTEMPTS_URL, {"action": "unlock", "_selected_action": [attempt.pk]}).status_code == 403
        assert "/admin/axes/" not in client.get("/admin/").content.decode()
    assert AccessAttempt.objects.count() == 1


def test_failed_sign_ins_cannot_be_added_edited_or_deleted_by_hand(client, officer):
    _fail(client, "officer", 1)
    attempt = AccessAttempt.objects.get()
    client.force_login(_unlocker())

    assert client.get(f"{ATTEMPTS_URL}add/").status_code == 403
    assert client.get(f"{ATTEMPTS_URL}{attempt.pk}/delete/").status_code == 403
    page = client.get(ATTEMPTS_URL).content.decode()
    assert 'value="delete_selected"' not in page
    assert f"{ATTEMPTS_URL}{attempt.pk}/change/" not in page


def _request(**meta):
    return RequestFactory().post(LOGIN_URL, **meta)


def test_without_a_proxy_the_address_is_the_connections_and_a_forwarded_header_is_ignored(settings):
    settings.BEHIND_PROXY = False

    assert client_ip(_request(REMOTE_ADDR=HOME)) == HOME
    assert client_ip(_request(REMOTE_ADDR=HOME, HTTP_X_FORWARDED_FOR=OFFICE)) == HOME


def test_behind_the_proxy_the_address_is_the_one_the_proxy_appended_last(settings):
    settings.BEHIND_PROXY = True

    assert client_ip(_request(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=HOME)) == HOME
    # Whatever the client put in front is ignored: it cannot choose its address.
    assert client_ip(_request(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{OFFICE}, {HOME}")) == HOME
    assert client_ip(_request(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="2001:db8::7")) == "2001:db8::7"
    # Not through the proxy after all (no header, or not an address): the connection's address.
    assert client_ip(_request(REMOTE_ADDR=PROXY)) == PROXY
    assert client_ip(_request(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="unknown")) == PROXY


def test_behind_the_proxy_one_client_locked_out_does_not_lock_out_the_others(client, settings, officer):
    settings.BEHIND_PROXY = True
    _fail(client, "officer", 5, ip=PROXY, HTTP_X_FORWARDED_FOR=HOME)

    assert sign_in(client, "officer", ip=PROXY, HTTP_X_FORWARDED_FOR=OFFICE).status_code == 302
    client.logout()
    # Sending a different address in front of the proxy's does not get round the lock.
    spoofed = sign_in(client, "officer", ip=PROXY, HTTP_X_FORWARDED_FOR=f"{OFFICE}, {HOME}")
    assert spoofed.status_code == 429


@pytest.mark.parametrize("addresses", [[HOME], [HOME, OFFICE, PROXY]])
def test_the_failed_sign_ins_list_query_count_does_not_grow_with_its_rows(
    client, officer, addresses, django_assert_num_queries
):
    for ip in addresses:
        _fail(client, "officer", 2, ip=ip)
    client.force_login(_unlocker())

    # session, user, permissions (own and groups), two counts, the page with its totals per pair
    with django_assert_num_queries(7):
        response = client.get(ATTEMPTS_URL)

    assert len(response.context["cl"].result_list) == len(addresses)
