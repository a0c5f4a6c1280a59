import pytest

from cases.roles import CASE_OFFICER, TEAM_LEAD
from tests.factories import make_user


@pytest.fixture
def officer():
    return make_user(CASE_OFFICER, username="officer")


@pytest.fixture
def other_officer():
    return make_user(CASE_OFFICER, username="officer2")


@pytest.fixture
def lead():
    return make_user(TEAM_LEAD, username="teamlead")
