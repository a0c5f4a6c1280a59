"""What one partner can reach through the API, over every endpoint the URL resolver knows: each
scope enforced on each endpoint, expired and revoked tokens refused, another partner's referrals
neither listed, nor fetched, nor inferred, no complainant or officer named in any answer, and
throttling answered with Retry-After."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from cases import services
from cases.models import Case, CaseKind, CaseStatus, Referral
from dpa.api_access import PUBLIC, PartnerThrottle
from guidance.models import Topic
from tests.helpers.factories import CaseFactory, ComplainantFactory, OrganisationFactory
from tests.helpers.guidance import published
from tests.helpers.partners import bearer, partner_with_token, token_for

pytestmark = pytest.mark.django_db

SCOPES = ["guidance:read", "referrals:write", "referrals:read", "statistics:read"]
COMPLAINANT = {"name": "Tan Mei Ling", "email": "mei.ling@mail.example", "consent_to_disclose": False}


def _referral_body(reference: str) -> dict:
    return {
        "partner_reference": reference,
        "organisation_name": "Linkwave Limited",
        "organisation_country": "HK",
        "summary": "Fake accounts impersonate the complainant.",
        "complainant": COMPLAINANT,
    }


def _routes(patterns=None, prefix: str = "") -> list[tuple[str, URLPattern]]:
    """Every URL pattern of the project as (route, pattern), included ones with their prefix."""
    found = []
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            found += _routes(pattern.url_patterns, route)
        else:
            found.append((route, pattern))
    return found


def _endpoints() -> list[tuple[str, str, type]]:
    """(method, route, view class) of every operation under /api/v1/."""
    endpoints = []
    for route, pattern in _routes():
        view = getattr(pattern.callback, "cls", None)
        if not route.startswith("api/v1/") or view is None:
            continue
        methods = [method.upper() for method in view.http_method_names if method not in ("options", "head")]
        endpoints += [(method, route, view) for method in methods if hasattr(view, method.lower())]
    return endpoints


ENDPOINTS = _endpoints()


def _scope_of(view_class, method: str) -> str:
    view = view_class()
    view.request = type("Request", (), {"method": method})()
    return view.required_scope


def test_the_api_has_the_endpoints_this_matrix_knows():
    assert sorted((method, route) for method, route, _view in ENDPOINTS) == [
        ("GET", "api/v1/guidance/"),
        ("GET", "api/v1/guidance/<slug:slug>/"),
        ("GET", "api/v1/referrals/"),
        ("GET", "api/v1/referrals/<str:reference>/"),
        ("GET", "api/v1/statistics/"),
        ("GET", "api/v1/topics/"),
        ("POST", "api/v1/referrals/"),
    ]


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()


@pytest.fixture
def world(officer, lead, editor, publisher):
    """Two partners with every scope and a referral each, a published publication, and complaints
    enough for statistics; every case has a complainant and an officer, and notes naming both."""
    partner_a, token_a = partner_with_token("Personal Data Protection Commission Singapore", SCOPES, country="SG")
    partner_b, token_b = partner_with_token("Office for Personal Data Protection, Macao", SCOPES, country="MO")
    now = timezone.now()
    linkwave = OrganisationFactory(name="Linkwave Limited")
    references = {}
    for partner, token, reference in ((partner_a, token_a, "SG-1"), (partner_b, token_b, "MO-1")):
        answer = _send(token, _referral_body(reference), key=f"key-{reference}")
        references[partner.pk] = answer["reference"]
    for _ in range(6):
        CaseFactory(
            kind=CaseKind.COMPLAINT,
            organisation=linkwave,
            complainant=ComplainantFactory(name="Tan Mei Ling", email="mei.ling@mail.example"),
            received_on=timezone.localdate(),
        )
    for case in Case.objects.all():
        services.assign_case(case, officer=officer, by=lead, now=now)
        services.add_note(case, text="Karen Chan called Tan Mei Ling.", by=officer, now=now)
    for case in Case.objects.filter(kind=CaseKind.INCOMING_REFERRAL):
        services.move_case(case, to=CaseStatus.SCREENING, by=officer, now=now)
    topic = Topic.objects.create(slug="online-platforms", name_en="Online platforms", name_zh_hant="網上平台")
    published("opting-out-of-ai-training", author=editor, publisher=publisher, now=now, topics=[topic])
    return {
        "a": (partner_a, token_a, references[partner_a.pk]),
        "b": (partner_b, token_b, references[partner_b.pk]),
    }


def _send(token: str, body: dict, *, key: str) -> dict:
    response = Client().post(
        "/api/v1/referrals/",
        json.dumps(body),
        content_type="application/json",
        HTTP_IDEMPOTENCY_KEY=key,
        **bearer(token),
    )
    assert response.status_code == 201, response.content
    return response.json()


def _url(route: str, reference: str) -> str:
    values = {"<slug:slug>": "opting-out-of-ai-training", "<str:reference>": reference}
    for argument, value in values.items():
        route = route.replace(argument, value)
    return "/" + route


def _call(client, method: str, url: str, token: str | None, *, body: dict | None = None, key: str = "k"):
    headers = bearer(token) if token else {}
    if method == "POST":
        return client.post(
            url, json.dumps(body or {}), content_type="application/json", HTTP_IDEMPOTENCY_KEY=key, **headers
        )
    return client.get(url, **headers)


# --- scopes and tokens --------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "route", "view"), ENDPOINTS, ids=[f"{m} {r}" for m, r, _v in ENDPOINTS])
def test_each_endpoint_needs_its_own_scope_and_a_valid_token(client, world, method, route, view):
    partner, _token, reference = world["a"]
    url = _url(route, reference)
    scope = _scope_of(view, method)
    body = _referral_body("SG-new")
    others = [other for other in SCOPES if other != scope]
    without_it = token_for(partner, others)
    expired = token_for(partner, SCOPES, expires_in=timedelta(seconds=-1))
    valid = token_for(partner, SCOPES)

    answers = {
        "no token": _call(client, method, url, None, body=body).status_code,
        "expired": _call(client, method, url, expired, body=body).status_code,
        "other scopes": _call(client, method, url, without_it, body=body).status_code,
        "its scope": _call(client, method, url, valid, body=body).status_code,
    }

    success = 201 if method == "POST" else 200
    if scope == PUBLIC:
        assert answers == {"no token": 200, "expired": 401, "other scopes": 200, "its scope": 200}
    else:
        assert answers == {"no token": 401, "expired": 401, "other scopes": 403, "its scope": success}


@pytest.mark.parametrize(("method", "route", "view"), ENDPOINTS, ids=[f"{m} {r}" for m, r, _v in ENDPOINTS])
def test_a_revoked_partners_token_is_refused_on_every_endpoint(client, world, administrator, method, route, view):
    partner, token, reference = world["a"]
    services.revoke_access(partner, by=administrator, now=timezone.now())

    response = _call(client, method, _url(route, reference), token, body=_referral_body("SG-new"))

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


# --- one partner cannot reach another's referrals -----------------------------------------------------


def test_a_partner_lists_only_its_own_referrals(client, world):
    _a, token_a, reference_a = world["a"]
    _b, _token_b, reference_b = world["b"]

    listed = client.get("/api/v1/referrals/", **bearer(token_a)).json()
    filtered = client.get("/api/v1/referrals/", {"partner_reference": "MO-1"}, **bearer(token_a)).json()

    assert [item["reference"] for item in listed["results"]] == [reference_a]
    assert listed["count"] == 1
    assert (filtered["count"], filtered["results"]) == (0, [])
    assert reference_b not in json.dumps(listed)


def test_another_partners_referral_is_404_exactly_like_one_that_does_not_exist(client, world):
    _a, token_a, _reference_a = world["a"]
    _b, _token_b, reference_b = world["b"]
    unknown = f"REF-{timezone.localdate().year}-99999"

    theirs = client.get(f"/api/v1/referrals/{reference_b}/", **bearer(token_a))
    nobodys = client.get(f"/api/v1/referrals/{unknown}/", **bearer(token_a))

    assert theirs.status_code == nobodys.status_code == 404
    assert theirs.content == nobodys.content


def test_another_partners_reference_and_key_do_not_collide_with_ones_own(client, world):
    _a, token_a, _reference_a = world["a"]
    _b, token_b, reference_b = world["b"]

    # B already used this partner reference and this key (with this body): A is told nothing of it.
    answer = _send(token_a, _referral_body("MO-1"), key="key-MO-1")

    assert answer["reference"] != reference_b
    assert Referral.objects.filter(partner_reference="MO-1").count() == 2
    assert client.get(f"/api/v1/referrals/{reference_b}/", **bearer(token_b)).status_code == 200


# --- nobody named -------------------------------------------------------------------------------------


def test_no_answer_of_any_endpoint_names_a_complainant_or_an_officer(client, world, officer, lead):
    _a, token, reference = world["a"]
    names = ["Tan Mei Ling", "mei.ling@mail.example", "Tan", "Mei"]
    for person in (officer, lead):
        names += [person.username, person.first_name, person.last_name, person.email]
    names = [name for name in names if name]
    statistics_queries = [{"by": by} for by in ("month", "sector", "principle", "outcome", "organisation")]

    bodies = []
    for method, route, _view in ENDPOINTS:
        url = _url(route, reference)
        if method == "POST":
            response = _call(client, method, url, token, body=_referral_body("SG-2"), key="another-key")
            bodies.append(response.content.decode())
        elif route == "api/v1/statistics/":
            bodies += [client.get(url, query, **bearer(token)).content.decode() for query in statistics_queries]
        else:
            bodies += [client.get(url, {"lang": lang}, **bearer(token)).content.decode() for lang in ("en", "zh-hant")]

    assert len(bodies) == 1 + 2 * 5 + 5
    for body in bodies:
        assert json.loads(body)
        assert [name for name in names if name in body] == []


# --- throttling ---------------------------------------------------------------------------------------


def test_too_many_calls_get_429_with_retry_after_in_the_error_format(client, world, monkeypatch):
    _a, token, _reference = world["a"]
    monkeypatch.setitem(PartnerThrottle.THROTTLE_RATES, "partner", "3/minute")
    cache.clear()

    answers = [client.get("/api/v1/referrals/", **bearer(token)) for _ in range(4)]

    assert [answer.status_code for answer in answers] == [200, 200, 200, 429]
    refused = answers[-1]
    assert 0 < int(refused["Retry-After"]) <= 60
    assert refused.json()["error"]["code"] == "throttled"


def test_each_partner_is_throttled_on_its_own(client, world, monkeypatch):
    _a, token_a, _reference_a = world["a"]
    _b, token_b, _reference_b = world["b"]
    monkeypatch.setitem(PartnerThrottle.THROTTLE_RATES, "partner", "2/minute")
    cache.clear()

    for _ in range(3):
        client.get("/api/v1/referrals/", **bearer(token_a))

    assert client.get("/api/v1/referrals/", **bearer(token_a)).status_code == 429
    assert client.get("/api/v1/referrals/", **bearer(token_b)).status_code == 200
