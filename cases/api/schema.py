"""How the OpenAPI schema describes partner authentication: OAuth2 client credentials, with the one
scope each endpoint needs (``required_scope``), and no token at all for the public ones."""

from drf_spectacular.contrib.django_oauth_toolkit import DjangoOAuthToolkitScheme

from dpa.api_access import PUBLIC


class PartnerAuthenticationScheme(DjangoOAuthToolkitScheme):
    target_class = "cases.partner_oauth.PartnerAuthentication"

    def get_security_requirement(self, auto_schema):
        scope = getattr(auto_schema.view, "required_scope", None)
        if scope == PUBLIC:
            # Open to anyone; a token, if sent, must be valid.
            return [{self.name: []}, {}]
        return {self.name: [scope]} if scope else None
