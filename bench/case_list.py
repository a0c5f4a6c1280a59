"""The staff's case screens on a realistic office, timed through Django's test Client.

For each size N in ``--cases`` the database holds N cases received over the last three years, with
their organisations, complainants, clocks and timelines, and the script fetches, as a team lead,
a case officer and an auditor:

- ``list``: the case list, ``/admin/cases/case/``;
- ``search``: the case list searched for ``--search`` (default ``harbour``, an organisation name);
- ``breached`` and ``due``: the case list filtered to a breached clock (``?deadline=breached``) and
  to a clock due within 7 days (``?deadline=due_7``);
- ``home``: the admin home, ``/admin/``: the reader's cases and deadlines, and a team lead's team,
  read from the count the scheduler makes every minute; the script makes one, and prints its time;
- ``case``: the page of a complaint open for about a year, the measured officer's and not
  restricted, so every role sees it;
- ``details``: the same case's details opened as a form ("Edit details"; read-only to the auditor).

It prints, per role and screen, the rows the list matched, the queries, the median and p95 wall
time over ``--repeat`` requests after one warm-up, and the median time inside the database driver.

    cd /work/main && .venv/bin/python bench/case_list.py
    .venv/bin/python bench/case_list.py --cases 10000 100000 1000000 --repeat 10 \\
        --database-url postgres://postgres@127.0.0.1:5432/dpa_bench_cases

The sizes are loaded one after the other into the same database: the 1,000,000 run adds to the
100,000 one. On PostgreSQL rows are written with COPY and ``VACUUM ANALYZE`` runs before measuring;
elsewhere with executemany. ``--roles`` and ``--screens`` measure only those named. ``--explain MS``
makes one more request per screen and prints the plan (EXPLAIN ANALYZE on PostgreSQL, EXPLAIN QUERY
PLAN on SQLite) of every statement of it that took longer than MS ms.
"""

import argparse
import os
import random
import statistics
import time
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

import throwaway
from throwaway import StatementTimer, Writer, ms, p95

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
ORGANISATIONS_PER_CASE = 1 / 10
RESTRICTED = 0.05
# Cases generated and written at a time: memory stays flat whatever the size.
CHUNK = 20_000
ROLES = ["lead", "officer", "auditor"]
SCREENS = ["list", "search", "breached", "due", "home", "case", "details"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--cases",
        type=int,
        nargs="+",
        default=[10_000],
        metavar="N",
        help="sizes to measure, in cases, loaded one after the other (default 10,000)",
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per screen (default 20)")
    parser.add_argument("--search", default="harbour", help="the search term (default: an organisation name)")
    parser.add_argument(
        "--roles", nargs="+", choices=ROLES, default=ROLES, help="the roles to measure as (default: all)"
    )
    parser.add_argument(
        "--screens", nargs="+", choices=SCREENS, default=SCREENS, help="the screens to measure (default: all)"
    )
    parser.add_argument("--database-url", help="a PostgreSQL database to create and drop (default: SQLite)")
    parser.add_argument("--keep", action="store_true", help="leave the PostgreSQL database in place afterwards")
    parser.add_argument(
        "--debug-off", action="store_true", help="run Django as in production: DEBUG off, second factor given"
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure a PostgreSQL database a --keep run left, as it is (migrated, not loaded); --cases is ignored",
    )
    parser.add_argument(
        "--explain", type=float, metavar="MS", help="print the plan of each statement slower than MS milliseconds"
    )
    args = parser.parse_args()
    if args.repeat < 2:
        parser.error("--repeat must be at least 2")
    if args.cases[0] < 1 or args.cases != sorted(set(args.cases)):
        parser.error("--cases takes sizes of at least 1, in increasing order")

    # The test client's host name.
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    with throwaway.database(args.database_url, keep=args.keep, reuse=args.reuse, debug=not args.debug_off) as setup:
        from django.utils import timezone

        print(f"{setup}; {args.repeat} requests per screen after one warm-up")
        measured = {"roles": args.roles, "screens": args.screens, "search": args.search, "repeat": args.repeat}
        if args.reuse:
            office = KeptOffice(now=timezone.now())
            print(f"\n{office.describe()}: as a --keep run left it")
            measure(office, **measured, explain=args.explain)
            return
        office = Office(now=timezone.now(), rng=random.Random(2026))
        for cases in args.cases:
            started = time.perf_counter()
            office.load_up_to(cases)
            loaded = time.perf_counter()
            vacuum = office.writer.finish()
            vacuumed = time.perf_counter()
            print(
                f"\n{office.describe()}: loaded in {loaded - started:.0f} s"
                + (f", VACUUM ANALYZE {vacuumed - loaded:.0f} s" if vacuum else "")
            )
            measure(office, **measured, explain=args.explain)


class Office:
    """The staff, teams, calendar and clock rules every size shares, and the cases loaded so far.

    Cases are written as open_case, assign_case, move_case, close_case and the clock services leave
    them, straight to their tables: the services would take hours to open a million cases one by
    one, and what is measured is reading them. There is no field history (django-simple-history),
    which no screen measured here reads.
    """

    def __init__(self, *, now: datetime, rng: random.Random):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group
        from django.utils import timezone

        from cases import services
        from cases.models import (
            TRANSITIONS,
            CalendarCode,
            CaseKind,
            CaseStatus,
            ClockRule,
            DataProtectionPrinciple,
            Sector,
            Team,
            load_calendar,
        )
        from dpa.roles import AUDITOR, CASE_OFFICER, TEAM_LEAD

        self.now, self.rng = now, rng
        self.today = timezone.localdate(now)
        self.zone = timezone.get_current_timezone()
        # The calendar comes in through the service, as in production; clocks are computed on it.
        services.sync_holidays(years=range(self.today.year - YEARS_OF_CASES, self.today.year + 2), now=now)
        self.calendar = load_calendar(CalendarCode.HONG_KONG)

        User = get_user_model()

        def staff(username: str, role: str, **names):
            user = User.objects.create_user(username, is_staff=True, **names)
            user.groups.add(Group.objects.get(name=role))
            return user

        self.lead = staff("lead", TEAM_LEAD, first_name="Grace", last_name="Leung")
        self.officers = [
            staff(f"officer{number}", CASE_OFFICER, first_name=f"Officer {number}") for number in range(OFFICERS)
        ]
        self.auditor = staff("auditor", AUDITOR, first_name="Siu Ming", last_name="Ho")
        teams = [Team.objects.create(name=name, lead=self.lead) for name in TEAMS]
        for number, officer in enumerate(self.officers):
            teams[number % len(teams)].members.add(officer, self.lead)
        self.team_by_kind = {
            CaseKind.COMPLAINT: teams[0].pk,
            CaseKind.DOXXING: teams[1].pk,
            CaseKind.INCOMING_REFERRAL: teams[1].pk,
            CaseKind.COMPLIANCE_CHECK: teams[2].pk,
            CaseKind.INVESTIGATION: teams[2].pk,
            CaseKind.BREACH_NOTIFICATION: teams[3].pk,
        }
        # The statuses an open case of each kind can be in.
        self.open_statuses = {
            kind: [status for status in statuses if status != CaseStatus.CLOSED]
            for kind, statuses in TRANSITIONS.items()
        }
        self.sectors = {sector.code: sector.pk for sector in Sector.objects.all()}
        self.principles = list(DataProtectionPrinciple.objects.values_list("pk", flat=True))
        # The rules whose clocks open_case starts on each kind of case.
        self.rules = {
            kind: ClockRule.objects.triggered_by(services.OPENING_TRIGGER, kind=kind) for kind in CaseKind.values
        }
        self.rule_by_pk = {rule.pk: rule for rules in self.rules.values() for rule in rules}
        self.writer = Writer()
        self.cases = self.organisations = self.complainants = self.restricted = 0
        self.organisation_ids = []
        # The last reference number handed out per kind and year.
        self.numbers = {}
        # compute_due is a pure function of the start and the rule: each deadline is counted once.
        self.deadlines = {}

    def load_up_to(self, count: int) -> None:
        from cases.models import ReferenceSequence

        self._organisations_up_to(max(1, int(count * ORGANISATIONS_PER_CASE)))
        while self.cases < count:
            chunk = min(CHUNK, count - self.cases)
            self._load(chunk)
            self.cases += chunk
        # The numbering carries on from the loaded cases, as allocate_reference would.
        for (kind, year), last_number in self.numbers.items():
            ReferenceSequence.objects.update_or_create(kind=kind, year=year, defaults={"last_number": last_number})

    def describe(self) -> str:
        from cases.models import CaseEvent, Clock

        return (
            f"{self.cases:,} cases, {self.organisations:,} organisations, {self.complainants:,} complainants, "
            f"{OFFICERS} officers, {Clock.objects.count():,} clocks, {CaseEvent.objects.count():,} timeline events"
        )

    def page_case(self):
        return page_case(self.officers[0], today=self.today)

    def _at(self, day: date, hour: int = 0) -> datetime:
        return datetime(day.year, day.month, day.day, hour, tzinfo=self.zone)

    def _organisations_up_to(self, count: int) -> None:
        from cases.models import Organisation

        if count <= self.organisations:
            return
        ids = self.writer.ids(Organisation, count - self.organisations)
        on_file_since = self._at(self.today - timedelta(days=YEARS_OF_CASES * 365))
        self.writer.write(
            Organisation,
            (
                {
                    "id": pk,
                    "name": organisation_name(number),
                    "aliases": organisation_name(number).split()[0],
                    "sector_id": self.sectors[TRADES[number % len(TRADES)][1]],
                    "contact_email": f"dpo{number}@organisation.example",
                    "created_at": on_file_since,
                }
                for pk, number in zip(ids, range(self.organisations, count), strict=True)
            ),
        )
        self.organisation_ids += ids
        self.organisations = count

    def _load(self, count: int) -> None:
        from django.db import transaction

        from cases.models import Case, CaseEvent, Clock, Complainant

        rng = self.rng
        kinds = rng.choices(list(KIND_WEIGHTS), weights=list(KIND_WEIGHTS.values()), k=count)
        received = sorted(self.today - timedelta(days=rng.randrange(YEARS_OF_CASES * 365)) for _ in range(count))
        plans = [self._plan(kind, received_on) for kind, received_on in zip(kinds, received, strict=True)]
        principles = (
            {"case_id": plan["case"]["id"], "dataprotectionprinciple_id": principle}
            for plan in plans
            for principle in rng.sample(self.principles, rng.randint(1, 2))
        )
        with transaction.atomic():
            self.writer.write(Complainant, (plan["complainant"] for plan in plans if plan["complainant"]))
            self.writer.write(Case, (plan["case"] for plan in plans))
            self.writer.write(Case.principles.through, principles)
            self.writer.write(Clock, (clock for plan in plans for clock in plan["clocks"]))
            self.writer.write(CaseEvent, (event for plan in plans for event in self._events(plan)))

    def _plan(self, kind: str, received_on: date) -> dict:
        """A case as it stands after its history so far: its row, its complainant's and its clocks'."""
        from cases.models import (
            KINDS_NEEDING_COMPLAINANT,
            REFERENCE_PREFIXES,
            Case,
            CaseKind,
            CaseStatus,
            Channel,
            Complainant,
            Confidentiality,
            Outcome,
        )

        rng, now = self.rng, self.now
        year = received_on.year
        number = self.numbers[kind, year] = self.numbers.get((kind, year), 0) + 1
        opened = self._at(received_on)
        age = (self.today - received_on).days
        # Older cases are more likely to be closed; the open ones sit anywhere in their workflow.
        closed = rng.random() < min(0.9, age / 400)
        restricted = rng.random() < RESTRICTED
        if restricted:
            # In turn, so that every officer has restricted cases that only they and the leads see.
            officer = self.officers[self.restricted % OFFICERS]
            self.restricted += 1
        else:
            officer = rng.choice(self.officers) if closed or rng.random() < 0.85 else None
        case = {
            "id": self.writer.ids(Case, 1)[0],
            "reference": f"{REFERENCE_PREFIXES[kind]}-{year}-{number:05d}",
            "kind": kind,
            "year": year,
            "number": number,
            "status": CaseStatus.CLOSED if closed else rng.choice(self.open_statuses[kind]),
            "title": rng.choice(TITLES[kind]),
            "channel": rng.choice(Channel.values),
            "received_on": received_on,
            "organisation_id": rng.choice(self.organisation_ids),
            "assigned_officer_id": officer.pk if officer else None,
            "team_id": self.team_by_kind[kind],
            "confidentiality": Confidentiality.RESTRICTED if restricted else Confidentiality.NORMAL,
            "created_at": opened,
        }
        complainant = None
        if kind in KINDS_NEEDING_COMPLAINANT or kind == CaseKind.INCOMING_REFERRAL:
            self.complainants += 1
            complainant = {
                "id": self.writer.ids(Complainant, 1)[0],
                "name": f"{rng.choice(SURNAMES)} {rng.choice(GIVEN_NAMES)}",
                "email": f"complainant{self.complainants}@mail.example",
                "phone": f"9{self.complainants:07d}",
                "created_at": opened,
            }
            case["complainant_id"] = complainant["id"]
        if kind == CaseKind.BREACH_NOTIFICATION:
            case["breach_aware_at"] = opened - timedelta(hours=rng.randint(6, 120))
            case["breach_notified_at"] = self._at(received_on, 10)
        if closed:
            case["outcome"] = rng.choice(Outcome.values)
            case["closing_reason"] = "Enquiries completed."
            case["closed_at"] = min(now, self._at(received_on + timedelta(days=rng.randint(1, age)), 16))
        # Moved on from intake the day after it came in.
        moved_at = min(now, opened + timedelta(days=1)) if case["status"] != CaseStatus.INTAKE else None
        clocks = self._clocks(case, opened=opened)
        moments = [opened, moved_at, case.get("closed_at"), *(clock["met_at"] for clock in clocks)]
        case["updated_at"] = max(moment for moment in moments if moment)
        return {"case": case, "complainant": complainant, "officer": officer, "moved_at": moved_at, "clocks": clocks}

    def _clocks(self, case: dict, *, opened: datetime) -> list[dict]:
        """The clocks open_case starts on the case, as they stand after its history so far.

        A decision clock (s.39(3)) is met once the case has moved past screening. A rolling clock
        (the complainant update) is met every two to three months (sometimes late) and started again,
        so an old case carries a chain of them, and the current one is stopped when the case closes.
        """
        from cases.models import CaseStatus, ClockState

        end = case.get("closed_at") or self.now
        clocks = []
        for rule in self.rules[case["kind"]]:
            clock = self._clock(case, rule, started_at=opened)
            clocks.append(clock)
            if not rule.rolling:
                if case["status"] not in (CaseStatus.INTAKE, CaseStatus.SCREENING):
                    clock["state"] = ClockState.MET
                    clock["met_at"] = min(end, opened + timedelta(days=self.rng.randint(5, 50)))
                continue
            while (met_at := clock["started_at"] + timedelta(days=self.rng.randint(60, 100))) < end:
                clock["state"], clock["met_at"] = ClockState.MET, met_at
                clock = self._clock(case, rule, started_at=met_at, previous_id=clock["id"])
                clocks.append(clock)
            if case["status"] == CaseStatus.CLOSED:
                clock["state"] = ClockState.STOPPED
        return clocks

    def _clock(self, case: dict, rule, *, started_at: datetime, previous_id: int | None = None) -> dict:
        from cases import deadlines
        from cases.models import Clock, ClockState

        if (rule.pk, started_at) not in self.deadlines:
            deadline = deadlines.compute_due(started_at, rule.length, rule.unit, self.calendar)
            self.deadlines[rule.pk, started_at] = (deadline.due_at, list(deadline.steps), deadline.window_starts_on)
        due_at, steps, window_starts_on = self.deadlines[rule.pk, started_at]
        return {
            "id": self.writer.ids(Clock, 1)[0],
            "case_id": case["id"],
            "rule_id": rule.pk,
            "started_at": started_at,
            "state": ClockState.RUNNING,
            "due_at": due_at,
            "explanation": steps,
            "window_starts_on": window_starts_on,
            "met_at": None,
            "previous_id": previous_id,
        }

    def _events(self, plan: dict):
        """The case's timeline as the services wrote it."""
        from cases import timeline_messages
        from cases.models import CaseEvent, CaseStatus

        case, officer = plan["case"], plan["officer"]
        closed = case["status"] == CaseStatus.CLOSED
        actor = officer.pk if officer else None
        yield {
            "case_id": case["id"],
            "kind": CaseEvent.Kind.RECEIVED,
            "at": case["created_at"],
            "message": timeline_messages.received(case["received_on"]),
        }
        if officer:
            yield {
                "case_id": case["id"],
                "kind": CaseEvent.Kind.ASSIGNED,
                "at": case["created_at"],
                "actor_id": self.lead.pk,
                "message": timeline_messages.assigned(officer),
            }
        if plan["moved_at"]:
            yield {
                "case_id": case["id"],
                "kind": CaseEvent.Kind.STATUS_CHANGED,
                "at": plan["moved_at"],
                "actor_id": actor,
                "from_status": CaseStatus.INTAKE,
                "to_status": CaseStatus.RESULT if closed else case["status"],
            }
        if closed:
            yield {
                "case_id": case["id"],
                "kind": CaseEvent.Kind.CLOSED,
                "at": case["closed_at"],
                "actor_id": actor,
                "from_status": CaseStatus.RESULT,
                "to_status": CaseStatus.CLOSED,
                "text": case["closing_reason"],
            }
        for clock in plan["clocks"]:
            rule = self.rule_by_pk[clock["rule_id"]]
            yield {
                "case_id": case["id"],
                "kind": CaseEvent.Kind.CLOCK_STARTED,
                "at": clock["started_at"],
                "actor_id": actor,
                "message": timeline_messages.about_rule("clock_started", rule, steps=clock["explanation"]),
            }
            if clock["met_at"]:
                yield {
                    "case_id": case["id"],
                    "kind": CaseEvent.Kind.CLOCK_MET,
                    "at": clock["met_at"],
                    "actor_id": actor,
                    "message": timeline_messages.about_rule("clock_met", rule, late=clock["met_at"] > clock["due_at"]),
                }


def organisation_name(number: int) -> str:
    """Harbour Bank Limited, Harbour Insurance Limited, ..., Peak Recruitment Limited, Harbour Bank 2 Limited, ..."""
    trade = TRADES[number % len(TRADES)][0]
    first = ORGANISATION_NAMES[number // len(TRADES) % len(ORGANISATION_NAMES)]
    series = number // (len(TRADES) * len(ORGANISATION_NAMES))
    return f"{first} {trade} Limited" if series == 0 else f"{first} {trade} {series + 1} Limited"


class KeptOffice:
    """The staff and size of an office a --keep run left in the database."""

    def __init__(self, *, now: datetime):
        from django.contrib.auth import get_user_model
        from django.utils import timezone

        User = get_user_model()
        self.today = timezone.localdate(now)
        self.lead, self.auditor = User.objects.get(username="lead"), User.objects.get(username="auditor")
        self.officers = [User.objects.get(username="officer0")]

    def describe(self) -> str:
        from cases.models import Case, CaseEvent, Clock

        return (
            f"{Case.objects.count():,} cases, {Clock.objects.count():,} clocks, "
            f"{CaseEvent.objects.count():,} timeline events"
        )

    def page_case(self):
        return page_case(self.officers[0], today=self.today)


def page_case(officer, *, today: date):
    """The complaint whose page is measured: open, received about a year ago, the measured officer's
    and not restricted, so that every role sees it."""
    from cases.models import Case, CaseKind, Confidentiality

    mine = (
        Case.objects.open().filter(kind=CaseKind.COMPLAINT, confidentiality=Confidentiality.NORMAL).assigned_to(officer)
    )
    year_old = mine.filter(received_on__lte=today - timedelta(days=365)).order_by("-received_on", "-pk")
    case = year_old.first() or mine.order_by("received_on", "pk").first()
    if case is None:
        raise SystemExit("officer0 has no open complaint to show; load more cases.")
    return case


def measure(
    office: Office, *, roles: list[str], screens: list[str], search: str, repeat: int, explain: float | None
) -> None:
    from django.db import connection

    case = office.page_case()
    urls = {
        "list": "/admin/cases/case/",
        "search": "/admin/cases/case/?" + urlencode({"q": search}),
        "breached": "/admin/cases/case/?deadline=breached",
        "due": "/admin/cases/case/?deadline=due_7",
        "home": "/admin/",
        "case": f"/admin/cases/case/{case.pk}/change/",
        "details": f"/admin/cases/case/{case.pk}/change/?edit=details",
    }
    people = {"lead": office.lead, "officer": office.officers[0], "auditor": office.auditor}
    if "home" in screens:
        # As the scheduler does every minute; the team lead's home shows this count.
        from django.utils import timezone

        from cases import services

        started = time.perf_counter()
        services.count_workloads(now=timezone.now())
        print(f"the scheduler's count of the officers' open cases: {ms(time.perf_counter() - started)} ms")
    if {"case", "details"} & set(screens):
        print(
            f"case page: {case.reference}, received on {case.received_on}, {case.get_status_display()}, "
            f"{case.clocks.count()} clocks, {case.events.count()} timeline events"
        )
    print(
        f"{'role':<8} {'screen':<9} {'url':<46} {'rows':>9} {'queries':>7} {'median ms':>9} {'p95 ms':>8} {'SQL ms':>8}"
    )
    slow = []
    for role in roles:
        client = throwaway.signed_in(people[role])
        for screen in screens:
            url = urls[screen]
            # The first request compiles templates and fills per-process caches; it is not counted.
            client.get(url)
            walls, sql, counts = [], [], set()
            for _ in range(repeat):
                queries = throwaway.QueryTimer()
                with connection.execute_wrapper(queries):
                    started = time.perf_counter()
                    response = client.get(url)
                    walls.append(time.perf_counter() - started)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code} to {role}")
                counts.add(queries.count)
                sql.append(queries.seconds)
            changelist = (response.context_data or {}).get("cl")
            rows = f"{changelist.result_count:,}" if changelist else "-"
            query_counts = "-".join(str(count) for count in sorted({min(counts), max(counts)}))
            print(
                f"{role:<8} {screen:<9} {url:<46} {rows:>9} {query_counts:>7} {ms(statistics.median(walls)):>9} "
                f"{ms(p95(walls)):>8} {ms(statistics.median(sql)):>8}"
            )
            if explain is not None:
                timer = StatementTimer()
                with connection.execute_wrapper(timer):
                    client.get(url)
                slow += [(role, screen, *statement) for statement in timer.slower_than(explain)]
    for role, screen, statement, params, seconds in slow:
        print(f"\n{role}, {screen}: {ms(seconds)} ms\n{statement}\n{params}")
        print(throwaway.plan(statement, params))


if __name__ == "__main__":
    main()
