"""OAuth2 for partners: a token carries only scopes its client was given, and only an active partner's
unrevoked client gets one or has one accepted. The API's authentication also tells the call log
(``cases.partner_calls``) which partner's client made the request."""

import hashlib
from collections import OrderedDict

from django.utils.translation import gettext_lazy as _
from oauth2_provider.contrib.rest_framework import OAuth2Authentication
from oauth2_provider.models import AccessToken
from oauth2_provider.oauth2_validators import OAuth2Validator
from rest_framework import exceptions

from cases.models import PartnerClient


def client_in_use(application) -> PartnerClient | None:
    """The partner client of an OAuth2 application, if it may get and use tokens."""
    try:
        client = application.partner_client
    except PartnerClient.DoesNotExist:
        return None
    return client if client.in_use else None


class PartnerOAuth2Validator(OAuth2Validator):
    def authenticate_client(self, request, *args, **kwargs):
        # A revoked client's secret is replaced as well; this also refuses one revoked another way.
        return super().authenticate_client(request, *args, **kwargs) and client_in_use(request.client) is not None

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        partner_client = client_in_use(client)
        return partner_client is not None and set(scopes) <= set(partner_client.scope_list)

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        partner_client = client_in_use(request.client)
        return partner_client.scope_list if partner_client is not None else []

    def validate_bearer_token(self, token, scopes, request):
        if not super().validate_bearer_token(token, scopes, request):
            return False
        if client_in_use(request.access_token.application) is None:
            request.oauth2_error = OrderedDict(
                [("error", "invalid_token"), ("error_description", _("The access token is invalid."))]
            )
            return False
        return True

    def _load_access_token(self, token):
        # DOT's own look-up (by the token's SHA-256), bringing the partner along in the same query
        # for the checks above and the call log.
        checksum = hashlib.sha256(token.encode("utf-8")).hexdigest()
        tokens = AccessToken.objects.select_related("application__partner_client__partner", "user")
        return tokens.filter(token_checksum=checksum).first()


class PartnerAuthentication(OAuth2Authentication):
    """DOT's token authentication that also leaves the partner's client on the Django request, where
    the call log finds it once the response is ready."""

    def authenticate(self, request):
        authenticated = super().authenticate(request)
        if authenticated is None:
            if request.headers.get("Authorization", "").startswith("Bearer "):
                # Even where no token is needed, a token sent is one the partner means to use: an
                # expired or revoked one is said so, not quietly taken for no token at all.
                raise exceptions.AuthenticationFailed(_("The access token is invalid, expired or revoked."))
            return None
        _user, token = authenticated
        request._request.partner_client = client_in_use(token.application)
        return authenticated
