"""Complainants, kept apart from their cases."""

import re

from django.apps import apps
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models.base import (
    VisibleHistoricalQuerySet,
    is_active_staff,
)


class ComplainantQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ComplainantQuerySet":
        """Complainants with a case this user may see, or with no case yet: nobody learns of a
        person whose only cases are hidden from them. Seeing who they are takes a permission too."""
        if not is_active_staff(user):
            return self.none()
        # By name: the case module imports this one.
        cases = apps.get_model("cases", "Case").objects.filter(complainant=OuterRef("pk"))
        return self.filter(~Exists(cases) | Exists(cases.visible_to(user)))


class Complainant(models.Model):
    """A person who complains, kept apart from their cases.

    ``str()`` never shows the identity: screens that may show it call ``identity`` through
    ``cases.identity``, which checks the permission and records the access.
    """

    name = models.CharField(_("name"), max_length=200)
    name_zh = models.CharField(_("Chinese name"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("correspondence address"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords(historical_queryset=VisibleHistoricalQuerySet)

    objects = ComplainantQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("complainant")
        verbose_name_plural = _("complainants")
        permissions = [("view_complainant_identity", _("Can see who a complainant is"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name=""),
                name="complainant_name_not_empty",
                violation_error_message=_("A complainant needs a name."),
            )
        ]

    def __str__(self) -> str:
        return f"{_('Complainant')} {self.file_number} ({self.masked_name})" if self.pk else str(_("New complainant"))

    @property
    def file_number(self) -> str:
        return f"P-{self.pk:06d}"

    @staticmethod
    def id_from_file_number(text: str) -> int | None:
        """The id in a file number as staff type it ("P-000123", "p123"), or None if it is not one."""
        match = re.fullmatch(r"[Pp]-?0*(\d{1,18})", text.strip())
        return int(match[1]) if match else None

    @property
    def masked_name(self) -> str:
        return " ".join(f"{word[0]}***" for word in self.name.split()) or "***"

    @property
    def identity(self) -> str:
        return f"{self.name} ({self.name_zh})" if self.name_zh else self.name
