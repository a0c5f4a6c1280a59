"""Referrals: a complaint another authority (a partner of the API) sent us, the case it opened, and
what the partner may read of that case.

A partner sees only the referrals it sent (``ReferralQuerySet.sent_by``): a rule of its own beside
the staff's visibility, and never wider than what the partner gave us. Of the case it reads the
status, the outcome and the public part of the timeline (``PARTNER_TIMELINE``): never a note, a
person's name or anything else only staff may see.
"""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from cases.models.cases import Case
from cases.models.partners import COUNTRY_PATTERN, Partner, validate_country
from cases.models.timeline import CaseEvent, CaseEventKind

# What a partner reads of its referral's timeline: that it was received, how its status moved, and
# when the organisation was asked and answered. Each entry is shown by its kind and statuses only:
# its message and text (which may name an officer or a complainant, or quote a note) never are.
PARTNER_TIMELINE = (
    CaseEventKind.RECEIVED,
    CaseEventKind.STATUS_CHANGED,
    CaseEventKind.CLOSED,
    CaseEventKind.REOPENED,
    CaseEventKind.ENQUIRY_SENT,
    CaseEventKind.REPLY_RECEIVED,
)

REQUEST_HASH_PATTERN = r"^[0-9a-f]{64}\Z"


class ReferralQuerySet(models.QuerySet):
    def sent_by(self, partner: Partner) -> "ReferralQuerySet":
        """The referrals this partner sent: all a partner may see, and nothing of another's."""
        return self.filter(partner=partner)

    def for_partner_list(self) -> "ReferralQuerySet":
        """Newest first, with the case's status and outcome in the same query."""
        return self.select_related("case").order_by("-received_at", "-pk")


class Referral(models.Model):
    """A complaint a partner referred to us through the API, and the case it opened.

    The partner's ``Idempotency-Key`` and a hash of what it sent are kept with the first answer, so
    the same request sent again gets that answer and opens nothing.
    """

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("partner"))
    case = models.OneToOneField(Case, on_delete=models.PROTECT, related_name="referral", verbose_name=_("case"))
    partner_reference = models.CharField(_("partner's reference"), max_length=100)
    organisation_name = models.CharField(_("organisation as named by the partner"), max_length=200)
    organisation_country = models.CharField(
        _("organisation's country"),
        max_length=2,
        validators=[validate_country],
    )
    idempotency_key = models.CharField(_("idempotency key"), max_length=255)
    request_hash = models.CharField(
        _("SHA-256 of the request"),
        max_length=64,
        validators=[RegexValidator(REQUEST_HASH_PATTERN, _("A SHA-256 in lower-case hexadecimal."))],
    )
    first_answer = models.JSONField(_("first answer"), editable=False)
    received_at = models.DateTimeField(_("received"))

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-received_at", "-pk"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        indexes = [models.Index(fields=["partner", "-received_at", "-id"], name="referral_partner_newest")]
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "idempotency_key"],
                name="referral_idempotency_key_unique_per_partner",
                violation_error_message=_("This partner already sent a referral with this idempotency key."),
            ),
            models.UniqueConstraint(
                fields=["partner", "partner_reference"],
                name="referral_partner_reference_unique",
                violation_error_message=_("This partner already referred a complaint with this reference."),
            ),
            models.CheckConstraint(
                condition=~Q(partner_reference=""),
                name="referral_partner_reference_not_empty",
                violation_error_message=_("A referral has the partner's reference."),
            ),
            models.CheckConstraint(
                condition=~Q(idempotency_key=""),
                name="referral_idempotency_key_not_empty",
                violation_error_message=_("A referral has its idempotency key."),
            ),
            models.CheckConstraint(
                condition=~Q(organisation_name=""),
                name="referral_organisation_name_not_empty",
                violation_error_message=_("A referral names the organisation."),
            ),
            models.CheckConstraint(
                condition=Q(organisation_country__regex=COUNTRY_PATTERN),
                name="referral_organisation_country_iso_alpha2",
                violation_error_message=_("The country is a code of two capital letters (ISO 3166), e.g. HK."),
            ),
            models.CheckConstraint(
                condition=Q(request_hash__regex=REQUEST_HASH_PATTERN),
                name="referral_request_hash_sha256",
                violation_error_message=_("The request hash is a SHA-256 in lower-case hexadecimal."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.partner_reference}"

    def partner_timeline(self) -> models.QuerySet:
        """The entries of the case's timeline the partner may read, oldest first."""
        return CaseEvent.objects.filter(case_id=self.case_id, kind__in=PARTNER_TIMELINE).order_by("at", "pk")
