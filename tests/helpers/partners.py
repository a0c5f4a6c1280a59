"""Partners of the API and access tokens for them, written straight to the database."""

from datetime import timedelta

from django.utils import timezone
from oauth2_provider.models import AccessToken

from cases import services
from cases.models import Partner


def partner_with_token(
    name: str, scopes: list[str], *, expires_in: timedelta = timedelta(hours=1), country: str = "MO"
) -> tuple[Partner, str]:
    """A partner with one client allowed ``scopes`` and a token carrying all of them."""
    partner, _client_id, _secret = services.create_partner(
        name=name, kind="authority", country=country, scopes=scopes, by=None, now=timezone.now()
    )
    return partner, token_for(partner, scopes, expires_in=expires_in)


def token_for(partner: Partner, scopes: list[str], *, expires_in: timedelta = timedelta(hours=1)) -> str:
    """Another token of the partner's client, carrying ``scopes``."""
    token = f"token-{partner.pk}-{'-'.join(scopes)}-{AccessToken.objects.count()}"
    AccessToken.objects.create(
        token=token,
        application=partner.clients.get().application,
        expires=timezone.now() + expires_in,
        scope=" ".join(scopes),
    )
    return token


def bearer(token: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}
