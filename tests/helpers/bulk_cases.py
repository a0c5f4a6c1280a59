"""Many cases in a few queries, for query budgets that must not grow with the rows."""

from datetime import datetime, timedelta

from django.utils import timezone

from cases.models import Case, CaseKind, CaseStatus, Channel, Clock, ClockRule, Complainant, Outcome
from tests.helpers.factories import OrganisationFactory

# Open statuses a complaint can be in, and closed: what the bulk-made office spreads its cases over.
STATUSES = [CaseStatus.INTAKE, CaseStatus.SCREENING, CaseStatus.PRELIMINARY_ENQUIRY, CaseStatus.CLOSED]
# Far above the references CaseFactory hands out, so both can be used in one test.
BULK_NUMBERS_FROM = 50_000


def bulk_cases(n: int, *, officers: list, teams: list | None = None, now: datetime) -> list[Case]:
    """``n`` complaints made in a few queries: each with its own complainant, spread over the given
    officers (and nobody), a few organisations and four statuses; each open one with a running
    clock, a third of them breached, and a closed one with a met clock."""
    organisations = [OrganisationFactory() for _ in range(5)]
    complainants = Complainant.objects.bulk_create(Complainant(name=f"Chan Tai Man {i}") for i in range(n))
    teams = teams or [None]
    people = [*officers, None]
    cases = []
    for i, complainant in enumerate(complainants):
        status = STATUSES[i % len(STATUSES)]
        closed = status == CaseStatus.CLOSED
        number = BULK_NUMBERS_FROM + i
        cases.append(
            Case(
                kind=CaseKind.COMPLAINT,
                year=2026,
                number=number,
                reference=f"CMP-2026-{number:05d}",
                status=status,
                title=f"Bulk complaint {i}",
                channel=Channel.ONLINE_FORM,
                received_on=timezone.localdate(now) - timedelta(days=i % 60),
                organisation=organisations[i % len(organisations)],
                complainant=complainant,
                assigned_officer=people[i % len(people)],
                team=teams[i % len(teams)],
                outcome=Outcome.NO_CONTRAVENTION if closed else "",
                closing_reason="Investigation completed." if closed else "",
                closed_at=now if closed else None,
            )
        )
    cases = Case.objects.bulk_create(cases)
    rule = ClockRule.objects.get(code="hk-pdpo-s39-3")
    clocks = []
    for i, case in enumerate(cases):
        due_at = now + timedelta(days=(i % 30) - 10)
        if case.status == CaseStatus.CLOSED:
            clocks.append(
                Clock(case=case, rule=rule, started_at=due_at, due_at=due_at, state=Clock.State.MET, met_at=now)
            )
        else:
            clocks.append(Clock(case=case, rule=rule, started_at=due_at - timedelta(days=45), due_at=due_at))
    Clock.objects.bulk_create(clocks)
    return cases
