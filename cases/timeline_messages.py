"""What the system writes on a case's timeline, kept as a message: a ``code`` (the kind of entry)
and its arguments, written out in the reader's language only when it is read.

A message carries everything its text needs (a clock's rule travels as its code and both its
names), so that a timeline of any length is written out without a query per entry. What a person
wrote (a note, a reason) is kept apart in ``CaseEvent.text`` and shown as it was typed.

=================  ====================================================================
code               arguments
=================  ====================================================================
received           on (ISO date); partner and partner_reference when a partner referred it
assigned           officer, and previous when the case changed hands (usernames)
clock_started      rule, steps (how the due date was reached)
clock_paused       rule
clock_resumed      rule, due
clock_extended     rule, days, due (none while the clock is paused)
clock_met          rule, late
clock_stopped      rule, because ("case_pursued")
deadline_moved     rule, was, due, because, steps
enquiry_drafted    enquiry (its reference), organisation (name, name_zh)
enquiry_sent       enquiry, to (addresses), reply_by (ISO date)
reply_received     enquiry, on (ISO date), late
enquiry_withdrawn  enquiry
letter_sent        letter (a ``LetterKind``): the complainant's address is never kept here
reminder_sent      rule, kind (a ``ReminderKind``), to (addresses)
=================  ====================================================================

A message about a clock of an enquiry also names the enquiry (``enquiry``), as several enquiries'
clocks of the same rule can run on one case.

``due`` and ``was`` are ISO dates, or ISO date-times for a period counted in hours. ``because`` of
a moved deadline is ``{"kind": "day_added" | "day_removed", "date": …, "reasons": […]}``,
``{"kind": "holidays_added", "count": …}`` or ``{"kind": "receipt_corrected"}``.
"""

from collections.abc import Mapping
from datetime import date

from django.utils.translation import gettext, gettext_lazy, ngettext

from cases.explanations import explain, in_reader_language, listed, moment, why_closed
from cases.models.reminders import ReminderKind
from cases.models.workflow import LetterKind


def received(on: date, *, referred_by: tuple[str, str] | None = None) -> dict:
    message = {"code": "received", "on": on.isoformat()}
    if referred_by is not None:
        message["partner"], message["partner_reference"] = referred_by
    return message


def assigned(officer, *, previous=None) -> dict:
    message = {"code": "assigned", "officer": officer.get_username()}
    if previous is not None:
        message["previous"] = previous.get_username()
    return message


def about_rule(code: str, rule, **arguments) -> dict:
    """A message about a clock of ``rule``."""
    return {"code": code, "rule": {"code": rule.code, "name": rule.name, "name_zh": rule.name_zh}, **arguments}


def enquiry_drafted(enquiry) -> dict:
    organisation = enquiry.organisation
    return {
        "code": "enquiry_drafted",
        "enquiry": enquiry.reference,
        "organisation": {"name": organisation.name, "name_zh": organisation.name_zh},
    }


def enquiry_sent(enquiry, *, reply_by: date) -> dict:
    return {
        "code": "enquiry_sent",
        "enquiry": enquiry.reference,
        "to": enquiry.recipient_list,
        "reply_by": reply_by.isoformat(),
    }


def reply_received(enquiry, *, on: date, late: bool) -> dict:
    return {"code": "reply_received", "enquiry": enquiry.reference, "on": on.isoformat(), "late": late}


def enquiry_withdrawn(enquiry) -> dict:
    return {"code": "enquiry_withdrawn", "enquiry": enquiry.reference}


def letter_sent(kind: str) -> dict:
    return {"code": "letter_sent", "letter": kind}


def _rule(message: Mapping) -> str:
    rule = message["rule"]
    name = in_reader_language(rule["name"], rule["name_zh"]) or rule["code"]
    if "enquiry" in message:
        return gettext("%(rule)s (%(enquiry)s)") % {"rule": name, "enquiry": message["enquiry"]}
    return name


def _received(message: Mapping) -> str:
    if "partner" in message:
        return gettext("Referred by %(partner)s (their reference %(reference)s), received on %(date)s.") % {
            "partner": message["partner"],
            "reference": message["partner_reference"],
            "date": moment(message["on"]),
        }
    return gettext("Received on %(date)s.") % {"date": moment(message["on"])}


def _assigned(message: Mapping) -> str:
    if "previous" in message:
        return f"{message['previous']} → {message['officer']}"
    return message["officer"]


def _clock_started(message: Mapping) -> str:
    return gettext("%(rule)s: %(explanation)s") % {"rule": _rule(message), "explanation": explain(message["steps"])}


def _clock_resumed(message: Mapping) -> str:
    return gettext("%(rule)s: due %(due)s") % {"rule": _rule(message), "due": moment(message["due"])}


def _clock_extended(message: Mapping) -> str:
    days = message["days"]
    if message["due"] is None:
        text = ngettext("%(rule)s: extended by %(count)d day", "%(rule)s: extended by %(count)d days", days)
    else:
        text = ngettext(
            "%(rule)s: extended by %(count)d day; due %(due)s",
            "%(rule)s: extended by %(count)d days; due %(due)s",
            days,
        )
    return text % {"rule": _rule(message), "count": days, "due": message["due"] and moment(message["due"])}


def _clock_met(message: Mapping) -> str:
    return gettext("%(rule)s (late)") % {"rule": _rule(message)} if message["late"] else _rule(message)


# Why a clock stopped before its case closed (closing a case says why itself).
STOPPED_BECAUSE = {"case_pursued": gettext_lazy("%(rule)s: the complaint is being pursued")}


def _clock_stopped(message: Mapping) -> str:
    return str(STOPPED_BECAUSE[message["because"]]) % {"rule": _rule(message)}


def cause(because: Mapping) -> str:
    """Why deadlines moved, as a phrase: "Mon 16 Mar 2026 added as a black rainstorm warning day (…)"."""
    kind = because["kind"]
    if kind == "day_added":
        return gettext("%(date)s added as %(reasons)s") % {
            "date": moment(because["date"]),
            "reasons": why_closed(because["reasons"]),
        }
    if kind == "day_removed":
        return gettext("%(date)s is no longer %(reasons)s") % {
            "date": moment(because["date"]),
            "reasons": why_closed(because["reasons"]),
        }
    if kind == "holidays_added":
        count = because["count"]
        return ngettext("%(count)d general holiday added", "%(count)d general holidays added", count) % {"count": count}
    return gettext("receipt date corrected")


def _deadline_moved(message: Mapping) -> str:
    if message["was"] is None or message["due"] is None:
        return gettext("%(rule)s: %(because)s") % {"rule": _rule(message), "because": cause(message["because"])}
    return gettext("%(rule)s: due %(was)s → %(due)s (%(because)s). %(explanation)s") % {
        "rule": _rule(message),
        "was": moment(message["was"]),
        "due": moment(message["due"]),
        "because": cause(message["because"]),
        "explanation": explain(message["steps"]),
    }


def _enquiry(message: Mapping) -> str:
    return message["enquiry"]


def _enquiry_drafted(message: Mapping) -> str:
    organisation = message["organisation"]
    return gettext("%(enquiry)s to %(organisation)s") % {
        "enquiry": message["enquiry"],
        "organisation": in_reader_language(organisation["name"], organisation["name_zh"]),
    }


def _enquiry_sent(message: Mapping) -> str:
    return gettext("%(enquiry)s sent to %(to)s; reply due %(reply_by)s") % {
        "enquiry": message["enquiry"],
        "to": listed(message["to"]),
        "reply_by": moment(message["reply_by"]),
    }


def _reply_received(message: Mapping) -> str:
    if message["late"]:
        text = gettext("%(enquiry)s: reply received on %(on)s (late)")
    else:
        text = gettext("%(enquiry)s: reply received on %(on)s")
    return text % {"enquiry": message["enquiry"], "on": moment(message["on"])}


def _letter_sent(message: Mapping) -> str:
    return str(LetterKind(message["letter"]).label)


def _reminder_sent(message: Mapping) -> str:
    return gettext("%(kind)s, %(rule)s: sent to %(to)s") % {
        "kind": ReminderKind(message["kind"]).label,
        "rule": _rule(message),
        "to": listed(message["to"]),
    }


MESSAGES = {
    "received": _received,
    "assigned": _assigned,
    "clock_started": _clock_started,
    "clock_paused": _rule,
    "clock_resumed": _clock_resumed,
    "clock_extended": _clock_extended,
    "clock_met": _clock_met,
    "clock_stopped": _clock_stopped,
    "deadline_moved": _deadline_moved,
    "enquiry_drafted": _enquiry_drafted,
    "enquiry_sent": _enquiry_sent,
    "reply_received": _reply_received,
    "enquiry_withdrawn": _enquiry,
    "letter_sent": _letter_sent,
    "reminder_sent": _reminder_sent,
}


def describe(message: Mapping) -> str:
    """The message in the reader's language."""
    return MESSAGES[message["code"]](message)
