"""Complaint statistics for partners: how many complaints were received in a range of days, grouped
by month, sector, principle, outcome or organisation, with every group too small to publish hidden.

Only cases of the kind complaint count. Incoming referrals do not: another authority received each
of them first and counts it in its own figures, so combined figures would count it twice.
"""

from dataclasses import asdict, dataclass
from datetime import date, timedelta

from django.conf import settings
from django.db.models import Count, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from cases.deadlines import add_months
from cases.models import Case, CaseKind, Outcome
from dpa.api_errors import NOT_AUTHENTICATED, THROTTLED, documented_error, scope_missing
from dpa.dates import validate_plausible_date

DEFAULT_MONTHS = 12
MAX_MONTHS = 5 * 12


class Dimension:
    MONTH = "month"
    SECTOR = "sector"
    PRINCIPLE = "principle"
    OUTCOME = "outcome"
    ORGANISATION = "organisation"
    choices = [
        (MONTH, _("Month received")),
        (SECTOR, _("Sector of the organisation complained against")),
        (PRINCIPLE, _("Data protection principle alleged breached")),
        (OUTCOME, _("Outcome")),
        (ORGANISATION, _("Organisation complained against")),
    ]


# A case without the thing grouped by still counts, in a group of its own.
NOT_RECORDED = {
    Dimension.SECTOR: _("No organisation recorded"),
    Dimension.PRINCIPLE: _("No principle recorded"),
    Dimension.OUTCOME: _("Not decided yet"),
    Dimension.ORGANISATION: _("No organisation recorded"),
}


@dataclass(frozen=True)
class Group:
    code: str
    name: str
    count: int


@dataclass(frozen=True)
class Table:
    total: int | None
    groups: list[Group]
    suppressed: int | None


class StatisticsQuery(serializers.Serializer):
    """The range and the dimension a request asks for; the context gives ``today``."""

    def get_fields(self) -> dict:
        # Declared here because "from" is a Python keyword.
        return {
            "from": serializers.DateField(required=False, validators=[validate_plausible_date]),
            "to": serializers.DateField(required=False, validators=[validate_plausible_date]),
            "by": serializers.ChoiceField(choices=Dimension.choices, default=Dimension.MONTH),
        }

    def validate(self, attrs: dict) -> dict:
        end = attrs.get("to") or self.context["today"]
        start = attrs.get("from") or add_months(end, -DEFAULT_MONTHS) + timedelta(days=1)
        if start > end:
            raise serializers.ValidationError({"from": _("The start of the range is after its end (to).")})
        if end >= add_months(start, MAX_MONTHS):
            raise serializers.ValidationError({"to": _("A range may span at most five years.")})
        return {"from": start, "to": end, "by": attrs["by"]}


def complaints_received(start: date, end: date) -> QuerySet:
    """Complaints received from ``start`` to ``end``, both days included."""
    return Case.objects.filter(kind=CaseKind.COMPLAINT, received_on__range=(start, end)).order_by()


def count_groups(complaints: QuerySet, by: str) -> list[Group]:
    """Each group's count, counted by the database in one query, labelled in English."""
    not_recorded = str(NOT_RECORDED.get(by, ""))
    if by == Dimension.MONTH:
        rows = complaints.annotate(month=TruncMonth("received_on")).values("month").annotate(count=Count("pk"))
        return [Group(f"{row['month']:%Y-%m}", f"{row['month']:%B %Y}", row["count"]) for row in rows]
    if by == Dimension.SECTOR:
        rows = complaints.values("organisation__sector__code", "organisation__sector__name").annotate(count=Count("pk"))
        return [
            Group(
                row["organisation__sector__code"] or "none",
                row["organisation__sector__name"] or not_recorded,
                row["count"],
            )
            for row in rows
        ]
    if by == Dimension.PRINCIPLE:
        # A case alleging several principles counts once under each.
        rows = complaints.values("principles__number", "principles__title").annotate(count=Count("pk"))
        return [
            Group(
                f"DPP{row['principles__number']}" if row["principles__number"] else "none",
                row["principles__title"] or not_recorded,
                row["count"],
            )
            for row in rows
        ]
    if by == Dimension.OUTCOME:
        rows = complaints.values("outcome").annotate(count=Count("pk"))
        return [
            Group(
                row["outcome"] or "none",
                str(Outcome(row["outcome"]).label) if row["outcome"] else not_recorded,
                row["count"],
            )
            for row in rows
        ]
    rows = complaints.values("organisation_id", "organisation__name").annotate(count=Count("pk"))
    return [
        Group(str(row["organisation_id"] or "none"), row["organisation__name"] or not_recorded, row["count"])
        for row in rows
    ]


def suppress(groups: list[Group], *, total: int, min_group: int) -> Table:
    """The groups of at least ``min_group`` cases, the rest as one ``suppressed`` count, and the total.

    Every group under ``min_group`` is hidden. Their sum is published as ``suppressed`` only when it
    reaches ``min_group`` itself: otherwise the smallest groups still shown are hidden as well until
    it does. Merely leaving out a small ``suppressed`` sum would not protect it: the total of the
    same range is public in the table of any other dimension (where nothing, or enough, was hidden),
    and the total less the groups shown is the sum left out. Hiding more groups instead keeps the
    total publishable whatever the dimension. Only when every group together has fewer than
    ``min_group`` cases is nothing shown, the total included (a total of none is shown: it singles
    out no one).

    The principle table counts a case under each principle it alleges, so its groups add up to
    more than the total; the same rule applies to them. Figures of overlapping ranges can still be
    subtracted from one another: the minimum protects each table, not every pair of requests.
    """
    hidden = [group for group in groups if group.count < min_group]
    shown = sorted((group for group in groups if group.count >= min_group), key=lambda group: group.count)
    while shown and 0 < sum(group.count for group in hidden) < min_group:
        hidden.append(shown.pop(0))
    hidden_count = sum(group.count for group in hidden)
    if 0 < hidden_count < min_group:
        return Table(total=None if total else 0, groups=[], suppressed=None)
    return Table(total=total, groups=shown, suppressed=hidden_count)


def complaint_statistics(*, start: date, end: date, by: str, min_group: int) -> Table:
    """The publishable table of complaints received from ``start`` to ``end`` grouped ``by``."""
    complaints = complaints_received(start, end)
    with translation.override("en"):
        groups = count_groups(complaints, by)
    # Only the principle groups overlap; otherwise the groups add up to the total.
    total = complaints.count() if by == Dimension.PRINCIPLE else sum(group.count for group in groups)
    table = suppress(groups, total=total, min_group=min_group)
    order = (lambda group: group.code) if by == Dimension.MONTH else (lambda group: (-group.count, group.name))
    return Table(total=table.total, groups=sorted(table.groups, key=order), suppressed=table.suppressed)


class GroupSerializer(serializers.Serializer):
    code = serializers.CharField(
        help_text=_(
            "month: YYYY-MM; sector: its code; principle: DPP1 to DPP6; outcome: its code; organisation: "
            "its id here. none for cases without one."
        )
    )
    name = serializers.CharField(help_text=_("In English."))
    count = serializers.IntegerField(help_text=_("Complaints in the group: never fewer than min_group."))


class StatisticsSerializer(serializers.Serializer):
    def get_fields(self) -> dict:
        # Declared here because "from" is a Python keyword.
        return {
            "from": serializers.DateField(help_text=_("The first day counted.")),
            "to": serializers.DateField(help_text=_("The last day counted.")),
            "by": serializers.ChoiceField(choices=Dimension.choices),
            "min_group": serializers.IntegerField(help_text=_("The fewest complaints a group shown may have.")),
            "total": serializers.IntegerField(
                allow_null=True,
                help_text=_("Complaints received in the range; null when between 1 and min_group - 1."),
            ),
            "groups": GroupSerializer(
                many=True,
                help_text=_(
                    "The groups shown: months in order, the others by count, largest first. A case alleging "
                    "several principles counts under each."
                ),
            ),
            "suppressed": serializers.IntegerField(
                allow_null=True,
                help_text=_(
                    "Other (suppressed): the complaints of the groups not shown, together; 0 when every group "
                    "is shown, null when the total is."
                ),
            ),
        }


class ComplaintStatistics(APIView):
    required_scope = "statistics:read"

    @extend_schema(
        operation_id="statistics_retrieve",
        summary="Complaint statistics",
        description=(
            "Complaints received in a range of days (both included; by default the last 12 months, at most five "
            "years), grouped by one dimension per request. Incoming referrals are not counted: the authority that "
            "referred them counts them. A group with fewer than min_group complaints is never shown, nor named: "
            "such groups are counted together as suppressed, and when that sum would itself be under min_group "
            "the smallest groups shown are hidden with them. Needs the statistics:read scope."
        ),
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="The first day (YYYY-MM-DD) counted."),
            OpenApiParameter(
                "to", OpenApiTypes.DATE, description="The last day (YYYY-MM-DD) counted; today by default."
            ),
            OpenApiParameter(
                "by",
                OpenApiTypes.STR,
                enum=[value for value, _label in Dimension.choices],
                default=Dimension.MONTH,
                description="What to group the complaints by.",
            ),
        ],
        responses={
            200: StatisticsSerializer,
            400: documented_error("A parameter could not be read or the range is wrong; fields names it."),
            401: NOT_AUTHENTICATED,
            403: scope_missing("statistics:read"),
            429: THROTTLED,
        },
        tags=["statistics"],
    )
    def get(self, request: Request) -> Response:
        query = StatisticsQuery(data=request.query_params, context={"today": timezone.localdate()})
        query.is_valid(raise_exception=True)
        start, end, by = query.validated_data["from"], query.validated_data["to"], query.validated_data["by"]
        min_group = settings.API_STATISTICS_MIN_GROUP
        table = complaint_statistics(start=start, end=end, by=by, min_group=min_group)
        body = {"from": start, "to": end, "by": by, "min_group": min_group, **asdict(table)}
        return Response(StatisticsSerializer(body).data)
