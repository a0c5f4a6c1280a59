"""The partner API keeps to its OpenAPI schema. Every operation, called in-process with a token that
has every scope, with requests generated from the schema (valid ones and invalid ones), answers
without a server error, with a status the schema documents for it, and with the content type, body
and headers the schema declares for that status; an invalid request is refused."""

from functools import cache

import pytest
import schemathesis
from django.core.cache import cache as django_cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import given, settings
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    negative_data_rejection,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from cases import services
from cases.models import DataProtectionPrinciple, Partner, Referral
from dpa.api_access import AnonymousThrottle, PartnerThrottle
from dpa.wsgi import application
from tests.helpers.factories import CaseFactory
from tests.helpers.guidance import TopicFactory, published
from tests.helpers.moments import NOW
from tests.helpers.partners import partner_with_token

pytestmark = pytest.mark.django_db

POSITIVE, NEGATIVE = GenerationMode.POSITIVE, GenerationMode.NEGATIVE
# Every operation of the schema, and the requests generated for it. A request for one of your
# referrals holds nothing but the reference, which may be any string: none of it can be invalid.
OPERATIONS = {
    "GET /api/v1/guidance/": (POSITIVE, NEGATIVE),
    "GET /api/v1/guidance/{slug}/": (POSITIVE, NEGATIVE),
    "GET /api/v1/topics/": (POSITIVE, NEGATIVE),
    "GET /api/v1/referrals/": (POSITIVE, NEGATIVE),
    "POST /api/v1/referrals/": (POSITIVE, NEGATIVE),
    "GET /api/v1/referrals/{reference}/": (POSITIVE,),
    "GET /api/v1/statistics/": (POSITIVE, NEGATIVE),
}
CONFORMANCE = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]
EXAMPLES = 30
SCOPES = ["guidance:read", "referrals:write", "referrals:read", "statistics:read"]
SEEDED_KEY = "seeded-key-1"
REFERRAL = {
    "partner_reference": "MO-2026-CONFORMANCE",
    "organisation_name": "Linkwave Limited",
    "organisation_country": "HK",
    "summary": "Fake accounts on the platform impersonate the complainant.",
    "allegations": ["DPP3"],
    "received_on": "2026-03-02",
    "complainant": {"name": "Chan Tai Man", "email": "chan@mail.example", "consent_to_disclose": True},
}


@cache
def api_schema():
    """The schema as the application serves it, loaded once: generating it takes a while and no test changes it."""
    return schemathesis.openapi.from_wsgi("/api/schema/", application)


@pytest.fixture
def wsgi_requests_keep_the_test_connection():
    """The WSGI handler closes the database connection before and after each request, which ends
    the test's transaction on PostgreSQL; Django's test client keeps it open the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def unthrottled(monkeypatch):
    """Hundreds of requests a minute from one partner are the point here, not a reason to refuse."""
    django_cache.clear()
    for throttle in (PartnerThrottle, AnonymousThrottle):
        monkeypatch.setattr(throttle, "rate", "1000000/minute", raising=False)


@pytest.fixture
def world(editor, publisher) -> dict:
    """A partner with every scope and two referrals, published guidance under two topics, and
    complaints enough for the statistics to show a group."""
    partner, token = partner_with_token("Office for Personal Data Protection, Macao", SCOPES)
    privacy, cctv = TopicFactory(slug="privacy"), TopicFactory(slug="cctv")
    publications = [
        published("cctv-at-work", author=editor, publisher=publisher, topics=[cctv, privacy]),
        published("data-access-requests", author=editor, publisher=publisher, topics=[privacy]),
    ]
    referrals = [
        _referral(partner, key=SEEDED_KEY, reference="MO-2026-1"),
        _referral(partner, key="seeded-key-2", reference="MO-2026-2"),
    ]
    CaseFactory.create_batch(6, received_on=NOW.date(), principles=[DataProtectionPrinciple.objects.get(number=3)])
    return {
        "token": token,
        "slugs": [publication.slug for publication in publications],
        "references": [referral.case.reference for referral in referrals],
    }


def _referral(partner: Partner, *, key: str, reference: str) -> Referral:
    referral, _replayed = services.receive_referral(
        partner=partner,
        idempotency_key=key,
        request_hash="0" * 64,
        request=services.ReferralRequest(
            partner_reference=reference,
            organisation_name="Linkwave Limited",
            organisation_country="HK",
            summary="Fake accounts impersonate the complainant.",
        ),
        answer=lambda referral: {},
        now=NOW,
    )
    return referral


def _variants(label: str, mode: GenerationMode, world: dict) -> list[dict]:
    """What ``as_strategy`` is given: nothing (the schema alone), then what generated requests almost
    never hit: a seeded slug or reference (200), a body that refers a complaint (201, then 409 as its
    partner_reference comes again under other keys), and that body under a seeded referral's key (422)."""
    seeded = {
        "GET /api/v1/guidance/{slug}/": [{"path_parameters": {"slug": slug}} for slug in world["slugs"]],
        "GET /api/v1/referrals/{reference}/": [
            {"path_parameters": {"reference": reference}} for reference in world["references"]
        ],
        "POST /api/v1/referrals/": [
            {"body": REFERRAL},
            *([{"body": REFERRAL, "headers": {"Idempotency-Key": SEEDED_KEY}}] if mode == POSITIVE else []),
        ],
    }
    return [{}, *seeded.get(label, [])]


def test_every_operation_of_the_schema_is_called(wsgi_requests_keep_the_test_connection):
    labels = [result.ok().label for result in api_schema().get_all_operations()]

    assert sorted(labels) == sorted(OPERATIONS)


@pytest.mark.parametrize(
    ("label", "mode"),
    [(label, mode) for label, modes in OPERATIONS.items() for mode in modes],
    ids=lambda value: value.value if isinstance(value, GenerationMode) else value,
)
def test_the_operation_answers_as_the_schema_says(
    label, mode, world, unthrottled, wsgi_requests_keep_the_test_connection
):
    method, path = label.split(" ")
    operation = api_schema()[path][method]
    authorised = {"Authorization": f"Bearer {world['token']}"}
    checks = [*CONFORMANCE, negative_data_rejection] if mode == NEGATIVE else CONFORMANCE
    answered = set()

    for variant in _variants(label, mode, world):

        @settings(
            max_examples=EXAMPLES,
            derandomize=True,
            database=None,
            deadline=None,
        )
        @given(case=operation.as_strategy(mode, **variant))
        def answers_as_documented(case):
            answered.add(case.call_and_validate(headers=authorised, checks=checks).status_code)

        answers_as_documented()

    if mode == POSITIVE:
        successes = {int(code) for code in operation.responses.status_codes if code.startswith("2")}
        assert successes <= answered
