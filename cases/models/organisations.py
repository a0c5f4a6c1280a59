"""Organisations: the data users that cases, enquiries and statistics hang off."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.explanations import in_reader_language
from cases.models.base import Jurisdiction
from cases.models.reference import Sector


def comparable_name(name: str) -> str:
    """A name as two spellings of it compare equal: case and runs of spaces do not matter."""
    return " ".join(name.casefold().split())


class OrganisationQuerySet(models.QuerySet):
    def named(self, name: str, *, jurisdiction: str) -> "OrganisationQuerySet":
        """Organisations of the jurisdiction whose name, Chinese name or one of whose aliases is
        ``name``, however it is spaced or capitalised; the oldest first."""
        wanted = comparable_name(name)
        if not wanted:
            return self.none()
        # The database narrows down to the rows that contain the name's longest word; each
        # candidate's names are then compared whole.
        word = max(name.split(), key=len)
        candidates = self.filter(jurisdiction=jurisdiction).filter(
            Q(name__icontains=word) | Q(name_zh__icontains=word) | Q(aliases__icontains=word)
        )
        matching = [
            organisation.pk
            for organisation in candidates.only("name", "name_zh", "aliases")
            if wanted in {comparable_name(known) for known in organisation.known_names}
        ]
        return self.filter(pk__in=matching).order_by("pk")

    def awaiting_confirmation(self) -> "OrganisationQuerySet":
        return self.filter(needs_confirmation=True)


class Organisation(models.Model):
    """A data user: the body complaints, enquiries and statistics hang off.

    One named in a partner's referral that is not on file is added for an officer to confirm
    (``needs_confirmation``): until then it may lack a sector.
    """

    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    aliases = models.TextField(_("aliases"), blank=True, help_text=_("Other names it is known by, one per line."))
    sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="organisations", null=True, verbose_name=_("sector")
    )
    jurisdiction = models.CharField(
        _("jurisdiction"), max_length=2, choices=Jurisdiction.choices, default=Jurisdiction.HONG_KONG
    )
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    address = models.TextField(_("address"), blank=True)
    needs_confirmation = models.BooleanField(
        _("awaiting confirmation"),
        default=False,
        editable=False,
        help_text=_("Added from a partner's referral; an officer confirms it is not already on file."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    objects = OrganisationQuerySet.as_manager()

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
            models.CheckConstraint(
                condition=Q(sector__isnull=False) | Q(needs_confirmation=True),
                name="organisation_confirmed_has_sector",
                violation_error_message=_("An organisation needs its sector."),
            ),
        ]

    def __str__(self) -> str:
        return in_reader_language(self.name, self.name_zh)

    @property
    def known_names(self) -> list[str]:
        """Its name, Chinese name and aliases: every name it may be referred to by."""
        return [name for name in (self.name, self.name_zh, *self.aliases.splitlines()) if name.strip()]
