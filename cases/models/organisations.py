"""Organisations: the data users that cases, enquiries and statistics hang off."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.explanations import in_reader_language
from cases.models.base import Jurisdiction
from cases.models.reference import Sector


class Organisation(models.Model):
    """A data user: the body complaints, enquiries and statistics hang off."""

    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    aliases = models.TextField(_("aliases"), blank=True, help_text=_("Other names it is known by, one per line."))
    sector = models.ForeignKey(Sector, on_delete=models.PROTECT, related_name="organisations", verbose_name=_("sector"))
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=2, choices=Jurisdiction.choices, default=Jurisdiction.HONG_KONG
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["name", "jurisdiction"],
                name="organisation_name_unique_per_jurisdiction",
                violation_error_message=_("An organisation of this name is already on file in this jurisdiction."),
            ),
            models.CheckConstraint(
                condition=Q(jurisdiction__in=Jurisdiction.values),
                name="organisation_jurisdiction_valid",
                violation_error_message=_("Choose a jurisdiction from the list."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="organisation_name_not_empty",
                violation_error_message=_("An organisation needs a name."),
            ),
        ]

    def __str__(self) -> str:
        return in_reader_language(self.name, self.name_zh)
