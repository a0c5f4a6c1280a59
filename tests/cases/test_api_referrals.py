"""Referrals through the partner API: a partner's complaint opens a case of kind incoming referral
at intake, once however often it is sent with the same Idempotency-Key; the organisation is found
by name or alias or added for an officer to confirm; wrong or unknown fields are named; and the
partner follows its referrals' status and public timeline in a fixed number of queries."""

import json
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import services
from cases.models import (
    Case,
    CaseKind,
    CaseStatus,
    Channel,
    Complainant,
    Jurisdiction,
    Organisation,
    Outcome,
    Referral,
)
from tests.helpers.factories import OrganisationFactory, SectorFactory
from tests.helpers.partners import bearer, partner_with_token

pytestmark = pytest.mark.django_db

URL = "/api/v1/referrals/"
REFERRAL = {
    "partner_reference": "SG-2026-0042",
    "organisation_name": "Linkwave Limited",
    "organisation_country": "HK",
    "summary": "Fake accounts on the platform impersonate the complainant and post her photographs.",
}


@pytest.fixture(autouse=True)
def _fresh_throttle_counts():
    cache.clear()


@pytest.fixture
def partner():
    return partner_with_token(
        "Personal Data Protection Commission Singapore", ["referrals:write", "referrals:read"], country="SG"
    )


def _post(client, token, body, *, key="c0ffee-1", raw=None):
    headers = bearer(token) | ({"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {})
    data = raw if raw is not None else json.dumps(body)
    return client.post(URL, data, content_type="application/json", **headers)


def _refer(client, token, body=REFERRAL, *, key="c0ffee-1") -> dict:
    response = _post(client, token, body, key=key)
    assert response.status_code == 201, response.content
    return response.json()


# --- referring a complaint --------------------------------------------------------------------------


def test_a_referral_opens_an_unassigned_case_of_kind_incoming_referral_at_intake(client, partner):
    sender, token = partner
    response = _post(client, token, REFERRAL)

    assert response.status_code == 201
    answer = response.json()
    case = Case.objects.get()
    assert (case.kind, case.status, case.channel, case.assigned_officer) == (
        CaseKind.INCOMING_REFERRAL,
        CaseStatus.INTAKE,
        Channel.PARTNER,
        None,
    )
    assert answer["reference"] == case.reference and case.reference.startswith("REF-")
    assert response.headers["Location"] == f"http://testserver{URL}{case.reference}/"
    assert answer["url"] == response.headers["Location"]
    assert (answer["status"], answer["outcome"], answer["partner_reference"]) == ("intake", None, "SG-2026-0042")
    assert case.title == REFERRAL["summary"] and case.description == REFERRAL["summary"]
    assert case.received_on == timezone.localdate()
    assert [entry["event"] for entry in answer["timeline"]] == ["received"]
    referral = Referral.objects.get()
    assert (referral.partner, referral.case) == (sender, case)
    assert case.events.get(kind="received").describe() == (
        f"Referred by {sender.name} (their reference SG-2026-0042), received on "
        f"{timezone.localdate():%a} {timezone.localdate().day} {timezone.localdate():%b %Y}."
    )


def test_the_optional_fields_reach_the_case_and_the_complainant_is_kept_but_never_answered(client, partner):
    _sender, token = partner
    body = REFERRAL | {
        "allegations": ["DPP3", "DPP1", "DPP3"],
        "received_on": "2026-11-20",
        "complainant": {"name": "Tan Mei Ling", "email": "mei.ling@mail.example", "consent_to_disclose": True},
    }

    answer = _refer(client, token, body)

    case = Case.objects.get()
    assert sorted(case.principles.values_list("number", flat=True)) == [1, 3]
    assert str(case.received_on) == "2026-11-20" == answer["received_on"]
    assert (case.complainant.name, case.complainant.email) == ("Tan Mei Ling", "mei.ling@mail.example")
    assert case.consent_to_disclose_identity is True
    assert "Tan Mei Ling" not in json.dumps(answer) and "mei.ling" not in json.dumps(answer)


def test_a_long_summary_is_the_description_and_its_beginning_the_title(client, partner):
    _sender, token = partner
    summary = "Word " * 400

    _refer(client, token, REFERRAL | {"summary": summary})

    case = Case.objects.get()
    assert case.description == summary.strip()
    assert len(case.title) == 200 and case.title.endswith("…")


# --- the organisation ---------------------------------------------------------------------------------


@pytest.mark.parametrize("named", ["Linkwave Limited", "linkwave   LIMITED", "Linkwave HK", "連結網有限公司"])
def test_the_organisation_is_found_by_its_name_chinese_name_or_an_alias_however_spaced(client, partner, named):
    _sender, token = partner
    linkwave = OrganisationFactory(
        name="Linkwave Limited", name_zh="連結網有限公司", aliases="Linkwave\nLinkwave HK", jurisdiction="HK"
    )

    _refer(client, token, REFERRAL | {"organisation_name": named})

    assert Case.objects.get().organisation == linkwave
    assert Organisation.objects.count() == 1


def test_a_name_that_only_contains_a_known_one_is_not_a_match(client, partner):
    _sender, token = partner
    OrganisationFactory(name="Linkwave Limited", aliases="Linkwave", jurisdiction="HK")

    _refer(client, token, REFERRAL | {"organisation_name": "Linkwave Payments"})

    assert Case.objects.get().organisation.name == "Linkwave Payments"


def test_an_unknown_organisation_is_added_for_an_officer_to_confirm_and_found_by_the_next_referral(client, partner):
    _sender, token = partner

    _refer(client, token, REFERRAL | {"organisation_name": "Harbour  Loans Ltd"})
    _refer(client, token, REFERRAL | {"organisation_name": "harbour loans ltd", "partner_reference": "2"}, key="k2")

    added = Organisation.objects.get()
    assert (added.name, added.jurisdiction, added.sector, added.needs_confirmation) == (
        "Harbour Loans Ltd",
        Jurisdiction.HONG_KONG,
        None,
        True,
    )
    assert list(added.cases.values_list("referral__partner_reference", flat=True).order_by("pk")) == [
        "SG-2026-0042",
        "2",
    ]


@pytest.mark.parametrize(
    ("country", "jurisdiction"), [("SG", "SG"), ("FR", "EU"), ("DE", "EU"), ("JP", "XX"), ("HK", "HK")]
)
def test_the_organisation_is_looked_for_in_the_registry_of_its_country(client, partner, country, jurisdiction):
    _sender, token = partner
    OrganisationFactory(name="Linkwave Limited", jurisdiction="MO")

    _refer(client, token, REFERRAL | {"organisation_country": country})

    organisation = Case.objects.get().organisation
    assert (organisation.jurisdiction, organisation.needs_confirmation) == (jurisdiction, True)


def test_an_officer_confirms_an_added_organisation_once_it_has_its_sector(client, partner, officer):
    _sender, token = partner
    _refer(client, token)
    added = Organisation.objects.get()

    with pytest.raises(ValidationError, match="Choose the sector"):
        services.confirm_organisation(added, by=officer)
    added.sector = SectorFactory(code="social-media")
    added.save()
    services.confirm_organisation(added, by=officer)

    added.refresh_from_db()
    assert added.needs_confirmation is False


def test_only_those_who_may_change_organisations_confirm_one(client, partner, auditor):
    _sender, token = partner
    _refer(client, token)

    with pytest.raises(PermissionDenied):
        services.confirm_organisation(Organisation.objects.get(), by=auditor)

    assert Organisation.objects.get().needs_confirmation is True


# --- the same request again ---------------------------------------------------------------------------


def test_the_same_key_and_body_again_gets_the_first_answer_and_opens_nothing(client, partner):
    _sender, token = partner
    first = _post(client, token, REFERRAL)
    reordered = json.dumps(dict(reversed(REFERRAL.items())), indent=4)

    again = _post(client, token, None, raw=reordered)

    assert again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["Idempotent-Replayed"] == "true"
    assert again.headers["Location"] == first.headers["Location"]
    assert "Idempotent-Replayed" not in first.headers
    assert (Case.objects.count(), Referral.objects.count(), Organisation.objects.count()) == (1, 1, 1)


def test_the_first_answer_is_given_again_after_the_case_has_moved_on(client, partner, lead):
    _sender, token = partner
    first = _refer(client, token)
    services.move_case(Case.objects.get(), to=CaseStatus.SCREENING, by=lead, now=timezone.now())

    again = _post(client, token, REFERRAL)

    assert again.json() == first and again.json()["status"] == "intake"
    assert client.get(first["url"], **bearer(token)).json()["status"] == "screening"


def test_the_same_key_with_another_body_is_refused_and_changes_nothing(client, partner):
    _sender, token = partner
    first = _refer(client, token)

    refused = _post(client, token, REFERRAL | {"summary": "Something else"})

    assert refused.status_code == 422
    assert refused.json()["error"]["code"] == "unprocessable"
    assert "Idempotency-Key" in refused.json()["error"]["message"]
    assert Case.objects.count() == 1
    assert Case.objects.get().title == REFERRAL["summary"]
    assert client.get(first["url"], **bearer(token)).json()["reference"] == first["reference"]


def test_a_refused_body_keeps_nothing_so_the_corrected_one_goes_through_with_the_same_key(client, partner):
    _sender, token = partner

    refused = _post(client, token, REFERRAL | {"organisation_country": "Hong Kong"})
    accepted = _post(client, token, REFERRAL)

    assert (refused.status_code, accepted.status_code) == (400, 201)
    assert "Idempotent-Replayed" not in accepted.headers
    assert Case.objects.count() == 1


def test_a_reference_already_referred_under_another_key_is_a_conflict_naming_the_case(client, partner):
    _sender, token = partner
    first = _refer(client, token)

    conflict = _post(client, token, REFERRAL | {"summary": "Sent again by a new system"}, key="another-key")

    assert conflict.status_code == 409
    assert conflict.json()["error"]["code"] == "conflict"
    assert first["reference"] in conflict.json()["error"]["message"]
    assert Case.objects.count() == 1


@pytest.mark.parametrize(
    ("key", "why"),
    [
        (None, "required"),
        ("", "required"),
        ("two words", "printable ASCII"),
        ("x" * 256, "At most 255"),
        ("clé", "printable ASCII"),
    ],
)
def test_an_idempotency_key_that_is_missing_or_malformed_is_a_400_naming_the_header(client, partner, key, why):
    _sender, token = partner
    headers = bearer(token) | ({"HTTP_IDEMPOTENCY_KEY": key} if key is not None else {})

    response = client.post(URL, json.dumps(REFERRAL), content_type="application/json", **headers)

    assert response.status_code == 400
    assert why in response.json()["error"]["fields"]["Idempotency-Key"][0]
    assert not Case.objects.exists()


def test_the_same_key_of_two_partners_is_two_referrals(client, partner):
    _sender, token = partner
    _other, other_token = partner_with_token("Office for Personal Data Protection, Macao", ["referrals:write"])

    first = _refer(client, token)
    second = _refer(client, other_token)

    assert first["reference"] != second["reference"]
    assert Referral.objects.count() == 2


# --- what is wrong is named ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"partner_reference": None}, "partner_reference", "required"),
        ({"organisation_name": ""}, "organisation_name", "blank"),
        ({"organisation_country": "ZZ"}, "organisation_country", "ISO 3166"),
        ({"organisation_country": "hk"}, "organisation_country", "ISO 3166"),
        ({"organisation_country": "HKG"}, "organisation_country", "no more than 2"),
        ({"summary": "x" * 10_001}, "summary", "no more than 10000"),
        ({"allegations": ["DPP7"]}, "allegations.0", "DPP1 to DPP6"),
        ({"allegations": "DPP3"}, "allegations", "list"),
        ({"received_on": "2026-02-30"}, "received_on", "wrong format"),
        ({"received_on": "1899-12-31"}, "received_on", "between 1900-01-01"),
        ({"complainant": {"email": "mei@mail.example"}}, "complainant.name", "required"),
        ({"complainant": {"name": "Tan", "email": "not an address"}}, "complainant.email", "valid email"),
        ({"complainant": {"name": "Tan", "phone": "9123 4567"}}, "complainant.phone", "Unknown field"),
        ({"complainant": "Tan Mei Ling"}, "complainant.non_field_errors", "dictionary"),
        ({"organisation": "Linkwave"}, "organisation", "Unknown field"),
    ],
)
def test_a_wrong_missing_or_unknown_field_is_a_400_naming_it_and_nothing_is_opened(
    client, partner, changes, field, message
):
    _sender, token = partner
    body = {name: value for name, value in (REFERRAL | changes).items() if value is not None}

    response = _post(client, token, body)

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert message in " ".join(error["fields"][field])
    assert not Case.objects.exists() and not Complainant.objects.exists() and not Organisation.objects.exists()


def test_every_wrong_field_is_named_at_once_unknown_ones_too(client, partner):
    _sender, token = partner

    response = _post(client, token, {"organisation_country": "ZZ", "colour": "red"})

    assert sorted(response.json()["error"]["fields"]) == [
        "colour",
        "organisation_country",
        "organisation_name",
        "partner_reference",
        "summary",
    ]


def test_a_receipt_in_the_future_is_refused(client, partner):
    _sender, token = partner
    tomorrow = timezone.localdate() + timedelta(days=1)

    response = _post(client, token, REFERRAL | {"received_on": tomorrow.isoformat()})

    assert response.status_code == 400
    assert response.json()["error"]["fields"]["received_on"] == ["A complaint cannot be received in the future."]


def test_a_body_that_is_not_an_object_is_a_400(client, partner):
    _sender, token = partner

    response = _post(client, token, None, raw=json.dumps([REFERRAL]))

    assert response.status_code == 400
    assert not Case.objects.exists()


# --- following one's referrals ------------------------------------------------------------------------


def test_the_list_shows_ones_referrals_newest_first_and_filters_them(client, partner, lead):
    _sender, token = partner
    older = _refer(client, token, REFERRAL | {"partner_reference": "A"}, key="a")
    newer = _refer(client, token, REFERRAL | {"partner_reference": "B"}, key="b")
    services.move_case(Case.objects.get(reference=older["reference"]), to="screening", by=lead, now=timezone.now())

    listed = client.get(URL, **bearer(token)).json()
    screening = client.get(URL, {"status": "screening"}, **bearer(token)).json()
    by_reference = client.get(URL, {"partner_reference": "B"}, **bearer(token)).json()

    assert [item["reference"] for item in listed["results"]] == [newer["reference"], older["reference"]]
    assert listed["count"] == 2
    assert [item["reference"] for item in screening["results"]] == [older["reference"]]
    assert [item["reference"] for item in by_reference["results"]] == [newer["reference"]]
    assert "timeline" not in listed["results"][0]


def test_a_filter_that_cannot_be_read_is_a_400_naming_it(client, partner):
    _sender, token = partner

    response = client.get(URL, {"status": "lost"}, **bearer(token))

    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["status"]


def test_the_timeline_shows_status_changes_enquiries_and_the_outcome_but_no_note_officer_or_complainant(
    client, partner, lead, officer
):
    _sender, token = partner
    body = REFERRAL | {"complainant": {"name": "Tan Mei Ling", "email": "mei.ling@mail.example"}}
    reference = _refer(client, token, body)["reference"]
    case = Case.objects.get(reference=reference)
    now = timezone.now()
    services.assign_case(case, officer=officer, by=lead, now=now)
    services.add_note(case, text="Spoke to Tan Mei Ling; Karen Chan to call Linkwave.", by=officer, now=now)
    services.move_case(case, to=CaseStatus.SCREENING, by=officer, now=now)
    services.move_case(case, to=CaseStatus.NOT_PURSUED, reason="Karen Chan: out of time", by=officer, now=now)
    services.close_case(case, outcome=Outcome.NOT_PURSUED, reason="Tan Mei Ling withdrew", by=officer, now=now)

    response = client.get(f"{URL}{reference}/", **bearer(token))

    detail = response.json()
    assert (detail["status"], detail["outcome"]) == ("closed", "not_pursued")
    assert [(entry["event"], entry["from_status"], entry["to_status"]) for entry in detail["timeline"]] == [
        ("received", None, None),
        ("status_changed", "intake", "screening"),
        ("status_changed", "screening", "not_pursued"),
        ("closed", "not_pursued", "closed"),
    ]
    text = response.content.decode()
    for secret in [
        "Tan",
        "Mei",
        "mei.ling",
        "Karen",
        "Chan",
        "officer",
        "teamlead",
        "Grace",
        "Leung",
        "out of time",
        "withdrew",
    ]:
        assert secret not in text


def test_an_unknown_reference_is_404(client, partner):
    _sender, token = partner

    response = client.get(f"{URL}REF-2026-99999/", **bearer(token))

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def _queries(client, url, token) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **bearer(token))
    assert response.status_code == 200
    return len(queries)


def test_the_list_and_a_referral_take_the_same_few_queries_with_2_or_20_referrals(client, partner, lead):
    _sender, token = partner
    counts = []
    for total in (2, 20):
        while Referral.objects.count() < total:
            number = Referral.objects.count()
            _refer(client, token, REFERRAL | {"partner_reference": f"R{number}"}, key=f"k{number}")
        reference = Referral.objects.first().case.reference
        services.move_case(Case.objects.get(reference=reference), to="screening", by=lead, now=timezone.now())
        counts.append((_queries(client, URL, token), _queries(client, f"{URL}{reference}/", token)))

    assert counts[0] == counts[1]
    # The token with its partner; the count, the page; for one referral the referral and its timeline;
    # and the call recorded.
    assert counts[0] == (4, 4)
