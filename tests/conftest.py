import pytest


@pytest.fixture(autouse=True)
def _documents_in_tmp(settings, tmp_path):
    """Uploaded documents go to a throw-away folder, never under var/."""
    settings.DOCUMENTS_ROOT = tmp_path / "documents"


@pytest.fixture(autouse=True)
def _plain_http(settings):
    """The test client speaks plain HTTP; production settings would redirect it to HTTPS."""
    settings.SECURE_SSL_REDIRECT = False


@pytest.fixture(autouse=True)
def _password_alone_signs_in(settings):
    """Most tests sign in with ``client.force_login``; the second factor's own tests switch it back on."""
    settings.SECOND_FACTOR_REQUIRED = False


@pytest.fixture(autouse=True)
def _sessions_saved_when_changed(settings):
    """Query budgets count what a page asks for, not the session write that production makes on every
    request for the idle timeout; tests/dpa/test_sessions.py tests that write."""
    settings.SESSION_SAVE_EVERY_REQUEST = False
