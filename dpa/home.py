"""What the admin home shows: an officer's own cases and deadlines, and to team leads the open
cases, deadlines and breaches of each officer of their teams. Every number is counted in SQL, so
the page asks the same few queries however many cases there are; the team's numbers, a pass over
every open case, are read from the scheduler's count of the last minute (``cases.models.workload``)."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractUser
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext

from cases import permissions
from cases.models import (
    DUE_SOON_DAYS,
    Case,
    CaseStatus,
    Clock,
    DeliveryState,
    Enquiry,
    Reminder,
    Team,
    latest_workload_by_officer,
    officers,
    sees_every_case,
    workload_by_officer,
)
from dpa.people import staff_name

# Rows a table of the home lists; the failed reminders link to the whole list.
LISTED = 20
FAILED_LISTED = 10


def officer_home(user, *, now: datetime) -> dict:
    """The officer's open cases by status, their deadlines this week and breached, and the week's new cases."""
    today = timezone.localdate(now)
    visible = Case.objects.visible_to(user)
    my_open = Case.objects.own(user).open()
    by_status = {row["status"]: row["n"] for row in my_open.values("status").annotate(n=Count("pk"))}
    week_start = today - timedelta(days=today.weekday())
    # each row names its case and rule
    my_clocks = Clock.objects.filter(case__in=my_open).select_related("case", "rule").order_by("due_at")
    return {
        "my_clocks_due_this_week": my_clocks.due_within(now, DUE_SOON_DAYS)[:LISTED],
        "my_breached_clocks": my_clocks.breached(now)[:LISTED],
        "my_cases_by_status": [
            (status, by_status[status.value]) for status in CaseStatus if by_status.get(status.value)
        ],
        "my_open_case_count": sum(by_status.values()),
        "new_this_week": visible.filter(received_on__gte=week_start)
        .select_related("organisation")
        .order_by("-received_on", "-pk")[:LISTED],
        "week_start": week_start,
    }


@dataclass
class Workload:
    """One row of the team table: an officer, or None for the cases nobody has yet, and the counts
    of their open cases, each linking to the case list filtered to exactly those cases."""

    officer: AbstractUser | None
    open: int = 0
    due_soon: int = 0
    breached: int = 0

    @property
    def name(self) -> str:
        return gettext("Unassigned") if self.officer is None else staff_name(self.officer)

    def _link(self, count: int, **more) -> str | None:
        if not count:
            return None
        whose = (
            {"assigned_officer__isnull": "True"}
            if self.officer is None
            else {"assigned_officer__id__exact": self.officer.pk}
        )
        return reverse("admin:cases_case_changelist") + "?" + urlencode({**whose, "open": "yes", **more})

    @property
    def open_link(self) -> str | None:
        return self._link(self.open)

    @property
    def due_soon_link(self) -> str | None:
        return self._link(self.due_soon, deadline="due_7")

    @property
    def breached_link(self) -> str | None:
        return self._link(self.breached, deadline="breached")


def team_officers(lead):
    """The officers of the lead's teams, the lead among them; every officer if the lead has no team."""
    leads_teams = Team.objects.filter(members=lead)
    in_leads_team = Exists(leads_teams.filter(members=OuterRef("pk")))
    return officers().filter(in_leads_team | ~Exists(leads_teams))


@dataclass
class TeamWorkload:
    """The team table: a row per officer, the unassigned cases last, and when they were counted
    (``None`` when counted for this visit)."""

    rows: list[Workload]
    counted_at: datetime | None


def team_workload(lead, *, now: datetime) -> TeamWorkload:
    """For a team lead: each officer's open cases, those due within 7 days and those breached, and the
    unassigned open cases.

    The scheduler's latest count, if it is fresh, is read in one query. It counts every case, so a
    lead who may not see every case, or one who comes while the scheduler is stopped, is counted
    for now in one more query (``workload_by_officer``). Every officer's row is counted and those
    outside the lead's teams left out here."""
    people = list(team_officers(lead))
    latest = latest_workload_by_officer(now=now) if sees_every_case(lead) else None
    counted_at, by_officer = latest or (None, workload_by_officer(Case.objects.visible_to(lead), now=now))
    rows = [Workload(person, **by_officer.get(person.pk, {})) for person in people]
    # The cases nobody has yet come last, under the officers.
    return TeamWorkload([*rows, Workload(None, **by_officer.get(None, {}))], counted_at)


def my_overdue_enquiries(user, *, now: datetime):
    """The enquiries of this officer's whose reply is overdue, the longest overdue first."""
    overdue = Enquiry.objects.visible_to(user).filter(officer=user).overdue(now)
    # each row names its organisation
    return overdue.with_reply_clock().select_related("organisation").order_by("reply_due_at", "pk")[:LISTED]


def failed_reminders(user):
    """For those who may send them again: the latest reminders that could not be delivered."""
    failed = Reminder.objects.visible_to(user).filter(state=DeliveryState.FAILED)
    # each row names the case or the enquiry its clock runs on
    return failed.select_related("clock__case", "clock__enquiry").order_by("-created_at", "-pk")[:FAILED_LISTED]


def home_context(user, *, now: datetime) -> dict:
    context = officer_home(user, now=now)
    # Each box is in the context only for those it is for.
    if user.has_perm("cases.change_enquiry"):
        context["my_overdue_enquiries"] = my_overdue_enquiries(user, now=now)
    if permissions.manages_cases(user):
        context["team_workload"] = team_workload(user, now=now)
    if permissions.can_retry_delivery(user):
        context["failed_reminders"] = failed_reminders(user)
    return context
