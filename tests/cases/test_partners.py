"""Partners of the API and their OAuth2 clients: taken on by the command, given tokens at ``/o/token/``
for their own scopes only, refused at once when revoked, a secret that changes, expired tokens, and
the record of their calls. The API is stood in for by a view of this module under ``/api/``."""

import base64
import re
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import path
from django.utils import timezone
from oauth2_provider.models import AccessToken, Application
from oauth2_provider.views import TokenView
from rest_framework.response import Response
from rest_framework.views import APIView

from cases import services
from cases.models import ApiCall, Partner, PartnerClient
from tests.helpers.moments import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class Statistics(APIView):
    required_scope = "statistics:read"

    def get(self, request):
        return Response({"complaints": 42})


urlpatterns = [
    path("o/token/", TokenView.as_view()),
    path("api/v1/statistics/", Statistics.as_view()),
    path("elsewhere/statistics/", Statistics.as_view()),
]


def _forget_oauthlib_core() -> None:
    # The token view keeps the validator it was first built with, whatever the settings say later.
    if "_oauthlib_core" in TokenView.__dict__:
        del TokenView._oauthlib_core


@pytest.fixture(autouse=True)
def fresh_token_view():
    """The token view keeps the validator it was first built with; each test builds its own."""
    _forget_oauthlib_core()
    yield
    _forget_oauthlib_core()


def _create(name="Office of the Privacy Commissioner for Personal Data, Macao", scopes=("statistics:read",)):
    partner, client_id, secret = services.create_partner(
        name=name,
        kind="authority",
        country="MO",
        contact_name="Ana Lei",
        contact_email="ana.lei@dspdp.example",
        scopes=list(scopes),
        by=None,
        now=NOW,
    )
    return partner, client_id, secret


def _ask_for_token(client, client_id, secret, scope=None):
    credentials = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    data = "grant_type=client_credentials" + (f"&scope={scope}" if scope else "")
    return client.post(
        "/o/token/", data, content_type="application/x-www-form-urlencoded", HTTP_AUTHORIZATION=f"Basic {credentials}"
    )


def _token(client, client_id, secret, scope=None) -> str:
    response = _ask_for_token(client, client_id, secret, scope)
    assert response.status_code == 200, response.content
    return response.json()["access_token"]


def _call(client, token, url="/api/v1/statistics/"):
    return client.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")


# --- the command ------------------------------------------------------------------------------------


def test_the_command_prints_the_id_and_secret_once_and_they_get_a_token(client):
    out = StringIO()

    call_command(
        "create_partner", "Macao PDPO", "--scopes", "statistics:read,referrals:read", "--country", "MO", stdout=out
    )

    printed = out.getvalue()
    client_id = re.search(r"Client id: (\S+)", printed).group(1)
    secret = re.search(r"Client secret: (\S+)", printed).group(1)
    assert "not shown again" in printed
    application = Application.objects.get(client_id=client_id)
    assert application.client_secret != secret
    assert check_password(secret, application.client_secret)
    response = _ask_for_token(client, client_id, secret)
    assert response.status_code == 200
    assert set(response.json()["scope"].split()) == {"statistics:read", "referrals:read"}
    partner = Partner.objects.get()
    assert (partner.name, partner.country, partner.kind, partner.active) == ("Macao PDPO", "MO", "authority", True)


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["--scopes", "statistics:read,cases:delete"], "Unknown scope: cases:delete"),
        (["--scopes", ""], "Give at least one scope"),
        (["--scopes", "statistics:read", "--country", "Macao"], "country"),
        (["--scopes", "statistics:read", "--contact-email", "not an address"], "contact_email"),
    ],
)
def test_the_command_refuses_bad_input_and_creates_nothing(arguments, said):
    with pytest.raises(CommandError, match=said) as error:
        call_command("create_partner", "Macao PDPO", *arguments, stdout=StringIO())

    assert "Nothing created" in str(error.value)
    assert (Partner.objects.count(), PartnerClient.objects.count(), Application.objects.count()) == (0, 0, 0)


def test_the_command_refuses_a_name_already_taken_in_any_case():
    _create(name="Macao PDPO")

    with pytest.raises(CommandError, match="name: A partner of this name is already on file"):
        call_command("create_partner", "MACAO pdpo", "--scopes", "statistics:read", stdout=StringIO())

    assert (Partner.objects.count(), Application.objects.count()) == (1, 1)


def test_create_partner_names_the_field_of_each_error():
    with pytest.raises(ValidationError) as error:
        services.create_partner(name=" ", kind="vendor", country="mo", scopes=["statistics:write"], by=None, now=NOW)

    assert set(error.value.message_dict) == {"name", "kind", "country", "scopes"}
    assert Partner.objects.count() == 0


# --- tokens and scopes --------------------------------------------------------------------------------


def test_a_token_carries_only_scopes_the_client_was_given(client):
    _partner, client_id, secret = _create(scopes=["statistics:read", "referrals:read"])

    narrower = _ask_for_token(client, client_id, secret, scope="statistics:read")
    wider = _ask_for_token(client, client_id, secret, scope="statistics:read+referrals:write")

    assert narrower.status_code == 200
    assert narrower.json()["scope"] == "statistics:read"
    assert wider.status_code == 400
    assert wider.json()["error"] == "invalid_scope"
    assert AccessToken.objects.count() == 1


def test_the_token_opens_the_views_of_its_scopes_only(client):
    _partner, reader_id, reader_secret = _create(name="Reader", scopes=["statistics:read"])
    _partner, other_id, other_secret = _create(name="Referrer", scopes=["referrals:write"])

    assert _call(client, _token(client, reader_id, reader_secret)).status_code == 200
    assert _call(client, _token(client, other_id, other_secret)).status_code == 403


def test_an_application_that_is_no_partners_client_gets_no_token(client):
    application = Application.objects.create(
        name="Someone else",
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret="a-secret-of-someone-else",
    )

    response = _ask_for_token(client, application.client_id, "a-secret-of-someone-else", scope="statistics:read")

    assert response.status_code == 401
    assert AccessToken.objects.count() == 0


def test_a_wrong_secret_gets_no_token(client):
    _partner, client_id, secret = _create()

    assert _ask_for_token(client, client_id, secret + "x").status_code == 401


@pytest.mark.parametrize(("expires_in", "status"), [(timedelta(seconds=-1), 401), (timedelta(minutes=5), 200)])
def test_an_expired_token_is_refused(client, expires_in, status):
    partner, _client_id, _secret = _create()
    AccessToken.objects.create(
        application=partner.clients.get().application,
        token="a-token-of-the-partner",
        expires=timezone.now() + expires_in,
        scope="statistics:read",
    )

    assert _call(client, "a-token-of-the-partner").status_code == status


# --- revoking and rotating ------------------------------------------------------------------------------


def test_a_revoked_partner_gets_401_at_the_token_endpoint_and_its_tokens_stop_at_once(client):
    partner, client_id, secret = _create()
    token = _token(client, client_id, secret)
    assert _call(client, token).status_code == 200

    services.revoke_access(partner, by=None, now=NOW)

    assert _call(client, token).status_code == 401
    refused = _ask_for_token(client, client_id, secret)
    assert refused.status_code == 401
    assert refused.json()["error"] == "invalid_client"
    assert AccessToken.objects.count() == 0
    partner.refresh_from_db()
    assert partner.active is False
    assert partner.clients.get().revoked_at == NOW


def test_a_client_revoked_past_the_service_is_still_refused_its_token_and_a_new_one(client):
    partner, client_id, secret = _create()
    token = _token(client, client_id, secret)

    PartnerClient.objects.filter(partner=partner).update(revoked_at=NOW)

    assert _call(client, token).status_code == 401
    assert _ask_for_token(client, client_id, secret).status_code == 401


def test_an_inactive_partners_client_is_refused(client):
    partner, client_id, secret = _create()
    token = _token(client, client_id, secret)

    Partner.objects.filter(pk=partner.pk).update(active=False)

    assert _call(client, token).status_code == 401
    assert _ask_for_token(client, client_id, secret).status_code == 401


def test_a_new_secret_works_and_the_old_one_stops(client):
    partner, client_id, old = _create()
    partner_client = partner.clients.get()

    new = services.rotate_secret(partner_client, by=None, now=NOW)

    assert new != old
    assert _ask_for_token(client, client_id, old).status_code == 401
    assert _ask_for_token(client, client_id, new).status_code == 200
    partner_client.refresh_from_db()
    assert partner_client.secret_rotated_at == NOW
    assert not Application.objects.filter(client_secret=new).exists()


def test_a_revoked_client_gets_no_new_secret():
    partner, _client_id, _secret = _create()
    services.revoke_access(partner, by=None, now=NOW)

    with pytest.raises(ValidationError, match="revoked"):
        services.rotate_secret(partner.clients.get(), by=None, now=NOW)


# --- the record of calls -------------------------------------------------------------------------------


def test_each_call_is_recorded_with_its_method_path_and_status_in_one_insert(client):
    partner, client_id, secret = _create()
    token = _token(client, client_id, secret)

    with CaptureQueriesContext(connection) as queries:
        response = _call(client, token, "/api/v1/statistics/?year=2026")

    assert response.status_code == 200
    writes = [query["sql"] for query in queries if not query["sql"].lstrip().upper().startswith("SELECT")]
    assert len(writes) == 1
    assert writes[0].lstrip().upper().startswith("INSERT")
    assert len(queries) == 2  # the token with its partner, and the record
    call = ApiCall.objects.get()
    assert (call.partner, call.client, call.method, call.path, call.status_code) == (
        partner,
        partner.clients.get(),
        "GET",
        "/api/v1/statistics/",
        200,
    )


def test_a_refused_call_is_recorded_with_its_status(client):
    _partner, client_id, secret = _create(scopes=["referrals:read"])

    _call(client, _token(client, client_id, secret))

    assert list(ApiCall.objects.values_list("method", "status_code")) == [("GET", 403)]


def test_calls_without_a_partners_token_or_outside_the_api_are_not_recorded(client):
    _partner, client_id, secret = _create()
    token = _token(client, client_id, secret)

    client.get("/api/v1/statistics/")
    _call(client, "not-a-token")
    _call(client, token, "/elsewhere/statistics/")

    assert ApiCall.objects.count() == 0
