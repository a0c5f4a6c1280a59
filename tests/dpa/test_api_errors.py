"""What every endpoint of the partner API shares, on views of the test's own: one error format, a
view that names no scope is closed, the body size limit, and the page size ceiling."""

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import path
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.test import APIClient
from rest_framework.views import APIView

from dpa.api_access import PUBLIC, Pagination

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


class Referral(serializers.Serializer):
    organisation_country = serializers.RegexField(r"^[A-Z]{2}$")
    summary = serializers.CharField()


class Echo(APIView):
    required_scope = PUBLIC

    def get(self, request):
        numbers = list(range(500))
        paginator = Pagination()
        return paginator.get_paginated_response(paginator.paginate_queryset(numbers, request, view=self))

    def post(self, request):
        received = Referral(data=request.data)
        received.is_valid(raise_exception=True)
        return Response(received.validated_data, status=201)


class RefusedByAService(APIView):
    required_scope = PUBLIC

    def post(self, request):
        raise ValidationError({"summary": ["Too vague to open a case."]})


class Forgotten(APIView):
    def get(self, request):
        return Response({"secret": "never served"})


class ForPartners(APIView):
    required_scope = "statistics:read"

    def get(self, request):
        return Response({"secret": "never served"})


urlpatterns = [
    path("echo/", Echo.as_view()),
    path("forgotten/", Forgotten.as_view()),
    path("refused/", RefusedByAService.as_view()),
    path("partners/", ForPartners.as_view()),
]


@pytest.fixture
def api():
    return APIClient()


def test_a_field_that_is_wrong_or_missing_is_named_in_the_error(api):
    response = api.post("/echo/", {"organisation_country": "hk"}, format="json")

    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) == {"organisation_country", "summary"}
    assert error["fields"]["summary"] == ["This field is required."]


def test_a_body_that_is_not_json_is_a_400_in_the_same_format(api):
    response = api.generic("POST", "/echo/", "{not json", content_type="application/json")

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid"
    assert response.json()["error"]["message"].startswith("JSON parse error")


def test_a_body_over_the_limit_is_refused_before_it_is_read(api, settings):
    body = json.dumps({"organisation_country": "HK", "summary": "x" * settings.API_MAX_BODY_BYTES})

    response = api.generic("POST", "/echo/", body, content_type="application/json")

    assert response.status_code == 413
    assert response.json()["error"]["code"] == "too_large"


def test_a_body_at_the_limit_is_accepted(api, settings):
    prefix = '{"organisation_country": "HK", "summary": "'
    body = prefix + "x" * (settings.API_MAX_BODY_BYTES - len(prefix) - 2) + '"}'

    response = api.generic("POST", "/echo/", body, content_type="application/json")

    assert response.status_code == 201


def test_a_view_that_names_no_scope_is_closed_to_everyone(api):
    response = api.get("/forgotten/")

    assert response.status_code in (401, 403)
    assert "never served" not in response.content.decode()
    assert set(response.json()["error"]) == {"code", "message", "fields"}


def test_a_partner_view_without_a_token_is_401(api):
    response = api.get("/partners/")

    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


def test_a_method_the_endpoint_does_not_offer_is_405_in_the_same_format(api):
    response = api.delete("/echo/")

    assert response.status_code == 405
    assert response.json()["error"]["code"] == "method_not_allowed"


@pytest.mark.parametrize(("asked", "given"), [("10", 10), ("100", 100), ("1000", 100)])
def test_a_page_holds_at_most_the_ceiling(api, asked, given):
    response = api.get("/echo/", {"page_size": asked})

    assert len(response.json()["results"]) == given


def test_a_page_past_the_end_is_404_in_the_same_format(api):
    response = api.get("/echo/", {"page": "999"})

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_a_services_refusal_is_a_400_naming_its_fields(api):
    response = api.post("/refused/", {}, format="json")

    assert response.status_code == 400
    assert response.json()["error"]["fields"] == {"summary": ["Too vague to open a case."]}
