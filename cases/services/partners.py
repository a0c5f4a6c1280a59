"""Partners of the API: taking one on with its OAuth2 client, changing a client's secret, revoking
a partner's access, and recording its calls."""

from datetime import datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from oauth2_provider.generators import generate_client_secret
from oauth2_provider.models import AccessToken, Application, RefreshToken

from cases.models import ApiCall, Partner, PartnerClient
from cases.services.base import save_with_actor


@transaction.atomic
def create_partner(
    *,
    name: str,
    kind: str,
    country: str,
    contact_name: str = "",
    contact_email: str = "",
    scopes: list[str],
    by,
    now: datetime,
) -> tuple[Partner, str, str]:
    """Take on a partner with one client allowed ``scopes``; returns the partner, the client's id and
    its secret, which is stored only hashed and so is never shown again."""
    partner = Partner(
        name=name.strip(),
        kind=kind,
        country=country.strip(),
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip(),
        created_at=now,
    )
    client = PartnerClient(partner=partner, scopes=" ".join(scopes), created_at=now)
    errors = _errors_of(partner.full_clean) | _errors_of(client.full_clean, exclude=["partner", "application"])
    if errors:
        # Each field checks itself first, so what is left above the fields is the one rule across
        # rows: the name is taken (in any case).
        if NON_FIELD_ERRORS in errors:
            errors["name"] = errors.pop(NON_FIELD_ERRORS)
        raise ValidationError(errors)
    save_with_actor(partner, by=by)
    secret = generate_client_secret()
    client.application = Application.objects.create(
        name=partner.name,
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_CLIENT_CREDENTIALS,
        client_secret=secret,
        hash_client_secret=True,
    )
    save_with_actor(client, by=by)
    return partner, client.application.client_id, secret


def _errors_of(full_clean, **kwargs) -> dict[str, list[str]]:
    try:
        full_clean(**kwargs)
    except ValidationError as error:
        return error.message_dict
    return {}


@transaction.atomic
def rotate_secret(client: PartnerClient, *, by, now: datetime) -> str:
    """Give a client a new secret, which is returned once; the old one stops working at once, and the
    tokens already issued run until they expire."""
    client = PartnerClient.objects.select_for_update().select_related("application", "partner").get(pk=client.pk)
    if not client.in_use:
        raise ValidationError(_("This client's access is revoked: it gets no new secret."))
    secret = generate_client_secret()
    application = client.application
    application.client_secret = secret
    application.save(update_fields=["client_secret", "updated"])
    client.secret_rotated_at = now
    save_with_actor(client, by=by, fields=["secret_rotated_at"])
    return secret


@transaction.atomic
def revoke_access(partner: Partner, *, by, now: datetime) -> None:
    """Stop a partner at once: inactive, every client revoked with a secret nobody knows, and every
    token of theirs deleted, so their next call is refused."""
    partner = Partner.objects.select_for_update().get(pk=partner.pk)
    partner.active = False
    save_with_actor(partner, by=by, fields=["active"])
    clients = list(partner.clients.select_related("application").filter(revoked_at__isnull=True))
    for client in clients:
        client.revoked_at = now
        save_with_actor(client, by=by, fields=["revoked_at"])
        client.application.client_secret = generate_client_secret()
        client.application.save(update_fields=["client_secret", "updated"])
    applications = Application.objects.filter(partner_client__partner=partner)
    RefreshToken.objects.filter(application__in=applications).delete()
    AccessToken.objects.filter(application__in=applications).delete()


def record_call(client: PartnerClient, *, method: str, path: str, status_code: int, now: datetime) -> ApiCall:
    """Note one call of a partner's client: one INSERT, made after the response is ready."""
    return ApiCall.objects.create(
        partner_id=client.partner_id,
        client=client,
        method=method[: ApiCall._meta.get_field("method").max_length],
        path=path[: ApiCall._meta.get_field("path").max_length],
        status_code=status_code,
        at=now,
    )
