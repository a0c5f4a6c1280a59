import pytest

from dpa.roles import CASE_OFFICER
from tests.dpa.sign_in import PASSWORD
from tests.factories import make_user


@pytest.fixture(autouse=True)
def _quick_password_hashing(settings):
    """These tests sign in through the login form many times: a fast hasher keeps them quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def second_factor_required(settings):
    settings.SECOND_FACTOR_REQUIRED = True


@pytest.fixture
def officer():
    return make_user(CASE_OFFICER, username="officer", password=PASSWORD)
