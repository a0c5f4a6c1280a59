"""Partners of the API (other authorities, internal systems), the OAuth2 clients they call it with,
and the record of their calls."""

import re

import iso3166
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from oauth2_provider.models import Application
from simple_history.models import HistoricalRecords

COUNTRY_PATTERN = r"^[A-Z]{2}\Z"


def validate_country(value: str) -> None:
    """An ISO 3166-1 alpha-2 code of a country, in capitals."""
    if value not in iso3166.countries_by_alpha2:
        raise ValidationError(_("Not an ISO 3166-1 alpha-2 country code in capitals, e.g. HK."), code="country")


_ONE_SCOPE = "|".join(re.escape(scope) for scope in settings.API_SCOPES)
# One or more known scopes separated by single spaces; that each is named once is the form's check.
SCOPES_PATTERN = rf"^({_ONE_SCOPE})( ({_ONE_SCOPE}))*\Z"


def validate_scopes(value: str) -> None:
    """Known scopes, separated by single spaces, each named once."""
    scopes = value.split(" ")
    unknown = sorted(set(scopes) - set(settings.API_SCOPES))
    if unknown:
        raise ValidationError(
            _("Unknown scope: %(scopes)s. Known scopes: %(known)s."),
            code="unknown_scope",
            params={"scopes": ", ".join(unknown), "known": ", ".join(settings.API_SCOPES)},
        )
    if len(set(scopes)) != len(scopes):
        raise ValidationError(_("Name each scope once."), code="repeated_scope")


class PartnerKind(models.TextChoices):
    AUTHORITY = "authority", _("another authority")
    INTERNAL = "internal", _("internal system")


class PartnerQuerySet(models.QuerySet):
    def with_client_count_and_last_call(self) -> "PartnerQuerySet":
        """Each partner's number of clients and the moment of its latest call, for the list of partners."""
        latest = ApiCall.objects.filter(partner=models.OuterRef("pk")).order_by("-at").values("at")[:1]
        return self.annotate(client_count=models.Count("clients", distinct=True), last_call_at=models.Subquery(latest))


class Partner(models.Model):
    """Another authority or an internal system that calls the API with its own clients and scopes."""

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerKind.choices)
    country = models.CharField(
        _("country"),
        max_length=2,
        validators=[validate_country],
        help_text=_("ISO 3166 code of two capital letters, e.g. HK."),
    )
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(_("created"))
    active = models.BooleanField(
        _("active"), default=True, help_text=_("A partner whose access is revoked is inactive.")
    )
    history = HistoricalRecords()

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                Lower("name"),
                name="partner_name_unique",
                violation_error_message=_("A partner of this name is already on file."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="partner_name_not_empty",
                violation_error_message=_("A partner needs a name."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=PartnerKind.values),
                name="partner_kind_valid",
                violation_error_message=_("Choose a kind of partner from the list."),
            ),
            models.CheckConstraint(
                condition=Q(country__regex=COUNTRY_PATTERN),
                name="partner_country_iso_alpha2",
                violation_error_message=_("The country is a code of two capital letters (ISO 3166), e.g. HK."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class PartnerClient(models.Model):
    """One OAuth2 client of a partner, and the scopes its tokens may carry."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="clients", verbose_name=_("partner"))
    application = models.OneToOneField(
        Application, on_delete=models.PROTECT, related_name="partner_client", verbose_name=_("OAuth2 application")
    )
    scopes = models.CharField(
        _("scopes"),
        max_length=200,
        validators=[validate_scopes],
        error_messages={"blank": _("Give at least one scope.")},
        help_text=_("The scopes its tokens may carry, separated by spaces."),
    )
    created_at = models.DateTimeField(_("created"))
    secret_rotated_at = models.DateTimeField(_("secret last changed"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partner", "created_at", "pk"]
        verbose_name = _("partner client")
        verbose_name_plural = _("partner clients")
        constraints = [
            models.CheckConstraint(
                condition=Q(scopes__regex=SCOPES_PATTERN),
                name="partner_client_scopes_known",
                violation_error_message=_("Scopes are known scope names separated by single spaces."),
            ),
            models.CheckConstraint(
                condition=Q(revoked_at__isnull=True) | Q(revoked_at__gte=F("created_at")),
                name="partner_client_revoked_after_created",
                violation_error_message=_("A client is revoked after it was created."),
            ),
        ]

    def __str__(self) -> str:
        return self.application.client_id

    @property
    def scope_list(self) -> list[str]:
        return self.scopes.split()

    @property
    def in_use(self) -> bool:
        """Whether tokens may be issued to it and accepted from it."""
        return self.revoked_at is None and self.partner.active


class ApiCall(models.Model):
    """One call a partner made to the API with a token of one of its clients."""

    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="calls", verbose_name=_("partner"))
    client = models.ForeignKey(
        PartnerClient,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("client"),
    )
    method = models.CharField(_("method"), max_length=10)
    path = models.CharField(
        _("path"), max_length=300, validators=[RegexValidator(r"\A/", _("A call's path starts with a slash."))]
    )
    status_code = models.PositiveSmallIntegerField(
        _("status"), validators=[MinValueValidator(100), MaxValueValidator(599)]
    )
    at = models.DateTimeField(_("at"))

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("API call")
        verbose_name_plural = _("API calls")
        indexes = [models.Index(fields=["partner", "-at"], name="api_call_partner_recent")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(method=""),
                name="api_call_method_not_empty",
                violation_error_message=_("A call has a method."),
            ),
            models.CheckConstraint(
                condition=Q(path__startswith="/"),
                name="api_call_path_absolute",
                violation_error_message=_("A call's path starts with a slash."),
            ),
            models.CheckConstraint(
                condition=Q(status_code__gte=100, status_code__lte=599),
                name="api_call_status_code_valid",
                violation_error_message=_("An HTTP status is between 100 and 599."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.method} {self.path} {self.status_code}"
