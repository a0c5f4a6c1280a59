"""Which reminders are due, found and recorded for every clock at once.

The sweep never looks at clocks one by one: each step below is one SQL statement over all running
clocks, so the number of queries does not depend on how many there are. A reminder falls due at
its moment, ``offset_days`` before the clock's due moment (after it when negative); of the offsets
of one kind whose moment has come, only the latest is made, so a missed sweep or a pause never
sends a burst of stale messages.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import Exists, F, OuterRef, Q

from cases.models import (
    BEFORE_DUE,
    TO_ORGANISATION,
    Clock,
    ClockRule,
    ClockState,
    DeliveryState,
    Enquiry,
    EnquiryStatus,
    Letter,
    Reminder,
    ReminderKind,
    ReminderPolicy,
)


@dataclass(frozen=True)
class Schedule:
    """When one kind of reminder falls due on the clocks of some rules (every rule when
    ``rule_ids`` is None): ``offsets`` in days before the due moment, negative after it."""

    kind: str
    offsets: tuple[int, ...]
    rule_ids: tuple[int, ...] | None = None

    @property
    def before_due(self) -> bool:
        return self.kind in BEFORE_DUE

    @property
    def to_organisation(self) -> bool:
        return self.kind in TO_ORGANISATION


def schedules(policy: ReminderPolicy, rules: Iterable[tuple[int, list[int]]]) -> list[Schedule]:
    """Every kind of reminder with its offsets: the officer's from each rule's warning days (rules
    with the same days share a schedule), the others from the policy. Nothing for organisations
    while the policy holds their messages."""
    officer_rules: dict[tuple[int, ...], list[int]] = {}
    for rule_id, warning_days in rules:
        if warning_days:
            officer_rules.setdefault(tuple(sorted(set(warning_days))), []).append(rule_id)
    found = [
        Schedule(ReminderKind.OFFICER_BEFORE_DUE, offsets, tuple(rule_ids))
        for offsets, rule_ids in officer_rules.items()
    ]
    found += [
        Schedule(ReminderKind.OFFICER_OVERDUE, (0,)),
        Schedule(ReminderKind.LEAD_ESCALATION, (-policy.escalate_after_days,)),
    ]
    if not policy.organisations_paused:
        if policy.organisation_days_before:
            found.append(Schedule(ReminderKind.ORGANISATION_BEFORE_DUE, tuple(sorted(policy.organisation_days_before))))
        if policy.organisation_days_after:
            after = tuple(sorted(-days for days in policy.organisation_days_after))
            found.append(Schedule(ReminderKind.ORGANISATION_CHASER, after))
    return found


def locked_policy_and_schedules() -> tuple[ReminderPolicy, list[Schedule]]:
    """The policy, locked until the transaction ends, and the schedules it and the rules give.

    The lock makes sweeps take turns, and the switch for organisations flips between two sweeps,
    never during one."""
    policy = ReminderPolicy.locked()
    return policy, schedules(policy, ClockRule.objects.values_list("pk", "warning_days"))


def _name(model, field: str | None = None) -> str:
    return connection.ops.quote_name(model._meta.db_table if field is None else model._meta.get_field(field).column)


def _moment(value: datetime):
    """A date-time as the database driver takes it in a hand-written statement."""
    return connection.ops.adapt_datetimefield_value(value)


def _due_select(schedule: Schedule, *, now: datetime) -> tuple[str, list]:
    """The rows one schedule owes now, one per running clock: the latest offset whose moment has come.

    The moment of an offset is ``due - offset``; it has come when ``due <= now + offset``. With the
    offsets in ascending order, the first that passes this test is the one whose moment came last."""
    clock = _name(Clock)
    due = f"{clock}.{_name(Clock, 'due_at')}"
    choose_offset = " ".join(f"WHEN {due} <= %s THEN %s" for _offset in schedule.offsets)
    select = f"SELECT {clock}.{_name(Clock, 'id')}, %s, {due}, CASE {choose_offset} END, %s, %s, %s, 0, '', '', ''"
    select_params: list = [schedule.kind]
    for offset in schedule.offsets:
        select_params += [_moment(now + timedelta(days=offset)), offset]
    select_params += [DeliveryState.PENDING, _moment(now), _moment(now)]

    join, join_params = "", []
    if schedule.to_organisation:
        enquiry = _name(Enquiry)
        join = (
            f" INNER JOIN {enquiry} ON {enquiry}.{_name(Enquiry, 'id')} = {clock}.{_name(Clock, 'enquiry')}"
            f" AND {enquiry}.{_name(Enquiry, 'status')} = %s"
        )
        join_params = [EnquiryStatus.SENT]

    conditions = [f"{clock}.{_name(Clock, 'state')} = %s", f"{due} <= %s"]
    where_params: list = [ClockState.RUNNING, _moment(now + timedelta(days=schedule.offsets[-1]))]
    if schedule.before_due:
        conditions.append(f"{due} > %s")
        where_params.append(_moment(now))
    if schedule.rule_ids is not None:
        conditions.append(f"{clock}.{_name(Clock, 'rule')} IN ({', '.join(['%s'] * len(schedule.rule_ids))})")
        where_params += schedule.rule_ids
    sql = f"{select} FROM {clock}{join} WHERE {' AND '.join(conditions)}"
    return sql, [*select_params, *join_params, *where_params]


# In the order of the columns each schedule's SELECT gives.
INSERTED_FIELDS = [
    "clock",
    "kind",
    "deadline",
    "offset_days",
    "state",
    "created_at",
    "queued_at",
    "attempts",
    "last_error",
    "sent_to",
    "message_id",
]


class Queued(NamedTuple):
    """A reminder handed to the workers, with enough to say what it is without another query."""

    pk: int
    kind: str
    clock_id: int


def _returning() -> str:
    return f"RETURNING {_name(Reminder, 'id')}, {_name(Reminder, 'kind')}, {_name(Reminder, 'clock')}"


def record_due_reminders(due: Sequence[Schedule], *, now: datetime) -> list[Queued]:
    """Create, in one statement, every reminder due now that does not exist yet, marked as queued
    now; return them.

    The unique constraint is what decides "does it exist yet", so two sweeps at once cannot both
    create one; ON CONFLICT DO NOTHING leaves an existing row alone, unlocked."""
    selects = [_due_select(schedule, now=now) for schedule in due]
    columns = ", ".join(_name(Reminder, field) for field in INSERTED_FIELDS)
    union = " UNION ALL ".join(sql for sql, _params in selects)
    # "WHERE true": without a WHERE, SQLite would read ON CONFLICT as the ON of a join. In the order
    # of the unique index, the index is written page by page rather than all over.
    # No conflict target: a row that breaks either unique constraint is skipped, the one on the
    # offset as much as the one that makes the alert and the escalation once per due moment.
    sql = (
        f"INSERT INTO {_name(Reminder)} ({columns}) SELECT * FROM ({union}) due WHERE true ORDER BY 1, 2"
        f" ON CONFLICT DO NOTHING {_returning()}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [param for _sql, params in selects for param in params])
        return list(map(Queued._make, cursor.fetchall()))


def no_longer_owed(now: datetime) -> Q:
    """Reminders that must not go out: the clock stopped running or its due moment moved, the
    enquiry no longer awaits a reply, the due moment a before-due reminder was for has come, or a
    later offset of the same kind came due for the same moment."""
    later_offset = Reminder.objects.filter(
        clock=OuterRef("clock"),
        kind=OuterRef("kind"),
        deadline=OuterRef("deadline"),
        offset_days__lt=OuterRef("offset_days"),
    )
    return (
        ~Q(clock__state=ClockState.RUNNING)
        | ~Q(deadline=F("clock__due_at"))
        | Q(kind__in=TO_ORGANISATION) & ~Q(clock__enquiry__status=EnquiryStatus.SENT)
        | Q(kind__in=BEFORE_DUE, deadline__lte=now)
        | Exists(later_offset)
    )


def cancel_stale_reminders(*, now: datetime) -> int:
    """Cancel, in one statement, every pending reminder no longer owed; return how many.

    Those the sweep has just made are owed by construction, and not looked at again."""
    earlier = Reminder.objects.pending().filter(created_at__lt=now)
    return earlier.filter(no_longer_owed(now)).update(state=DeliveryState.CANCELLED)


def _claim(model, *, now: datetime, columns: list[str], exclude_kinds: Sequence[str] = ()) -> list[tuple]:
    """Mark every pending row of ``model`` not queued recently as queued now, in one UPDATE …
    RETURNING (so two sweeps never both claim a row), and return ``columns`` of each."""
    queued_at = _name(model, "queued_at")
    sql = (
        f"UPDATE {_name(model)} SET {queued_at} = %s WHERE {_name(model, 'state')} = %s"
        f" AND ({queued_at} IS NULL OR {queued_at} <= %s)"
    )
    params = [_moment(now), DeliveryState.PENDING, _moment(now - settings.REMINDER_REQUEUE_AFTER)]
    if exclude_kinds:
        sql += f" AND {_name(model, 'kind')} NOT IN ({', '.join(['%s'] * len(exclude_kinds))})"
        params += list(exclude_kinds)
    sql += f" RETURNING {', '.join(_name(model, column) for column in columns)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def claim_for_delivery(*, now: datetime, organisations_paused: bool) -> list[Queued]:
    """Mark every pending reminder not queued recently as queued now, and return them: those made
    while messages to organisations were held, and those whose task was lost (the broker lost it,
    a worker died past its retries) once ``REMINDER_REQUEUE_AFTER`` has passed. Delivery is
    idempotent, so a second task for a reminder is harmless."""
    held = TO_ORGANISATION if organisations_paused else ()
    rows = _claim(Reminder, now=now, columns=["id", "kind", "clock"], exclude_kinds=held)
    return list(map(Queued._make, rows))


def claim_letters_for_delivery(*, now: datetime) -> list[int]:
    """Mark every pending letter not queued recently as queued now, and return their ids: those the
    broker did not take when they were sent, and those whose task was lost, once
    ``REMINDER_REQUEUE_AFTER`` has passed. Delivery sends a letter once, however often it is queued."""
    return [pk for (pk,) in _claim(Letter, now=now, columns=["id"])]
