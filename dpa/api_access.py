"""What every endpoint of the partner API shares: the scope a view needs, a ceiling on request
bodies and on page sizes, and throttling per partner counted in the shared cache. (The error
format is in ``dpa.api_errors``: DRF reads these classes while it loads its views.)"""

import re
from io import BytesIO

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions, status
from rest_framework.pagination import PageNumberPagination
from rest_framework.parsers import JSONParser
from rest_framework.permissions import BasePermission
from rest_framework.throttling import SimpleRateThrottle

# A view open to everyone, token or not (published guidance).
PUBLIC = "public"


def caller_scopes(request) -> set[str]:
    """The scopes of the request's valid access token; none without one."""
    token = request.auth
    return set(token.scope.split()) if token is not None and hasattr(token, "scope") else set()


class HasScope(BasePermission):
    """The view's ``required_scope`` is among the token's, or the view is ``PUBLIC``. A view that names
    no scope is refused to everyone: nothing is open by accident."""

    message = "This token does not have the scope this endpoint needs."

    def has_permission(self, request, view) -> bool:
        required = getattr(view, "required_scope", None)
        if required is None:
            return False
        if required == PUBLIC:
            return True
        if request.auth is None:
            raise exceptions.NotAuthenticated()
        return required in caller_scopes(request)


class TooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_detail = f"A request body may be at most {settings.API_MAX_BODY_BYTES} bytes."
    default_code = "too_large"


class LimitedJSONParser(JSONParser):
    """JSON bodies up to ``API_MAX_BODY_BYTES``, refused before more than that is read."""

    def parse(self, stream, media_type=None, parser_context=None):
        request = parser_context["request"]
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > settings.API_MAX_BODY_BYTES:
            raise TooLarge()
        body = stream.read(settings.API_MAX_BODY_BYTES + 1) if stream is not None else b""
        if len(body) > settings.API_MAX_BODY_BYTES:
            raise TooLarge()
        return super().parse(BytesIO(body), media_type, parser_context)


class Pagination(PageNumberPagination):
    page_size = settings.API_PAGE_SIZE
    page_size_query_param = "page_size"
    max_page_size = settings.API_MAX_PAGE_SIZE

    def get_page_size(self, request) -> int:
        """The page size asked for, cut to the ceiling. One that is not a whole number from 1 is a 400
        naming page_size, as a filter that cannot be read is, rather than quietly the default."""
        asked = request.query_params.get(self.page_size_query_param, "")
        if not asked:
            return self.page_size
        if not re.fullmatch(r"[0-9]+", asked) or int(asked) < 1:
            raise exceptions.ValidationError({self.page_size_query_param: [_("A whole number from 1.")]})
        return min(int(asked), self.max_page_size)

    def get_schema_operation_parameters(self, view) -> list[dict]:
        # Pages and page sizes are counted from 1.
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            parameter["schema"]["minimum"] = 1
        return parameters


class PartnerThrottle(SimpleRateThrottle):
    """Requests per OAuth2 client, counted in the cache every web process shares."""

    scope = "partner"

    def get_cache_key(self, request, view) -> str | None:
        token = request.auth
        if token is None or not hasattr(token, "application_id"):
            return None
        return self.cache_format % {"scope": self.scope, "ident": token.application_id}


class AnonymousThrottle(SimpleRateThrottle):
    """Requests without a token, per client address."""

    scope = "anonymous"

    def get_cache_key(self, request, view) -> str | None:
        if request.auth is not None:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}
