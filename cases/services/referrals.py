"""Referrals from partners: a complaint another authority sends us opens a case of its own, once,
however many times the partner sends it; and the organisations such referrals add, confirmed by an
officer."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from cases.models import (
    Case,
    CaseKind,
    Channel,
    Complainant,
    DataProtectionPrinciple,
    Jurisdiction,
    Organisation,
    Partner,
    Referral,
)
from cases.services.base import save_with_actor
from cases.services.cases import open_case

# fmt: off
EU_MEMBER_STATES = frozenset({
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU",
    "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK",
})
# fmt: on


def jurisdiction_of(country: str) -> str:
    """The jurisdiction of the registry that an ISO 3166 country belongs to."""
    if country in EU_MEMBER_STATES:
        return Jurisdiction.EUROPEAN_UNION
    return country if country in Jurisdiction.values else Jurisdiction.OTHER


@dataclass(frozen=True)
class ReferredComplainant:
    name: str
    email: str = ""
    consent_to_disclose: bool = False


@dataclass(frozen=True)
class ReferralRequest:
    """What a partner sends to refer a complaint, already read and checked field by field."""

    partner_reference: str
    organisation_name: str
    organisation_country: str
    summary: str
    principles: tuple[int, ...] = ()
    received_on: date | None = None
    complainant: ReferredComplainant | None = None


class IdempotencyKeyReused(Exception):
    """The partner sent a different request with a key it had used before."""


class AlreadyReferred(Exception):
    """The partner referred a complaint with this reference before, under another key."""

    def __init__(self, referral: Referral):
        super().__init__(referral.case.reference)
        self.referral = referral


def receive_referral(
    *,
    partner: Partner,
    idempotency_key: str,
    request_hash: str,
    request: ReferralRequest,
    answer: Callable[[Referral], dict],
    now: datetime,
) -> tuple[Referral, bool]:
    """Open a case of kind incoming referral for ``request``, keeping ``answer(referral)`` as the
    answer to give every time the same request comes again. Returns the referral and whether it
    was already there.

    The same key with the same request (``request_hash``) is the first referral again, whenever
    it is sent and however many times at once: the database's unique key per partner decides
    which of two concurrent requests opens the case, and the other's work is undone. The same key
    with another request is ``IdempotencyKeyReused``; a reference the partner used before under
    another key is ``AlreadyReferred``.
    """

    def receive_once() -> tuple[Referral, bool]:
        earlier = _earlier(partner, idempotency_key, request_hash)
        if earlier is not None:
            return earlier, True
        _refuse_reference_used(partner, request.partner_reference)
        with transaction.atomic():
            return _open_referral(partner, idempotency_key, request_hash, request, answer, now), False

    try:
        return receive_once()
    except IntegrityError:
        # A concurrent request committed first: this same referral, or the organisation this one
        # adds. Looked at again, it is found.
        return receive_once()


def _earlier(partner: Partner, idempotency_key: str, request_hash: str) -> Referral | None:
    referral = Referral.objects.filter(partner=partner, idempotency_key=idempotency_key).first()
    if referral is not None and referral.request_hash != request_hash:
        raise IdempotencyKeyReused()
    return referral


def _refuse_reference_used(partner: Partner, partner_reference: str) -> None:
    earlier = Referral.objects.select_related("case").filter(partner=partner, partner_reference=partner_reference)
    referral = earlier.first()
    if referral is not None:
        raise AlreadyReferred(referral)


def _open_referral(
    partner: Partner,
    idempotency_key: str,
    request_hash: str,
    request: ReferralRequest,
    answer: Callable[[Referral], dict],
    now: datetime,
) -> Referral:
    referred = request.complainant
    complainant = None
    if referred is not None:
        complainant = Complainant(name=referred.name, email=referred.email)
        complainant.full_clean()
        save_with_actor(complainant, by=None)
    case = open_case(
        kind=CaseKind.INCOMING_REFERRAL,
        title=Truncator(" ".join(request.summary.split())).chars(Case._meta.get_field("title").max_length),
        description=request.summary,
        received_on=request.received_on or timezone.localdate(now),
        channel=Channel.PARTNER,
        by=None,
        now=now,
        organisation=_organisation_named(request.organisation_name, request.organisation_country),
        complainant=complainant,
        consent_to_disclose_identity=referred is not None and referred.consent_to_disclose,
        principles=DataProtectionPrinciple.objects.filter(number__in=request.principles),
        referred_by=(partner.name, request.partner_reference),
    )
    referral = Referral(
        partner=partner,
        case=case,
        partner_reference=request.partner_reference,
        organisation_name=request.organisation_name,
        organisation_country=request.organisation_country,
        idempotency_key=idempotency_key,
        request_hash=request_hash,
        received_at=now,
    )
    referral.first_answer = answer(referral)
    # The unique keys are the database's to enforce: a concurrent request's row must raise the
    # IntegrityError ``receive_referral`` recovers from, not a validation error.
    referral.full_clean(validate_constraints=False)
    referral.save()
    return referral


def _organisation_named(name: str, country: str) -> Organisation:
    """The organisation on file by this name or alias in the country's jurisdiction, or a new one
    for an officer to confirm."""
    jurisdiction = jurisdiction_of(country)
    known = Organisation.objects.named(name, jurisdiction=jurisdiction).first()
    if known is not None:
        return known
    organisation = Organisation(name=" ".join(name.split()), jurisdiction=jurisdiction, needs_confirmation=True)
    organisation.full_clean(exclude=["sector"], validate_constraints=False)
    save_with_actor(organisation, by=None)
    return organisation


@transaction.atomic
def confirm_organisation(organisation: Organisation, *, by) -> Organisation:
    """An officer has checked that an organisation added from a referral is not already on file
    under another name, and given it its sector."""
    if not by.has_perm("cases.change_organisation"):
        raise PermissionDenied(_("You cannot change organisations."))
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not organisation.needs_confirmation:
        return organisation
    if organisation.sector_id is None:
        raise ValidationError(
            _("Choose the sector of %(organisation)s before confirming it.") % {"organisation": organisation.name}
        )
    organisation.needs_confirmation = False
    save_with_actor(organisation, by=by, fields=["needs_confirmation"])
    return organisation
