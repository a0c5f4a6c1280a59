"""How a due date was reached and what the system wrote on a timeline, in the reader's language.

Both are stored as data: a clock keeps the steps ``cases.deadlines`` produced, a timeline entry
keeps a message (a ``code`` and its arguments). Nothing is written out until it is read, so the
same row reads in English to one member of staff and in Chinese to the next. Dates follow the
active language's ``DATE_FORMAT`` ("Mon 2 Mar 2026" in English), moments its
``DATETIME_FORMAT``. Everything needed is on the row: rendering never touches the database.
"""

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from django.utils import formats, timezone
from django.utils.translation import get_language, gettext, gettext_lazy, ngettext, pgettext


def _reads_chinese() -> bool:
    return (get_language() or "").startswith("zh")


def in_reader_language(english: str, chinese: str) -> str:
    """The Chinese name for a reader of Chinese when there is one, the English name otherwise."""
    return chinese if chinese and _reads_chinese() else english


def _day(value: str) -> str:
    return formats.date_format(date.fromisoformat(value), "DATE_FORMAT")


def _day_in_list(value: str) -> str:
    """A day named after the first one of the same explanation, without its year."""
    return formats.date_format(date.fromisoformat(value), pgettext("date format of a day in a list of days", "D j M"))


def moment(value: str) -> str:
    """An ISO date as a date, an ISO date-time (of a period counted in hours) as a date and time."""
    if len(value) == len("2026-03-02"):
        return _day(value)
    return formats.date_format(timezone.localtime(datetime.fromisoformat(value)), "DATETIME_FORMAT")


def listed(items: Sequence[str]) -> str:
    return pgettext("between the items of a list", ", ").join(items)


def _and(items: Sequence[str]) -> str:
    if len(items) == 1:
        return items[0]
    return gettext("%(list)s and %(last)s") % {"list": listed(items[:-1]), "last": items[-1]}


# What a closed day is, with the name it has on file and without one.
CLOSED_DAY_KINDS = {
    "sunday": (None, gettext_lazy("a Sunday")),
    "saturday": (None, gettext_lazy("a Saturday")),
    "general_holiday": (gettext_lazy("a general holiday (%(name)s)"), gettext_lazy("a general holiday")),
    "gale_warning": (gettext_lazy("a gale warning day (%(name)s)"), gettext_lazy("a gale warning day")),
    "black_rainstorm": (
        gettext_lazy("a black rainstorm warning day (%(name)s)"),
        gettext_lazy("a black rainstorm warning day"),
    ),
}


def _reason(reason: Mapping[str, str]) -> str:
    named, unnamed = CLOSED_DAY_KINDS[reason["kind"]]
    # A reader of Chinese sees no English name: without a Chinese one, the kind of day says enough.
    name = reason.get("name_zh" if _reads_chinese() else "name", "")
    return str(named) % {"name": name} if named and name else str(unnamed)


def why_closed(reasons: Sequence[Mapping[str, str]]) -> str:
    """Why a day is closed, e.g. "a gale warning day (Signal No. 8) and a general holiday (Christmas Day)"."""
    return _and([_reason(reason) for reason in reasons])


def _closed_days(days: Sequence[Mapping]) -> str:
    return listed(
        [
            pgettext("a closed day in a list", "%(day)s (%(reasons)s)")
            % {"day": _day_in_list(day["date"]), "reasons": why_closed(day["reasons"])}
            for day in days
        ]
    )


def _duration(minutes: int) -> str:
    hours, minutes = divmod(minutes, 60)
    in_hours = ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    in_minutes = ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}
    if hours and minutes:
        return pgettext("hours and minutes", "%(hours)s %(minutes)s") % {"hours": in_hours, "minutes": in_minutes}
    return in_hours if hours else in_minutes


def _days(step) -> str:
    return ngettext(
        "%(count)d day from %(start)s, not counting that day, ends on %(end)s",
        "%(count)d days from %(start)s, not counting that day, end on %(end)s",
        step["length"],
    ) % {"count": step["length"], "start": _day(step["start"]), "end": _day(step["end"])}


def _months(step) -> str:
    if step["clamped"]:
        text = ngettext(
            "%(count)d month from %(start)s ends on %(end)s (the month is shorter)",
            "%(count)d months from %(start)s end on %(end)s (the month is shorter)",
            step["length"],
        )
    else:
        text = ngettext(
            "%(count)d month from %(start)s ends on %(end)s",
            "%(count)d months from %(start)s end on %(end)s",
            step["length"],
        )
    return text % {"count": step["length"], "start": _day(step["start"]), "end": _day(step["end"])}


def _count_from(step) -> str:
    if step["unit"] == "working_days":
        text = ngettext(
            "%(count)d working day from %(start)s, not counting that day",
            "%(count)d working days from %(start)s, not counting that day",
            step["length"],
        )
    else:
        text = ngettext(
            "%(count)d day from %(start)s, not counting that day",
            "%(count)d days from %(start)s, not counting that day",
            step["length"],
        )
    return text % {"count": step["length"], "start": _day(step["start"])}


def _not_counted(step) -> str:
    count = step["short_period_days"]
    return ngettext(
        "a period of %(count)d day or less does not count %(days)s",
        "a period of %(count)d days or less does not count %(days)s",
        count,
    ) % {"count": count, "days": _closed_days(step["days"])}


def _period_ends(step) -> str:
    return gettext("the period ends on %(end)s") % {"end": _day(step["end"])}


def _working_days(step) -> str:
    if step["holidays"]:
        text = gettext("Saturdays and Sundays are not working days, nor are %(days)s: the last working day is %(end)s")
    else:
        text = gettext("Saturdays and Sundays are not working days: the last working day is %(end)s")
    return text % {"days": _closed_days(step["holidays"]), "end": _day(step["end"])}


def _runs_on(step) -> str:
    first, *others = step["closed"]
    closed = [
        pgettext("the first closed day", "%(day)s is %(reasons)s")
        % {"day": _day(first["date"]), "reasons": why_closed(first["reasons"])}
    ]
    closed += [
        pgettext("a further closed day", "%(day)s %(reasons)s")
        % {"day": _day_in_list(day["date"]), "reasons": why_closed(day["reasons"])}
        for day in others
    ]
    if step["working_days"]:
        text = gettext("%(closed)s, so the period runs to the next day that is a working day: %(to)s")
    else:
        text = gettext(
            "%(closed)s, so the period runs to the next day that is neither a holiday nor a warning day: %(to)s"
        )
    return text % {"closed": listed(closed), "to": _day(step["to"])}


def _paused(step) -> str:
    return ngettext(
        "paused for %(count)d day, which moves it to %(to)s",
        "paused for %(count)d days, which moves it to %(to)s",
        step["days"],
    ) % {"count": step["days"], "to": _day(step["to"])}


def _extended(step) -> str:
    return ngettext("extended by %(count)d day to %(to)s", "extended by %(count)d days to %(to)s", step["days"]) % {
        "count": step["days"],
        "to": moment(step["to"]),
    }


def _hours(step) -> str:
    return ngettext(
        "%(count)d hour from %(start)s runs without a break for holidays or weekends",
        "%(count)d hours from %(start)s run without a break for holidays or weekends",
        step["length"],
    ) % {"count": step["length"], "start": moment(step["start"])}


def _paused_hours(step) -> str:
    return gettext("paused for %(duration)s, which moves it to %(to)s") % {
        "duration": _duration(step["minutes"]),
        "to": moment(step["to"]),
    }


def _due(step) -> str:
    return gettext("due %(due)s") % {"due": moment(step["on"])}


STEPS = {
    "days": _days,
    "months": _months,
    "count_from": _count_from,
    "not_counted": _not_counted,
    "period_ends": _period_ends,
    "working_days": _working_days,
    "runs_on": _runs_on,
    "paused": _paused,
    "extended": _extended,
    "hours": _hours,
    "paused_hours": _paused_hours,
    "due": _due,
}


def explain_step(step: Mapping) -> str:
    return STEPS[step["kind"]](step)


def explain(steps: Sequence[Mapping]) -> str:
    """How a due date was reached, one step after another."""
    return pgettext("between the steps of an explanation", "; ").join(explain_step(step) for step in steps)
