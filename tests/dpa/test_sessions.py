"""A staff session ends when the browser closes, or after a working day without a request."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.helpers.sign_in import sign_in

pytestmark = pytest.mark.django_db

WORKING_DAY = timedelta(hours=9)


@pytest.fixture(autouse=True)
def _session_saved_on_every_request(settings):
    settings.SESSION_SAVE_EVERY_REQUEST = True  # as in production; tests/conftest.py turns it off


def _stored_session(client) -> Session:
    return Session.objects.get(session_key=client.cookies[settings.SESSION_COOKIE_NAME].value)


def test_the_session_cookie_lasts_until_the_browser_closes(client, officer):
    response = sign_in(client, "officer")

    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert cookie.value
    assert cookie["max-age"] == ""
    assert cookie["expires"] == ""
    assert cookie["httponly"]
    assert cookie["secure"]
    assert client.session.get_expire_at_browser_close()


def test_the_session_expires_a_working_day_after_its_last_request(client, officer):
    sign_in(client, "officer")
    assert client.session.get_expiry_age() == WORKING_DAY.total_seconds()
    # Nearly a working day idle...
    Session.objects.filter(pk=_stored_session(client).pk).update(expire_date=timezone.now() + timedelta(minutes=1))

    assert client.get("/admin/").status_code == 200

    # ...and one request gives it a whole working day again.
    expires = _stored_session(client).expire_date
    assert abs(expires - (timezone.now() + WORKING_DAY)) < timedelta(minutes=1)


def test_an_idle_session_has_ended(client, officer):
    sign_in(client, "officer")
    Session.objects.filter(pk=_stored_session(client).pk).update(expire_date=timezone.now() - timedelta(seconds=1))

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
