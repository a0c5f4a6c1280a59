"""Calendar days: adding or removing a holiday or warning day moves the open deadlines it affects."""

import bisect
import json
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time

import holidays
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from cases import tasks, timeline_messages
from cases.bulk_rows import insert_history, insert_rows, update_rows
from cases.deadlines import compute_due, same_deadline_as
from cases.models import (
    CalendarChange,
    CalendarChangeState,
    CalendarDay,
    CalendarDayKind,
    Case,
    CaseEvent,
    Clock,
    ClockExtension,
    ClockPause,
    ClockRule,
    ClockState,
    DeadlineUnit,
    Enquiry,
    Jurisdiction,
    load_calendar,
)
from cases.services.base import save_with_actor
from cases.services.clocks import deadline_moved_arguments


@dataclass(frozen=True)
class Recomputed:
    """What a calendar change did: the running clocks whose window held a changed day (the only
    ones it recomputed), those whose due moment moved, and the cases on whose timelines a move
    was written."""

    looked_at: int
    moved: int
    cases: list[int]


def recompute_clocks(*, calendar_code: str, days: Iterable[date], by, now: datetime, because: dict) -> Recomputed:
    """Recompute the running clocks on a calendar whose window holds one of ``days`` (days newly
    open or closed, or renamed); log each move, and ``because`` (the cause, as
    ``cases.timeline_messages`` keeps it), on its timelines.

    No other clock can move (``Deadline.window_starts_on``), so no other is read or locked. The
    clocks that change are written set-based, whatever their number: one UPDATE, one INSERT of
    their field history and one of their timeline entries. A clock whose due moment stays but
    whose explanation changes (a day's name) takes the new explanation without a timeline entry.
    """
    days = sorted(set(days))
    if not days:
        return Recomputed(looked_at=0, moved=0, cases=[])
    calendar = load_calendar(calendar_code)
    candidates = (
        Clock.objects.filter(state=ClockState.RUNNING, rule__calendar=calendar_code)
        .exclude(rule__unit=DeadlineUnit.HOURS)
        .filter(due_at__gte=datetime.combine(days[0], time.min, tzinfo=calendar.timezone))
        .filter(Q(window_starts_on__isnull=True) | Q(window_starts_on__lte=days[-1]))
    )
    rows = list(
        candidates.select_for_update(of=("self",))
        .order_by("started_at", "pk")
        .annotate(explanation_text=Cast("explanation", TextField()))
        .values(
            "pk", "started_at", "due_at", "explanation_text", "window_starts_on", "rule_id", "case_id", "enquiry_id"
        )
    )
    rows = [row for row in rows if _window_holds_one_of(row, days, calendar)]
    # Explanations read as text, each distinct one decoded once: clocks that started together share one.
    decoded = {}
    for row in rows:
        text = row.pop("explanation_text")
        if text not in decoded:
            decoded[text] = json.loads(text)
        row["explanation"] = decoded[text]
    if not rows:
        return Recomputed(looked_at=0, moved=0, cases=[])
    pauses, extensions = _pauses_and_extensions(candidates)
    rules = {rule.pk: rule for rule in ClockRule.objects.filter(calendar=calendar_code)}

    # Clocks that started on the same day under the same rule end together, with the same steps:
    # each deadline is counted once, and its explanation travels to the database once.
    computed = {}
    changed, explained, moved = [], [], []
    for row in rows:
        rule = rules[row["rule_id"]]
        clock_pauses, clock_extensions = pauses.get(row["pk"], ()), extensions.get(row["pk"], ())
        same_as = same_deadline_as(
            row["started_at"], rule.unit, calendar, pauses=clock_pauses, extension_days=clock_extensions
        )
        key = (rule.pk, same_as)
        if key not in computed:
            deadline = compute_due(
                row["started_at"],
                rule.length,
                rule.unit,
                calendar,
                pauses=clock_pauses,
                extension_days=clock_extensions,
            )
            computed[key] = {
                "due_at": deadline.due_at,
                "explanation": list(deadline.steps),
                "window_starts_on": deadline.window_starts_on,
            }
        now_due = computed[key]
        if all(row[name] == value for name, value in now_due.items()):
            continue
        changed.append({"pk": row["pk"], **now_due})
        if row["due_at"] != now_due["due_at"] or row["explanation"] != now_due["explanation"]:
            explained.append(row["pk"])
        if row["due_at"] != now_due["due_at"]:
            moved.append((row, rule, now_due, key))

    update_rows(Clock, changed, ["due_at", "explanation", "window_starts_on"], shared=["explanation"])
    insert_history(Clock, explained, by=by, at=now)
    events = _moved_events(moved, because=because, by=by, now=now)
    insert_rows(CaseEvent, events, shared=["message"])
    return Recomputed(looked_at=len(rows), moved=len(moved), cases=sorted({event["case_id"] for event in events}))


def _window_holds_one_of(row: dict, days: list[date], calendar) -> bool:
    """Whether one of ``days`` (sorted) lies between the clock's window start and its due day; a
    clock whose window is not known yet is always looked at."""
    starts_on = row["window_starts_on"]
    if starts_on is None:
        return True
    first_inside = bisect.bisect_left(days, starts_on)
    return first_inside < len(days) and days[first_inside] <= row["due_at"].astimezone(calendar.timezone).date()


def _pauses_and_extensions(clocks) -> tuple[dict, dict]:
    """The finished pauses and the extensions of these clocks, by clock, in the order
    ``Clock.compute_deadline`` takes them."""
    pauses, extensions = defaultdict(list), defaultdict(list)
    finished = ClockPause.objects.filter(clock__in=clocks.values("pk"), resumed_at__isnull=False)
    for clock_id, paused_at, resumed_at in finished.order_by("paused_at", "pk").values_list(
        "clock_id", "paused_at", "resumed_at"
    ):
        pauses[clock_id].append((paused_at, resumed_at))
    granted = ClockExtension.objects.filter(clock__in=clocks.values("pk"))
    for clock_id, days in granted.order_by("granted_at", "pk").values_list("clock_id", "days"):
        extensions[clock_id].append(days)
    return pauses, extensions


def _moved_events(moved: list[tuple], *, because: dict, by, now: datetime) -> list[dict]:
    """A timeline entry for each moved clock on each case it belongs on: its case, or every case
    its enquiry covers (``Clock.timeline_cases``). Clocks that moved from the same moment to the
    same deadline share one message."""
    enquiry_ids = {row["enquiry_id"] for row, _rule, _due, _key in moved if row["enquiry_id"]}
    enquiries = Enquiry.objects.filter(pk__in=enquiry_ids).only("drafted_at")
    references = {enquiry.pk: enquiry.reference for enquiry in enquiries}
    cases_of = defaultdict(list)
    covered = Case.objects.filter(enquiries__in=enquiry_ids).values_list("enquiries", "pk")
    for enquiry_id, case_id in covered:
        cases_of[enquiry_id].append(case_id)
    messages, events = {}, []
    for row, rule, now_due, key in moved:
        message_key = (key, row["due_at"], row["enquiry_id"])
        if message_key not in messages:
            arguments = deadline_moved_arguments(
                rule, was=row["due_at"], due=now_due["due_at"], because=because, steps=now_due["explanation"]
            )
            if row["enquiry_id"]:
                arguments["enquiry"] = references[row["enquiry_id"]]
            messages[message_key] = timeline_messages.about_rule(CaseEvent.Kind.DEADLINE_MOVED, rule, **arguments)
        for case_id in [row["case_id"]] if row["case_id"] else cases_of[row["enquiry_id"]]:
            events.append(
                {
                    "case_id": case_id,
                    "kind": CaseEvent.Kind.DEADLINE_MOVED,
                    "at": now,
                    "actor_id": getattr(by, "pk", None),
                    "from_status": "",
                    "to_status": "",
                    "message": messages[message_key],
                    "text": "",
                    "related_case_id": None,
                }
            )
    return events


@transaction.atomic
def add_calendar_day(
    *,
    day: date,
    kind: str,
    name: str,
    source: str,
    by,
    now: datetime,
    name_zh: str = "",
    jurisdiction: str = Jurisdiction.HONG_KONG,
) -> tuple[CalendarDay, CalendarChange]:
    """Record a holiday or warning day; the open deadlines it affects move in the background
    (``apply_calendar_change``), and the change returned tells how far that has got."""
    calendar_day = CalendarDay(
        jurisdiction=jurisdiction, date=day, kind=kind, name=name.strip(), name_zh=name_zh.strip(), source=source
    )
    calendar_day.full_clean()
    save_with_actor(calendar_day, by=by)
    because = {"kind": "day_added", "date": day.isoformat(), "reasons": [calendar_day.reason]}
    return calendar_day, _queued(_record_change(jurisdiction, days=[day], because=because, by=by, now=now))


@transaction.atomic
def remove_calendar_day(calendar_day: CalendarDay, *, by, now: datetime) -> CalendarChange:
    """Remove a day entered by mistake; the open deadlines it affected move back in the background."""
    because = {"kind": "day_removed", "date": calendar_day.date.isoformat(), "reasons": [calendar_day.reason]}
    calendar_day._history_user = by
    calendar_day.delete()
    return _queued(_record_change(calendar_day.jurisdiction, days=[calendar_day.date], because=because, by=by, now=now))


@transaction.atomic
def start_calendar_change_again(change: CalendarChange, *, now: datetime) -> CalendarChange:
    """Queue again a change that failed, or that waited so long it was most likely never queued."""
    change = CalendarChange.objects.select_for_update().get(pk=change.pk)
    if not change.can_start_again(now):
        raise ValidationError(_("This change is already under way or done."))
    return _queued(change)


def _queued(change: CalendarChange) -> CalendarChange:
    """The change, handed to the workers once the transaction commits."""
    transaction.on_commit(lambda: tasks.queue_calendar_change(change.pk))
    return change


def _record_change(jurisdiction: str, *, days: list[date], because: dict, by, now: datetime) -> CalendarChange:
    return CalendarChange.objects.create(
        jurisdiction=jurisdiction,
        days=[day.isoformat() for day in days],
        because=because,
        requested_by=by,
        requested_at=now,
    )


def apply_calendar_change(change_id: int, *, now: datetime) -> CalendarChange:
    """Move the open deadlines a calendar change affects, and record how many moved and on which
    cases. Marked running first, in a transaction of its own, so that the change's page shows it.

    Safe to run twice, even at once: the change is locked while its deadlines move, and a change
    already done is left as it is. One that fails is marked failed with the error, and can run again.
    """
    with transaction.atomic():
        change = CalendarChange.objects.select_for_update().get(pk=change_id)
        if change.state == CalendarChangeState.DONE:
            return change
        change.state, change.started_at, change.finished_at, change.error = CalendarChangeState.RUNNING, now, None, ""
        change.save(update_fields=["state", "started_at", "finished_at", "error"])
    try:
        with transaction.atomic():
            change = CalendarChange.objects.select_for_update().get(pk=change_id)
            if change.state == CalendarChangeState.DONE:
                return change
            days = [date.fromisoformat(day) for day in change.days]
            done = [
                recompute_clocks(calendar_code=code, days=days, by=change.requested_by, now=now, because=change.because)
                for code in change.calendars
            ]
            cases = sorted({case_id for result in done for case_id in result.cases})
            through = CalendarChange.moved_cases.through
            insert_rows(through, [{"calendarchange_id": change.pk, "case_id": case_id} for case_id in cases])
            change.looked_at = sum(result.looked_at for result in done)
            change.moved = sum(result.moved for result in done)
            change.state, change.finished_at = CalendarChangeState.DONE, timezone.now()
            change.save(update_fields=["looked_at", "moved", "state", "finished_at"])
            return change
    except Exception as error:
        CalendarChange.objects.filter(pk=change_id).update(
            state=CalendarChangeState.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"
        )
        raise


@transaction.atomic
def sync_holidays(*, years, now: datetime) -> int:
    """Add Hong Kong's Cap. 149 general holidays for these years, with their English and Chinese
    names, and give a Chinese name to those on file without one; returns how many were new."""
    years = list(years)
    source = f"General Holidays Ordinance (Cap. 149), from the holidays package {holidays.__version__}"
    on_file = {
        day.date: day
        for day in CalendarDay.objects.filter(
            jurisdiction=Jurisdiction.HONG_KONG, kind=CalendarDayKind.GENERAL_HOLIDAY, date__year__in=years
        )
    }
    # Sundays are general holidays by definition, so the package leaves them out.
    names = holidays.HK(categories=("optional",), years=years)
    names_zh = holidays.HK(categories=("optional",), years=years, language="zh_HK")
    new_days, named_days = [], []
    for day, name in sorted(names.items()):
        known = on_file.get(day)
        if known is None:
            new_days.append(
                CalendarDay(
                    jurisdiction=Jurisdiction.HONG_KONG,
                    date=day,
                    kind=CalendarDayKind.GENERAL_HOLIDAY,
                    name=name,
                    name_zh=names_zh.get(day, ""),
                    source=source,
                )
            )
        elif not known.name_zh and names_zh.get(day):
            known.name_zh = names_zh[day]
            named_days.append(known)
    bulk_create_with_history(new_days, CalendarDay)
    bulk_update_with_history(named_days, CalendarDay, ["name_zh"])
    if new_days or named_days:
        # Already in the background: the deadlines move here, and the change keeps the record.
        because = {"kind": "holidays_added", "count": len(new_days)}
        changed = [day.date for day in [*new_days, *named_days]]
        change = _record_change(Jurisdiction.HONG_KONG, days=changed, because=because, by=None, now=now)
        apply_calendar_change(change.pk, now=now)
    return len(new_days)
