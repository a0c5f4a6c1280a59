"""Reference tables: sectors, issue categories, the data protection principles, teams. Each reads
in Chinese to a reader of Chinese where it has a Chinese name, and in English otherwise."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.explanations import in_reader_language


class Sector(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_zh = models.CharField(_("Chinese name"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")

    def __str__(self) -> str:
        return in_reader_language(self.name, self.name_zh)


class IssueCategory(models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_zh = models.CharField(_("Chinese name"), max_length=120, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("issue category")
        verbose_name_plural = _("issue categories")

    def __str__(self) -> str:
        return in_reader_language(self.name, self.name_zh)


class DataProtectionPrinciple(models.Model):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title = models.CharField(_("title"), max_length=120)
    title_zh = models.CharField(_("Chinese title"), max_length=120, blank=True)
    citation = models.CharField(_("legal citation"), max_length=120)
    history = HistoricalRecords()

    class Meta:
        ordering = ["number"]
        verbose_name = _("data protection principle")
        verbose_name_plural = _("data protection principles")
        constraints = [
            models.CheckConstraint(
                condition=Q(number__gte=1, number__lte=6),
                name="dpp_number_1_to_6",
                violation_error_message=_("The principles are numbered 1 to 6."),
            ),
        ]

    def __str__(self) -> str:
        return f"DPP{self.number}: {in_reader_language(self.title, self.title_zh)}"


class Team(models.Model):
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_zh = models.CharField(_("Chinese name"), max_length=120, blank=True)
    members = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="case_teams")
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="teams_led",
        verbose_name=_("team lead"),
        help_text=_("Told when the team's deadlines are missed."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self) -> str:
        return in_reader_language(self.name, self.name_zh)
