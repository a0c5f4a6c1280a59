"""The record of every time a member of staff was shown a complainant's identity."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.cases import Case
from cases.models.complainants import Complainant


class AccessContext(models.TextChoices):
    CASE_LIST = "case_list", _("case list")
    CASE_PAGE = "case_page", _("case page")
    COMPLAINANT_LIST = "complainant_list", _("complainant list")
    COMPLAINANT_PAGE = "complainant_page", _("complainant page")
    COMPLAINANT_SEARCH = "complainant_search", _("complainant look-up")
    CASE_EXPORT = "case_export", _("case list export")
    LETTER = "letter", _("letter to the complainant")


class IdentityAccessQuerySet(models.QuerySet):
    def visible_to(self, user) -> "IdentityAccessQuerySet":
        """Entries about complainants and cases this user may see: the log reveals nothing the
        screens would not."""
        return self.filter(complainant__in=Complainant.objects.visible_to(user)).filter(
            Q(case__isnull=True) | Q(case__in=Case.objects.visible_to(user))
        )


class IdentityAccess(models.Model):
    """One display of a complainant's identity to a member of staff."""

    complainant = models.ForeignKey(
        Complainant, on_delete=models.PROTECT, related_name="identity_accesses", verbose_name=_("complainant")
    )
    # The case on whose page or list row the identity was shown, if any.
    case = models.ForeignKey(
        "Case", on_delete=models.PROTECT, related_name="+", null=True, blank=True, verbose_name=_("case")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    accessed_at = models.DateTimeField(_("accessed at"), db_index=True)
    context = models.CharField(_("where"), max_length=20, choices=AccessContext.choices)
    path = models.CharField(_("page"), max_length=300, blank=True)

    objects = IdentityAccessQuerySet.as_manager()

    class Meta:
        ordering = ["-accessed_at", "-pk"]
        verbose_name = _("identity access")
        verbose_name_plural = _("identity accesses")
        constraints = [
            models.CheckConstraint(
                condition=Q(context__in=AccessContext.values),
                name="identity_access_context_valid",
                violation_error_message=_("This is not a place where an identity is shown."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} saw {self.complainant} at {timezone.localtime(self.accessed_at):%Y-%m-%d %H:%M}"
