"""The staff's busiest screens on a realistic office, timed through Django's test Client.

Loads N cases (with organisations, complainants, officers, teams, clocks and timelines) into a
throwaway database, then fetches the admin case list, a search, the breached-deadline filter
and a case page as a team lead, and prints the queries and the median and p95 time of each.

    cd /work/main && .venv/bin/python bench/case_list.py
    .venv/bin/python bench/case_list.py --cases 50000 --repeat 10 \\
        --database-url postgres://postgres@127.0.0.1:5432/dpa_bench
"""

import argparse
import os
import random
import statistics
import time
from datetime import date, datetime, timedelta

import throwaway
from throwaway import ms, p95

ORGANISATION_NAMES = ["Harbour", "Pearl River", "Kowloon", "Lion Rock", "Victoria", "Bauhinia", "Jade", "Peak"]
TRADES = [
    ("Bank", "banking-finance"),
    ("Insurance", "insurance"),
    ("Mobile", "telecommunications"),
    ("Social", "social-media"),
    ("Department Stores", "retail"),
    ("Property Management", "property-management"),
    ("Medical Centre", "healthcare"),
    ("International School", "education"),
    ("Logistics", "transport-logistics"),
    ("Recruitment", "employment"),
]
SURNAMES = ["Chan", "Wong", "Lee", "Cheung", "Lau", "Ng", "Ho", "Leung", "Tsang", "Lam", "Yip", "Chow"]
GIVEN_NAMES = ["Tai Man", "Mei Ling", "Ka Ho", "Wing Sze", "Chi Keung", "Pui Yee", "Kwok Wai", "Hoi Yan"]
TITLES = {
    "complaint": [
        "Personal data disclosed without consent",
        "Direct marketing calls after opting out",
        "Data access request not answered",
        "HKID card copied at reception",
        "Photos used to train an AI model without consent",
    ],
    "doxxing": ["Home address and phone number posted online", "Photos and employer posted in a doxxing thread"],
    "breach": ["Customer database exposed by misconfigured cloud storage", "Ransomware attack on the member system"],
    "compliance": ["Retention of former customers' data", "Default opt-in to AI training"],
    "investigation": ["Repeated leaks of patient records", "Sale of customer data to marketers"],
    "referral": ["Complaint referred by a partner authority", "Account takeovers affecting Hong Kong users"],
}
# Share of each kind of case, out of 100.
KIND_WEIGHTS = {"complaint": 60, "doxxing": 10, "breach": 10, "compliance": 8, "investigation": 4, "referral": 8}
TEAMS = ["Complaints Team A", "Complaints Team B", "Compliance and Investigations", "Breach Response"]
OFFICERS = 20
YEARS_OF_CASES = 3


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--cases", type=int, default=10_000, help="cases to load (default 10,000)")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page (default 20)")
    parser.add_argument("--search", default="harbour", help="the search term (default: an organisation name)")
    parser.add_argument("--database-url", help="a PostgreSQL database to create and drop (default: SQLite)")
    args = parser.parse_args()
    if args.repeat < 2:
        parser.error("--repeat must be at least 2")

    # The test client's host name.
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    with throwaway.database(args.database_url) as setup:
        started = time.perf_counter()
        office = load_office(cases=args.cases, rng=random.Random(2026))
        throwaway.analyze()
        loaded = time.perf_counter() - started
        print(
            f"{args.cases:,} cases, {office['organisations']:,} organisations, {office['complainants']:,} "
            f"complainants, {OFFICERS} officers, {office['clocks']:,} clocks (loaded in {loaded:.0f} s); {setup}; "
            f"{args.repeat} requests per page after one warm-up, as a team lead; the case page has "
            f"{office['case'].clocks.count()} clocks and {office['case'].events.count()} timeline events"
        )
        measure_pages(office, search=args.search, repeat=args.repeat)


def load_office(*, cases: int, rng: random.Random) -> dict:
    """Staff, organisations, complainants and ``cases`` cases over the last three years, with the
    clocks and timeline events the services would have given them. Returns what the pages need."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from cases import services, timeline_messages
    from cases.models import (
        KINDS_NEEDING_COMPLAINANT,
        REFERENCE_PREFIXES,
        TRANSITIONS,
        CalendarCode,
        Case,
        CaseEvent,
        CaseKind,
        CaseStatus,
        Channel,
        Clock,
        ClockRule,
        Complainant,
        Confidentiality,
        DataProtectionPrinciple,
        Organisation,
        Outcome,
        Sector,
        Team,
        load_calendar,
    )
    from dpa.roles import CASE_OFFICER, TEAM_LEAD

    now = timezone.now()
    today = timezone.localdate(now)
    zone = timezone.get_current_timezone()

    def at(day: date, hour: int = 0) -> datetime:
        return datetime(day.year, day.month, day.day, hour, tzinfo=zone)

    # The calendar comes in through the service, as in production; clocks are computed on it.
    services.sync_holidays(years=range(today.year - YEARS_OF_CASES, today.year + 2), now=now)
    calendar = load_calendar(CalendarCode.HONG_KONG)

    User = get_user_model()
    lead = User.objects.create_user("lead", is_staff=True, first_name="Grace", last_name="Leung")
    lead.groups.add(Group.objects.get(name=TEAM_LEAD))
    officer_group = Group.objects.get(name=CASE_OFFICER)
    officers = []
    for number in range(OFFICERS):
        officer = User.objects.create_user(f"officer{number}", is_staff=True, first_name=f"Officer {number}")
        officer.groups.add(officer_group)
        officers.append(officer)
    teams = [Team.objects.create(name=name) for name in TEAMS]
    for number, officer in enumerate(officers):
        teams[number % len(teams)].members.add(officer, lead)
    team_by_kind = {
        CaseKind.COMPLAINT: teams[0],
        CaseKind.DOXXING: teams[1],
        CaseKind.INCOMING_REFERRAL: teams[1],
        CaseKind.COMPLIANCE_CHECK: teams[2],
        CaseKind.INVESTIGATION: teams[2],
        CaseKind.BREACH_NOTIFICATION: teams[3],
    }

    # Everything below is bulk_create: the services would take minutes to open 10,000 cases one
    # by one, and what is measured is reading them. It writes no field history, which no page
    # measured here reads.
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    organisations = Organisation.objects.bulk_create(
        Organisation(
            name=organisation_name(number),
            aliases=organisation_name(number).split()[0],
            sector=sectors[TRADES[number % len(TRADES)][1]],
            contact_email=f"dpo{number}@organisation.example",
        )
        for number in range(max(1, cases // 10))
    )

    kinds = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=cases)
    received = sorted(today - timedelta(days=rng.randrange(YEARS_OF_CASES * 365)) for _ in range(cases))
    needs_complainant = [kind in KINDS_NEEDING_COMPLAINANT or kind == CaseKind.INCOMING_REFERRAL for kind in kinds]
    complainants = iter(
        Complainant.objects.bulk_create(
            (
                Complainant(
                    name=f"{rng.choice(SURNAMES)} {rng.choice(GIVEN_NAMES)}",
                    email=f"complainant{number}@mail.example",
                    phone=f"9{number:07d}",
                )
                for number in range(sum(needs_complainant))
            ),
            batch_size=1000,
        )
    )

    numbers = {}
    rows = []
    for kind, received_on, has_complainant in zip(kinds, received, needs_complainant, strict=True):
        number = numbers[kind, received_on.year] = numbers.get((kind, received_on.year), 0) + 1
        age = (today - received_on).days
        # Older cases are more likely to be closed; the open ones sit anywhere in their workflow.
        closed = rng.random() < min(0.9, age / 400)
        open_statuses = [status for status in TRANSITIONS[kind] if status != CaseStatus.CLOSED]
        case = Case(
            reference=f"{REFERENCE_PREFIXES[kind]}-{received_on.year}-{number:05d}",
            kind=kind,
            year=received_on.year,
            number=number,
            status=CaseStatus.CLOSED if closed else rng.choice(open_statuses),
            title=rng.choice(TITLES[kind]),
            channel=rng.choice(Channel.values),
            received_on=received_on,
            organisation=rng.choice(organisations),
            complainant=next(complainants) if has_complainant else None,
            assigned_officer=rng.choice(officers) if closed or rng.random() < 0.85 else None,
            team=team_by_kind[kind],
            confidentiality=Confidentiality.RESTRICTED if rng.random() < 0.05 else Confidentiality.NORMAL,
        )
        if kind == CaseKind.BREACH_NOTIFICATION:
            case.breach_aware_at = at(received_on) - timedelta(hours=rng.randint(6, 120))
            case.breach_notified_at = at(received_on, 10)
        if closed:
            case.outcome = rng.choice(Outcome.values)
            case.closing_reason = "Enquiries completed."
            case.closed_at = min(now, at(received_on + timedelta(days=rng.randint(1, age)), 16))
        rows.append(case)
    cases_made = Case.objects.bulk_create(rows, batch_size=1000)

    principles = list(DataProtectionPrinciple.objects.all())
    Case.principles.through.objects.bulk_create(
        (
            Case.principles.through(case=case, dataprotectionprinciple=principle)
            for case in cases_made
            for principle in rng.sample(principles, rng.randint(1, 2))
        ),
        batch_size=2000,
    )

    decision_rule = ClockRule.objects.get(code="hk-pdpo-s39-3")
    update_rule = ClockRule.objects.get(code="hk-complainant-update")
    clocks, events = [], []
    for case in cases_made:
        opened = at(case.received_on)
        received = timeline_messages.received(case.received_on)
        events.append(CaseEvent(case=case, kind=CaseEvent.Kind.RECEIVED, at=opened, message=received))
        if case.assigned_officer:
            assigned = timeline_messages.assigned(case.assigned_officer)
            events.append(CaseEvent(case=case, kind=CaseEvent.Kind.ASSIGNED, at=opened, actor=lead, message=assigned))
        if case.status != CaseStatus.INTAKE:
            events.append(
                CaseEvent(
                    case=case,
                    kind=CaseEvent.Kind.STATUS_CHANGED,
                    at=min(now, opened + timedelta(days=1)),
                    actor=case.assigned_officer,
                    from_status=CaseStatus.INTAKE,
                    to_status=CaseStatus.RESULT if case.is_closed else case.status,
                )
            )
        if case.is_closed:
            events.append(
                CaseEvent(
                    case=case,
                    kind=CaseEvent.Kind.CLOSED,
                    at=case.closed_at,
                    actor=case.assigned_officer,
                    from_status=CaseStatus.RESULT,
                    to_status=CaseStatus.CLOSED,
                    text=case.closing_reason,
                )
            )
        if case.kind in decision_rule.case_kinds:
            for clock in complaint_clocks(case, decision_rule, update_rule, opened=opened, now=now, rng=rng):
                deadline = clock.compute_deadline(calendar)
                clock.due_at, clock.explanation = deadline.due_at, list(deadline.steps)
                clocks.append(clock)
                started = timeline_messages.about_rule("clock_started", clock.rule, steps=clock.explanation)
                events.append(
                    CaseEvent(case=case, kind=CaseEvent.Kind.CLOCK_STARTED, at=clock.started_at, message=started)
                )
                if clock.met_at:
                    met = timeline_messages.about_rule("clock_met", clock.rule, late=clock.met_at > clock.due_at)
                    events.append(CaseEvent(case=case, kind=CaseEvent.Kind.CLOCK_MET, at=clock.met_at, message=met))
    Clock.objects.bulk_create(clocks, batch_size=1000)
    CaseEvent.objects.bulk_create(events, batch_size=2000)

    # The page of a complaint that has been open for about a year.
    open_complaints = Case.objects.filter(kind=CaseKind.COMPLAINT).open()
    page_case = open_complaints.filter(received_on__lte=today - timedelta(days=365)).first() or open_complaints.first()
    return {
        "lead": lead,
        "case": page_case,
        "organisations": len(organisations),
        "complainants": sum(needs_complainant),
        "clocks": len(clocks),
    }


def complaint_clocks(case, decision_rule, update_rule, *, opened: datetime, now: datetime, rng: random.Random):
    """The clocks open_case starts on a complaint, as they stand after its history so far.

    The s.39(3) decision clock is met once the case has moved past screening. The complainant-update
    clock is rolling: met every two to three months (sometimes late) and started again, so an old
    case carries a chain of them, and the current one is stopped when the case closes.
    """
    from cases.models import CaseStatus, Clock, ClockState

    end = case.closed_at or now
    decision = Clock(case=case, rule=decision_rule, started_at=opened)
    if case.status not in (CaseStatus.INTAKE, CaseStatus.SCREENING):
        decision.state, decision.met_at = ClockState.MET, min(end, opened + timedelta(days=rng.randint(5, 50)))
    clocks = [decision]
    start = opened
    while True:
        update = Clock(case=case, rule=update_rule, started_at=start)
        clocks.append(update)
        met_at = start + timedelta(days=rng.randint(60, 100))
        if met_at >= end:
            break
        update.state, update.met_at = ClockState.MET, met_at
        start = met_at
    if case.is_closed:
        update.state = ClockState.STOPPED
    return clocks


def organisation_name(number: int) -> str:
    """Harbour Bank Limited, Harbour Insurance Limited, ..., Peak Recruitment Limited, Harbour Bank 2 Limited, ..."""
    trade = TRADES[number % len(TRADES)][0]
    first = ORGANISATION_NAMES[number // len(TRADES) % len(ORGANISATION_NAMES)]
    series = number // (len(TRADES) * len(ORGANISATION_NAMES))
    return f"{first} {trade} Limited" if series == 0 else f"{first} {trade} {series + 1} Limited"


def measure_pages(office: dict, *, search: str, repeat: int) -> None:
    from django.db import connection
    from django.test import Client

    client = Client()
    client.force_login(office["lead"])
    pages = [
        ("case list", "/admin/cases/case/"),
        ("search", f"/admin/cases/case/?q={search}"),
        ("deadline filter", "/admin/cases/case/?deadline=breached"),
        ("case page", f"/admin/cases/case/{office['case'].pk}/change/"),
    ]
    print(f"{'page':<16} {'url':<38} {'rows':>6} {'queries':>7} {'median ms':>9} {'p95 ms':>7} {'SQL ms':>7}")
    for name, url in pages:
        # The first request compiles templates and fills per-process caches; it is not counted.
        response = client.get(url)
        walls, sql, counts = [], [], set()
        for _ in range(repeat):
            queries = throwaway.QueryTimer()
            with connection.execute_wrapper(queries):
                started = time.perf_counter()
                response = client.get(url)
                walls.append(time.perf_counter() - started)
            if response.status_code != 200:
                raise SystemExit(f"{url} answered {response.status_code}")
            counts.add(queries.count)
            sql.append(queries.seconds)
        changelist = (response.context_data or {}).get("cl")
        rows = f"{changelist.result_count:,}" if changelist else "-"
        query_counts = "-".join(str(count) for count in sorted({min(counts), max(counts)}))
        print(
            f"{name:<16} {url:<38} {rows:>6} {query_counts:>7} {ms(statistics.median(walls)):>9} "
            f"{ms(p95(walls)):>7} {ms(statistics.median(sql)):>7}"
        )


if __name__ == "__main__":
    main()
