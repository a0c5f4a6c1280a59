"""What every model module shares: who counts as active staff, history that follows visibility,
jurisdictions, the label of a choice."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.manager import HistoricalQuerySet


def label_of(choices: type[models.Choices], value) -> str:
    """What ``get_<field>_display()`` says of ``value``: its label, or the value itself if it is not
    one of ``choices``. Django's builds a dictionary of every choice's label, each translated, to
    read one; a timeline of 10 entries spent half of its time there."""
    member = choices._value2member_map_.get(value)
    return value if member is None else str(member.label)


def is_active_staff(user) -> bool:
    return user is not None and user.is_authenticated and user.is_active and user.is_staff


class VisibleHistoricalQuerySet(HistoricalQuerySet):
    """Field history follows the visibility of the rows it is the history of."""

    def visible_to(self, user) -> "VisibleHistoricalQuerySet":
        visible = self.model.instance_type._default_manager.visible_to(user)
        return self.filter(**{f"{self.model.instance_type._meta.pk.attname}__in": visible.values("pk")})


class Jurisdiction(models.TextChoices):
    HONG_KONG = "HK", _("Hong Kong")
    MAINLAND_CHINA = "CN", _("Mainland China")
    MACAO = "MO", _("Macao")
    SINGAPORE = "SG", _("Singapore")
    EUROPEAN_UNION = "EU", _("European Union")
    UNITED_KINGDOM = "GB", _("United Kingdom")
    UNITED_STATES = "US", _("United States")
    OTHER = "XX", _("Other")
