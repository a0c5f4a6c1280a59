"""The reminder sweep, timed.

Loads N running and finished clocks, half of them the reply-by clocks of enquiries to
organisations and half on cases, with due dates spread over 60 days either side of now, then runs
the sweep three times and prints, for each run, the reminders it created, cancelled and queued,
its SQL queries, and how long it took in the database and in publishing to the broker:

1. the first sweep, when everything already due is due at once (the sweep after a deployment, or
   after the worker was down for a long time);
2. the same sweep again, which finds nothing new (what most sweeps every 15 minutes are);
3. a sweep a day later, when that day's reminders fall due.

The sweep publishes one message per 500 queued reminders (``queue_deliveries``); the workers that
take them publish one ``deliver_reminder`` each. That second step is timed too, as the time all
the workers spend on it together, run here in one process.

    cd /work/main && .venv/bin/python bench/reminders.py
    .venv/bin/python bench/reminders.py --clocks 100000 --redis-url redis://127.0.0.1:6379/11 \\
        --database-url postgres://postgres@127.0.0.1:5432/dpa_bench

Without ``--redis-url`` the messages go to kombu's in-memory transport, which costs about what
Redis on the same machine does to publish to but leaves nothing behind. With it, the queue is
emptied afterwards.
"""

import argparse
import os
import random
import time
from datetime import timedelta

import throwaway

SPREAD_DAYS = 60
ORGANISATIONS_PER_ENQUIRY = 1 / 10
OFFICERS = 20
# Shares of clocks already finished: enquiries answered, case clocks met.
ANSWERED, MET = 0.15, 0.20
BATCH = 5_000
# Cases (and as many enquiries) loaded at a time, so that a million clocks fit in memory.
CHUNK = 50_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clocks", type=int, default=10_000, help="clocks to load (default 10,000)")
    parser.add_argument("--database-url", help="a PostgreSQL database to create and drop (default: SQLite)")
    parser.add_argument("--redis-url", help="a Redis database to publish to (default: in-memory transport)")
    parser.add_argument(
        "--no-fan-out", action="store_true", help="leave out the workers' publishing (about 0.3 ms per reminder)"
    )
    args = parser.parse_args()
    if args.clocks < 2:
        parser.error("--clocks must be at least 2")
    if args.redis_url:
        os.environ["REDIS_URL"] = args.redis_url

    with throwaway.database(args.database_url) as setup:
        from django.utils import timezone

        from dpa.celery import app

        if not args.redis_url:
            app.conf.broker_url = "memory://localhost/"
        now = timezone.now()
        started = time.perf_counter()
        loaded = load_clocks(args.clocks, now=now, rng=random.Random(2026))
        throwaway.analyze()
        print(
            f"{args.clocks:,} clocks ({loaded['running']:,} running): {loaded['pairs']:,} enquiries to "
            f"{loaded['organisations']:,} organisations and {loaded['pairs']:,} cases, due within "
            f"{SPREAD_DAYS} days either side of now (loaded in {time.perf_counter() - started:.0f} s); "
            f"broker: {'Redis' if args.redis_url else 'in-memory'}; {setup}"
        )
        try:
            measure_sweeps(now=now, fan_out=not args.no_fan_out)
        finally:
            if args.redis_url:
                import redis

                redis.Redis.from_url(args.redis_url).delete(app.conf.task_default_queue)


def load_clocks(count: int, *, now, rng: random.Random) -> dict:
    """``count`` clocks with bulk_create, in chunks: each case has one clock of its own and one
    enquiry to its organisation, whose reply-by clock is the other."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    from cases.models import Clock, ClockRule, Organisation, Sector, Team
    from dpa.roles import CASE_OFFICER, TEAM_LEAD

    User = get_user_model()
    officers = [
        User.objects.create_user(f"officer{number}", email=f"officer{number}@dpa.example", is_staff=True)
        for number in range(OFFICERS)
    ]
    Group.objects.get(name=CASE_OFFICER).user_set.add(*officers)
    leads = [User.objects.create_user(f"lead{number}", email=f"lead{number}@dpa.example") for number in range(4)]
    Group.objects.get(name=TEAM_LEAD).user_set.add(*leads)
    teams = [Team.objects.create(name=f"Team {number}", lead=lead) for number, lead in enumerate(leads)]

    pairs = count // 2
    sector = Sector.objects.get(code="technology")
    organisations = Organisation.objects.bulk_create(
        (
            Organisation(name=f"Organisation {number} Limited", sector=sector, contact_email=f"dpo{number}@org.example")
            for number in range(max(1, int(pairs * ORGANISATIONS_PER_ENQUIRY)))
        ),
        batch_size=BATCH,
    )
    rules = {rule.code: rule for rule in ClockRule.objects.all()}
    staff = {"officers": officers, "teams": teams, "organisations": organisations, "rules": rules}
    for first in range(0, pairs, CHUNK):
        load_pairs(range(first, min(first + CHUNK, pairs)), staff=staff, now=now, rng=rng)
    if count % 2:
        due_at = now + timedelta(days=rng.uniform(-SPREAD_DAYS, SPREAD_DAYS))
        case = Clock.objects.filter(case__isnull=False).first().case
        Clock.objects.create(case=case, rule=rules["gdpr-art33"], started_at=due_at - timedelta(days=3), due_at=due_at)
    return {
        "organisations": len(organisations),
        "pairs": pairs,
        "running": Clock.objects.filter(state="running").count(),
    }


def load_pairs(numbers: range, *, staff: dict, now, rng: random.Random) -> None:
    """Cases with a clock each, and an enquiry each with its reply-by clock."""
    from cases.models import Case, CaseKind, Channel, Clock, Enquiry, Language

    organisations, rules = staff["organisations"], staff["rules"]
    year = now.year
    cases = Case.objects.bulk_create(
        (
            Case(
                kind=CaseKind.COMPLIANCE_CHECK,
                year=year,
                number=number + 1,
                reference=f"COM-{year}-{number + 1:07d}",
                title=f"Compliance check {number}",
                channel=Channel.EMAIL,
                received_on=now.date() - timedelta(days=90),
                organisation=organisations[number % len(organisations)],
                assigned_officer=staff["officers"][number % OFFICERS],
                team=staff["teams"][number % len(staff["teams"])],
            )
            for number in numbers
        ),
        batch_size=BATCH,
    )
    answered = [rng.random() < ANSWERED for _ in numbers]
    enquiries = Enquiry.objects.bulk_create(
        (
            Enquiry(
                organisation=case.organisation,
                officer=case.assigned_officer,
                recipients=case.organisation.contact_email,
                language=Language.ENGLISH if number % 3 else Language.CHINESE,
                subject=f"Enquiry {number}",
                questions="When did the change take effect?",
                rule=rules["hk-enquiry-reply"],
                status=Enquiry.Status.ANSWERED if was_answered else Enquiry.Status.SENT,
                drafted_at=now - timedelta(days=80),
                sent_at=now - timedelta(days=75),
                replied_on=now.date() if was_answered else None,
                reply_summary="Answered." if was_answered else "",
            )
            for number, case, was_answered in zip(numbers, cases, answered, strict=True)
        ),
        batch_size=BATCH,
    )
    Enquiry.cases.through.objects.bulk_create(
        (Enquiry.cases.through(enquiry=enquiry, case=case) for enquiry, case in zip(enquiries, cases, strict=True)),
        batch_size=BATCH,
    )

    def clock(finished: bool, **owner) -> Clock:
        due_at = now + timedelta(days=rng.uniform(-SPREAD_DAYS, SPREAD_DAYS))
        if finished:
            return Clock(**owner, started_at=due_at - timedelta(days=14), due_at=due_at, state="met", met_at=now)
        return Clock(**owner, started_at=due_at - timedelta(days=14), due_at=due_at)

    case_rules = [rules["hk-pdpo-s39-3"], rules["hk-complainant-update"]]
    clocks = [
        clock(was_answered, enquiry=enquiry, rule=rules["hk-enquiry-reply"])
        for enquiry, was_answered in zip(enquiries, answered, strict=True)
    ]
    clocks += [
        clock(rng.random() < MET, case=case, rule=case_rules[number % len(case_rules)])
        for number, case in zip(numbers, cases, strict=True)
    ]
    Clock.objects.bulk_create(clocks, batch_size=BATCH)


def measure_sweeps(*, now, fan_out: bool) -> None:
    from django.db import connection
    from django.db.models import Count

    from cases.models import Reminder
    from cases.services.reminders import sweep_reminders
    from cases.tasks import reminders as tasks

    published = Publishing(tasks)
    runs = [
        ("first sweep", now),
        ("same sweep again", now + timedelta(minutes=15)),
        ("a day later", now + timedelta(days=1)),
    ]
    header = (
        f"\n{'run':<18} {'created':>8} {'cancelled':>9} {'queued':>8} {'queries':>7} {'total s':>7} "
        f"{'SQL s':>6} {'publish s':>9} {'rows/s':>9} {'fan-out s':>9}"
    )
    print(header)
    for name, at in runs:
        published.reset()
        queries = throwaway.QueryTimer()
        with connection.execute_wrapper(queries):
            started = time.perf_counter()
            report = sweep_reminders(now=at)
            total = time.perf_counter() - started
        fanned_out = f"{published.fan_out():>9.2f}" if fan_out else f"{'-':>9}"
        # The workers deliver what was queued before the next run (not timed).
        Reminder.objects.filter(state="pending", queued_at=at).update(state="sent", sent_at=at)
        rows_per_second = f"{report.created / total:>9,.0f}"
        print(
            f"{name:<18} {report.created:>8,} {report.cancelled:>9,} {len(report.queued):>8,} {queries.count:>7} "
            f"{total:>7.2f} {queries.seconds:>6.2f} {published.seconds:>9.2f} {rows_per_second} "
            f"{fanned_out}"
        )
    counts = Reminder.objects.values_list("kind").annotate(Count("pk")).order_by("kind")
    print("\nreminders by kind:", ", ".join(f"{kind} {number:,}" for kind, number in counts))
    print("rows/s: reminders created per second of the whole sweep, publishing included.")
    print("fan-out s: publishing one deliver_reminder per queued reminder, as the workers do between them.")


class Publishing:
    """Times the sweep's publishing to the broker, and replays what the workers then publish."""

    def __init__(self, tasks):
        self.tasks = tasks
        self.enqueue = tasks.enqueue_deliveries
        tasks.enqueue_deliveries = self.timed
        self.reset()

    def reset(self) -> None:
        self.seconds, self.ids = 0.0, []

    def timed(self, reminder_ids: list[int]) -> None:
        started = time.perf_counter()
        self.enqueue(reminder_ids)
        self.seconds += time.perf_counter() - started
        self.ids += reminder_ids

    def fan_out(self) -> float:
        started = time.perf_counter()
        for start in range(0, len(self.ids), self.tasks.FAN_OUT):
            self.tasks.queue_deliveries(self.ids[start : start + self.tasks.FAN_OUT])
        return time.perf_counter() - started


if __name__ == "__main__":
    main()
