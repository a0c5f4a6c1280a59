"""The same referral sent twice at once with the same Idempotency-Key opens one case on PostgreSQL:
both requests look for the key before either has written, both go on to open a case, and the
database's unique key lets one commit; the other is undone and answers with the first answer."""

import json
import threading

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client

from cases.models import Case, Complainant, Organisation, Referral
from cases.services import referrals
from tests.helpers.concurrency import run_at_once
from tests.helpers.partners import bearer, partner_with_token

BODY = {
    "partner_reference": "SG-2026-0042",
    "organisation_name": "Harbour Loans Limited",
    "organisation_country": "HK",
    "summary": "A loan company passed the complainant's contacts to debt collectors.",
    "complainant": {"name": "Tan Mei Ling", "email": "mei.ling@mail.example"},
}


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL and real concurrency")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_same_key_sent_twice_at_once_opens_one_case(monkeypatch, restore_seeded_data_afterwards):
    cache.clear()
    _partner, token = partner_with_token("Personal Data Protection Commission Singapore", ["referrals:write"])
    both_looked = threading.Barrier(2)
    looked_once = threading.local()
    refuse_reference_used = referrals._refuse_reference_used

    def look_then_wait_for_the_other(partner, partner_reference):
        # Each request has found neither the key nor the reference before either opens a case.
        refuse_reference_used(partner, partner_reference)
        if not getattr(looked_once, "done", False):
            looked_once.done = True
            both_looked.wait(timeout=10)

    monkeypatch.setattr(referrals, "_refuse_reference_used", look_then_wait_for_the_other)

    def send():
        return Client().post(
            "/api/v1/referrals/",
            json.dumps(BODY),
            content_type="application/json",
            HTTP_IDEMPOTENCY_KEY="9f1c2b7e-0d7a-4c55-9e1f-6a3c1f0b2d44",
            **bearer(token),
        )

    responses, errors = run_at_once(send)

    assert errors == []
    assert [response.status_code for response in responses] == [201, 201]
    assert responses[0].json() == responses[1].json()
    assert sorted(response.headers.get("Idempotent-Replayed", "") for response in responses) == ["", "true"]
    assert (Case.objects.count(), Referral.objects.count()) == (1, 1)
    assert (Organisation.objects.count(), Complainant.objects.count()) == (1, 1)
    assert Case.objects.get().reference == responses[0].json()["reference"]
