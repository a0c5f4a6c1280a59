"""The partners' screens: for administrators given the partner permissions, closed to case officers;
a new partner's and a rotated secret shown once and stored hashed; revoking behind a confirmation;
the list's query budget."""

import re

import pytest
from django.contrib.auth.hashers import check_password
from django.contrib.auth.models import Permission
from oauth2_provider.models import Application

from cases import services
from cases.models import ApiCall, Partner
from dpa.roles import ADMINISTRATOR, CASE_OFFICER, TEAM_LEAD
from tests.helpers.factories import make_user
from tests.helpers.moments import NOW

pytestmark = pytest.mark.django_db

LIST = "/admin/cases/partner/"


@pytest.fixture
def partner_administrator():
    return make_user(ADMINISTRATOR, username="partners-admin")


@pytest.fixture
def macao():
    partner, _client_id, _secret = services.create_partner(
        name="Macao PDPO", kind="authority", country="MO", scopes=["statistics:read"], by=None, now=NOW
    )
    return partner


def _partners_with_calls(numbers: range) -> None:
    for number in numbers:
        partner, _id, _secret = services.create_partner(
            name=f"Partner {number}", kind="internal", country="HK", scopes=["referrals:read"], by=None, now=NOW
        )
        services.record_call(partner.clients.get(), method="GET", path="/api/v1/x/", status_code=200, now=NOW)


def _page(partner) -> str:
    return f"{LIST}{partner.pk}/change/"


def _shown_secret(response) -> str:
    return re.search(r"client secret</dt>\s*<dd><code>([^<]+)</code>", response.content.decode()).group(1)


def test_the_list_shows_kind_country_clients_and_last_call(client, partner_administrator, macao):
    services.record_call(macao.clients.get(), method="GET", path="/api/v1/statistics/", status_code=200, now=NOW)
    client.force_login(partner_administrator)

    response = client.get(LIST)

    assert response.status_code == 200
    row = response.context["cl"].result_list.get()
    assert (row.client_count, row.last_call_at) == (1, NOW)
    assert "Macao PDPO" in response.content.decode()


def test_the_lists_queries_do_not_grow_with_the_partners(client, partner_administrator, django_assert_num_queries):
    client.force_login(partner_administrator)
    _partners_with_calls(range(2))
    with django_assert_num_queries(7) as few:
        client.get(LIST)
    _partners_with_calls(range(2, 10))

    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(LIST)

    assert response.context["cl"].result_count == 10


def test_a_partners_page_shows_its_clients_and_its_50_latest_calls(client, partner_administrator, macao):
    partner_client = macao.clients.get()
    for number in range(55):
        services.record_call(partner_client, method="GET", path=f"/api/v1/call/{number}/", status_code=200, now=NOW)
    client.force_login(partner_administrator)

    response = client.get(_page(macao))

    body = response.content.decode()
    assert response.status_code == 200
    assert partner_client.application.client_id in body
    assert len(response.context["recent_calls"]) == 50
    assert "/api/v1/call/54/" in body
    assert "/api/v1/call/4/" not in body
    assert partner_client.application.client_secret not in body


@pytest.mark.parametrize(
    "url",
    [
        LIST,
        "{page}",
        "/admin/cases/partner/add/",
        "/admin/cases/partner/{partner}/revoke/",
        "/admin/cases/partner/{partner}/rotate-secret/",
    ],
)
def test_every_partner_screen_is_403_to_a_case_officer(client, macao, url):
    client.force_login(make_user(CASE_OFFICER))
    url = url.format(page=_page(macao), partner=macao.pk)

    assert client.get(url).status_code == 403
    assert client.post(url, {"_confirm": "1"}).status_code == 403
    macao.refresh_from_db()
    assert macao.active


def test_staff_without_the_partner_permissions_are_refused(client, macao):
    client.force_login(make_user(TEAM_LEAD))

    assert client.get(LIST).status_code == 403


def test_adding_a_partner_shows_its_secret_once_and_stores_it_hashed(client, partner_administrator):
    client.force_login(partner_administrator)

    response = client.post(
        "/admin/cases/partner/add/",
        {"name": "Singapore PDPC", "kind": "authority", "country": "SG", "scopes": ["statistics:read"]},
    )

    assert response.status_code == 200
    secret = _shown_secret(response)
    application = Partner.objects.get(name="Singapore PDPC").clients.get().application
    assert check_password(secret, application.client_secret)
    assert secret not in client.get(_page(Partner.objects.get())).content.decode()


def test_adding_a_partner_with_a_taken_name_says_so_on_the_name(client, partner_administrator, macao):
    client.force_login(partner_administrator)

    response = client.post(
        "/admin/cases/partner/add/",
        {"name": "macao pdpo", "kind": "authority", "country": "MO", "scopes": ["statistics:read"]},
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {"name": ["A partner of this name is already on file."]}
    assert Partner.objects.count() == 1


def test_rotating_a_secret_asks_first_then_shows_the_new_one_once(client, partner_administrator, macao):
    partner_client = macao.clients.get()
    client.force_login(partner_administrator)
    url = f"/admin/cases/partner/{macao.pk}/rotate-secret/"
    before = Application.objects.get().client_secret

    asked = client.get(url)
    assert Application.objects.get().client_secret == before
    response = client.post(url, {"client": partner_client.pk})

    assert asked.status_code == response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    secret = _shown_secret(response)
    assert check_password(secret, Application.objects.get().client_secret)


def test_revoking_access_asks_first_then_revokes_through_the_service(client, partner_administrator, macao):
    client.force_login(partner_administrator)
    url = f"/admin/cases/partner/{macao.pk}/revoke/"

    asked = client.get(url)
    macao.refresh_from_db()
    assert asked.status_code == 200
    assert macao.active
    response = client.post(url, {"_confirm": "1"})

    assert response.status_code == 302
    macao.refresh_from_db()
    assert macao.active is False
    assert macao.clients.get().revoked_at is not None
    assert macao.history.first().history_user == partner_administrator


def test_a_revoked_partner_offers_no_buttons(client, partner_administrator, macao):
    services.revoke_access(macao, by=None, now=NOW)
    client.force_login(partner_administrator)

    body = client.get(_page(macao)).content.decode()

    assert "/revoke/" not in body
    assert "rotate-secret" not in body


def test_calls_are_shown_only_to_those_who_may_see_them(client, macao):
    services.record_call(macao.clients.get(), method="POST", path="/api/v1/secret-call/", status_code=201, now=NOW)
    partner_keeper = make_user(username="partner-keeper", is_staff=True)
    partner_keeper.user_permissions.add(*Permission.objects.filter(codename__in=["view_partner", "change_partner"]))
    client.force_login(partner_keeper)

    response = client.get(_page(macao))

    assert "/api/v1/secret-call/" not in response.content.decode()
    assert ApiCall.objects.count() == 1


def test_a_partners_rotate_page_takes_only_its_own_clients(client, partner_administrator, macao):
    other, _id, _secret = services.create_partner(
        name="Singapore PDPC", kind="authority", country="SG", scopes=["statistics:read"], by=None, now=NOW
    )
    before = other.clients.get().application.client_secret
    client.force_login(partner_administrator)

    response = client.post(f"/admin/cases/partner/{macao.pk}/rotate-secret/", {"client": other.clients.get().pk})

    assert response.status_code == 200
    assert "client" in response.context["form"].errors
    assert Application.objects.get(partner_client__partner=other).client_secret == before
