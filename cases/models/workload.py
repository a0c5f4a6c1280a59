"""The open cases of each officer, counted once a minute for the team leads' home.

At a national office's size the count is a pass over every open case, too slow to run for each
visit of the home. The scheduler counts instead (``services.count_workloads``); the home shows the
latest count, with the moment it was made, while it is fresh, and counts for itself otherwise."""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import models
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from cases.models.running_clocks import Clock

# "Due soon" on the home is the case list's "A clock is due within 7 days" filter.
DUE_SOON_DAYS = 7
# The scheduler counts every minute (``CELERY_BEAT_SCHEDULE``); a count older than this means it
# has stopped, and the home counts for itself.
WORKLOAD_FRESH_FOR = timedelta(minutes=5)
# What is counted of each officer's open cases.
WORKLOAD_NUMBERS = ("open", "due_soon", "breached")


def workload_by_officer(cases: models.QuerySet, *, now: datetime) -> dict[int | None, dict[str, int]]:
    """Of these cases, the open ones counted by officer (``None`` for nobody's): all of them, those
    with a clock due within 7 days and those with a clock breached.

    One pass over the index of open cases by officer counts all three: the cases due and breached
    are looked up in sets PostgreSQL builds once from the running clocks' index, rather than in a
    query per case."""
    due_soon = Clock.objects.due_within(now, DUE_SOON_DAYS).values("case_id")
    breached = Clock.objects.breached(now).values("case_id")
    counts = (
        cases.open()
        .values("assigned_officer")
        .annotate(
            open=Count("pk"),
            due_soon=Count("pk", filter=Q(pk__in=due_soon)),
            breached=Count("pk", filter=Q(pk__in=breached)),
        )
        .order_by()
    )
    return {row.pop("assigned_officer"): row for row in counts}


def latest_workload_by_officer(*, now: datetime) -> tuple[datetime, dict[int | None, dict[str, int]]] | None:
    """When the latest count was made and its numbers, as ``workload_by_officer`` gives them; none if
    that count is older than ``WORKLOAD_FRESH_FOR``."""
    rows = list(OfficerWorkload.objects.of_latest_count(now=now))
    if not rows:
        return None
    by_officer = {row.officer_id: {name: getattr(row, name) for name in WORKLOAD_NUMBERS} for row in rows}
    return rows[0].count.counted_at, by_officer


class WorkloadCount(models.Model):
    """One count of every officer's open cases, those due within 7 days and those breached."""

    counted_at = models.DateTimeField(_("counted at"), unique=True)

    class Meta:
        verbose_name = _("workload count")
        verbose_name_plural = _("workload counts")

    def __str__(self) -> str:
        return str(self.counted_at)


class OfficerWorkloadQuerySet(models.QuerySet):
    def of_latest_count(self, *, now: datetime) -> "OfficerWorkloadQuerySet":
        """The rows of the latest count, with it; none if it was made longer than
        ``WORKLOAD_FRESH_FOR`` ago."""
        latest = WorkloadCount.objects.order_by("-counted_at").values("pk")[:1]
        return self.filter(count__in=latest, count__counted_at__gt=now - WORKLOAD_FRESH_FOR).select_related("count")


class OfficerWorkload(models.Model):
    """An officer's open cases at one count, or the cases nobody has (``officer`` empty)."""

    count = models.ForeignKey(WorkloadCount, on_delete=models.CASCADE, related_name="rows")
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    open = models.PositiveIntegerField(_("open"))
    due_soon = models.PositiveIntegerField(_("due within 7 days"))
    breached = models.PositiveIntegerField(_("breached"))

    objects = OfficerWorkloadQuerySet.as_manager()

    class Meta:
        verbose_name = _("officer's workload")
        verbose_name_plural = _("officers' workloads")
        constraints = [
            # The cases nobody has are one row too.
            models.UniqueConstraint(
                "count",
                Coalesce("officer", Value(0)),
                name="one_workload_per_officer_and_count",
                violation_error_message=_("A count has one row per officer, and one for the cases nobody has."),
            ),
            models.CheckConstraint(
                condition=Q(due_soon__lte=F("open"), breached__lte=F("open")),
                name="workload_due_and_breached_among_open",
                violation_error_message=_("Cases due or breached are among the open cases."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.officer_id or '-'}: {self.open}"
