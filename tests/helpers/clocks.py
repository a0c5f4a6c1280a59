"""Clock rules by code, clocks started on a case, and the complaint the clock tests follow."""

from datetime import date, datetime, timedelta

from cases import services
from cases.models import CalendarChange, CalendarDay, Case, CaseKind, Clock, ClockRule
from tests.helpers.cases import open_case
from tests.helpers.factories import CaseFactory
from tests.helpers.moments import at

S39 = "hk-pdpo-s39-3"
UPDATE = "hk-complainant-update"
ENQUIRY = "hk-enquiry-reply"
# How the timeline names each rule's clock in English.
S39_NAME = "Tell the complainant of a decision not to investigate"
ENQUIRY_NAME = "Organisation's reply to an enquiry letter"

RECEIVED = date(2024, 10, 3)  # a Thursday; 45 days later is Sun 17 Nov 2024
OPENED = at(2024, 10, 4, 9, 30)
# An enquiry letter sent on Mon 2 Mar 2026 asks for a reply within 14 days: by Mon 16 Mar.
ENQUIRY_SENT = at(2026, 3, 2, 10, 30)


def clock_rule(code: str) -> ClockRule:
    return ClockRule.objects.get(code=code)


def clock_of(case: Case, code: str) -> Clock:
    return case.clocks.get(rule__code=code)


def start_clock(case: Case, code: str, *, start: datetime, by) -> Clock:
    """Start the rule's clock on the case through the service, counted from ``start`` and started then."""
    return services.start_clock(case, rule=clock_rule(code), start=start, by=by, now=start)


def case_with_a_running_clock(*, now: datetime, code: str = ENQUIRY, **case_fields) -> Case:
    """A case with one clock of the rule, started by nobody at ``now``."""
    case = CaseFactory(**case_fields)
    services.start_clock(case, rule=clock_rule(code), start=now, by=None, now=now)
    return case


def open_case_received_on_3_oct_2024(*, by, kind=CaseKind.COMPLAINT) -> Case:
    """A case received on ``RECEIVED`` and opened by its own officer at ``OPENED``, with the clocks that starts."""
    return open_case(kind=kind, received_on=RECEIVED, now=OPENED, assigned_officer=by, by=by)


def enquiry_clock(*, by, start: datetime = ENQUIRY_SENT) -> Clock:
    """The enquiry-reply clock of an enquiry letter sent at ``start``, on a case of ``by``'s."""
    case = CaseFactory(received_on=date(2026, 2, 20), assigned_officer=by)
    return start_clock(case, ENQUIRY, start=start, by=by)


def entries(case: Case, kind: str) -> list[str]:
    """The case's timeline entries of this kind, as an English reader sees them."""
    return [event.describe() for event in case.events.filter(kind=kind)]


def running_clock(case: Case, *, due_at: datetime, rule_code: str = S39) -> Clock:
    """A running clock due at ``due_at``, written directly: only its due moment matters here."""
    return Clock.objects.create(
        case=case,
        rule=clock_rule(rule_code),
        started_at=due_at - timedelta(days=45),
        due_at=due_at,
    )


def add_day_and_move(**fields) -> tuple[CalendarDay, CalendarChange]:
    """``services.add_calendar_day``, and the change it queues applied at once, as the worker would."""
    calendar_day, change = services.add_calendar_day(**fields)
    return calendar_day, services.apply_calendar_change(change.pk, now=fields["now"])


def remove_day_and_move(calendar_day: CalendarDay, *, by, now: datetime) -> CalendarChange:
    """``services.remove_calendar_day``, and the change it queues applied at once."""
    change = services.remove_calendar_day(calendar_day, by=by, now=now)
    return services.apply_calendar_change(change.pk, now=now)
