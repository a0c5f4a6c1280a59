"""Opening a case through the service with the details a test is not about filled in, and reading
back what happened to a case."""

from django.utils import timezone

from cases import services
from cases.models import KINDS_NEEDING_COMPLAINANT, Case, CaseEvent, CaseKind, CaseStatus, Channel
from tests.helpers.factories import ComplainantFactory
from tests.helpers.moments import NOW

# The entries a case's clocks write; their own tests read them.
CLOCK_EVENTS = [kind for kind in CaseEvent.Kind.values if kind.startswith("clock_") or kind == "deadline_moved"]


def open_case(*, by, now=NOW, kind=CaseKind.COMPLAINT, **fields) -> Case:
    """``services.open_case`` with a title, a channel, a receipt date of ``now``'s day and, for a kind
    that needs one, a new complainant, unless ``fields`` say otherwise (``complainant=None`` too)."""
    fields.setdefault("title", "Personal data disclosed without consent")
    fields.setdefault("channel", Channel.ONLINE_FORM)
    fields.setdefault("received_on", timezone.localdate(now))
    if kind in KINDS_NEEDING_COMPLAINANT and "complainant" not in fields:
        fields["complainant"] = ComplainantFactory()
    return services.open_case(kind=kind, by=by, now=now, **fields)


def decide_not_to_pursue(case: Case, *, reason: str, by, now=NOW) -> None:
    """Screen the case and decide not to pursue it, through the service, both at ``now``."""
    services.move_case(case, to=CaseStatus.SCREENING, by=by, now=now)
    services.move_case(case, to=CaseStatus.NOT_PURSUED, reason=reason, by=by, now=now)


def own_events(case: Case) -> list[tuple]:
    """The case's own timeline entries, not its clocks', as (kind, who, from status, to status, what an
    English reader sees)."""
    return [
        (event.kind, event.actor and event.actor.username, event.from_status, event.to_status, event.describe())
        for event in case.events.exclude(kind__in=CLOCK_EVENTS).select_related("actor")
    ]


def case_state(case: Case) -> tuple:
    """Everything about the case a refused change must leave as it was, read afresh."""
    case.refresh_from_db()
    return (
        case.title,
        case.status,
        case.outcome,
        case.closing_reason,
        case.closed_at,
        case.confidentiality,
        case.assigned_officer_id,
        case.events.count(),
        case.documents.count(),
        list(case.clocks.values_list("state", "due_at")),
        list(case.related_cases.values_list("pk", flat=True)),
    )
