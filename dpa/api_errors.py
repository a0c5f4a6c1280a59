"""One error format for every endpoint of the partner API."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

ERROR_CODES = {
    status.HTTP_400_BAD_REQUEST: "invalid",
    status.HTTP_401_UNAUTHORIZED: "not_authenticated",
    status.HTTP_403_FORBIDDEN: "forbidden",
    status.HTTP_404_NOT_FOUND: "not_found",
    status.HTTP_405_METHOD_NOT_ALLOWED: "method_not_allowed",
    status.HTTP_406_NOT_ACCEPTABLE: "not_acceptable",
    status.HTTP_409_CONFLICT: "conflict",
    status.HTTP_413_REQUEST_ENTITY_TOO_LARGE: "too_large",
    status.HTTP_415_UNSUPPORTED_MEDIA_TYPE: "unsupported_media_type",
    status.HTTP_422_UNPROCESSABLE_ENTITY: "unprocessable",
    status.HTTP_429_TOO_MANY_REQUESTS: "throttled",
}


def _fields(detail, prefix: str = "") -> dict[str, list[str]]:
    """Each wrong field's messages, a nested one named by its path (``complainant.email``,
    ``allegations.0``)."""
    if not isinstance(detail, dict):
        return {}
    fields = {}
    for name, messages in detail.items():
        path = f"{prefix}{name}"
        if isinstance(messages, dict):
            fields |= _fields(messages, prefix=f"{path}.")
        else:
            fields[path] = [str(message) for message in (messages if isinstance(messages, list) else [messages])]
    return fields


def error_response(exc, context) -> Response | None:
    """Every error as ``{"error": {"code", "message", "fields"}}``: ``fields`` names each field that
    was wrong and why (for a 400); the status says the rest."""
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, DjangoValidationError):
        # A service's refusal, field by field where it names the fields.
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = exc.detail if isinstance(exc, exceptions.APIException) else response.data
    fields = _fields(detail)
    if fields:
        message = "Some fields are missing or wrong; see fields."
    elif isinstance(detail, list):
        message = " ".join(str(item) for item in detail)
    else:
        message = str(detail)
    response.data = {
        "error": {
            "code": ERROR_CODES.get(response.status_code, "error"),
            "message": message,
            "fields": fields,
        }
    }
    return response


class ErrorDetailSerializer(serializers.Serializer):
    """The body of every error the API answers with (``error_response``)."""

    def get_fields(self) -> dict:
        # Declared here because a field named "fields" would hide the serializer's own ``fields``.
        return {
            "code": serializers.CharField(help_text=_("What kind of error: invalid, not_found, throttled, …")),
            "message": serializers.CharField(),
            "fields": serializers.DictField(
                child=serializers.ListField(child=serializers.CharField()),
                help_text=_(
                    "For a 400: each field that was wrong, with why; a nested one by its path, e.g. complainant.email."
                ),
            ),
        }


class ErrorSerializer(serializers.Serializer):
    error = ErrorDetailSerializer()


def documented_error(description: str) -> OpenApiResponse:
    """An error response in the schema: the one format, and what it means for this endpoint."""
    return OpenApiResponse(ErrorSerializer, description=description)


NOT_AUTHENTICATED = documented_error("No access token, or one that is expired, revoked or unknown.")
THROTTLED = documented_error("Too many requests; Retry-After says when to try again.")
PAGE_NOT_FOUND = documented_error("No such page: page is past the last one, or not a whole number from 1.")


def scope_missing(scope: str) -> OpenApiResponse:
    return documented_error(f"The token does not have the {scope} scope.")


def not_found(request, exception):
    """An address under /api/ that names no endpoint (a slug or reference the URL pattern cannot hold)
    answered in the API's error format, as its views answer a 404; any other address the site's page."""
    if not request.path.startswith("/api/"):
        return defaults.page_not_found(request, exception)
    detail = {"code": ERROR_CODES[status.HTTP_404_NOT_FOUND], "message": str(exceptions.NotFound.default_detail)}
    return JsonResponse({"error": {**detail, "fields": {}}}, status=status.HTTP_404_NOT_FOUND)
