"""One of every step an explanation of a due date is made of and of every message the system writes
on a timeline, each with how it reads in English: tests/cases/test_explanations.py reads them in
English, tests/cases/test_explanations_in_chinese.py checks that no English is left in Chinese."""

from cases.deadlines import SATURDAY, SUNDAY, closed_day

CHRISTMAS = closed_day("general_holiday", "Christmas Day", "聖誕節")
GALE = closed_day("gale_warning", "Signal No. 8", "八號烈風或暴風信號")
UNNAMED_GALE = closed_day("gale_warning")
RULE = {
    "code": "hk-pdpo-s39-3",
    "name": "Tell the complainant of a decision not to investigate",
    "name_zh": "通知投訴人",
}
S39_STEPS = [
    {"kind": "days", "length": 45, "start": "2024-10-03", "end": "2024-11-17"},
    {
        "kind": "runs_on",
        "closed": [{"date": "2024-11-17", "reasons": [SUNDAY]}],
        "to": "2024-11-18",
        "working_days": False,
    },
    {"kind": "due", "on": "2024-11-18"},
]
S39_EXPLAINED = (
    "45 days from Thu 3 Oct 2024, not counting that day, end on Sun 17 Nov 2024; Sun 17 Nov 2024 is a Sunday, so "
    "the period runs to the next day that is neither a holiday nor a warning day: Mon 18 Nov 2024; due Mon 18 Nov 2024"
)

# One of every kind of step, and how it reads in English.
STEPS = [
    (S39_STEPS[0], "45 days from Thu 3 Oct 2024, not counting that day, end on Sun 17 Nov 2024"),
    (
        {"kind": "days", "length": 1, "start": "2024-12-06", "end": "2024-12-07"},
        "1 day from Fri 6 Dec 2024, not counting that day, ends on Sat 7 Dec 2024",
    ),
    (
        {"kind": "months", "length": 3, "start": "2024-10-03", "end": "2025-01-03", "clamped": False},
        "3 months from Thu 3 Oct 2024 end on Fri 3 Jan 2025",
    ),
    (
        {"kind": "months", "length": 1, "start": "2024-01-31", "end": "2024-02-29", "clamped": True},
        "1 month from Wed 31 Jan 2024 ends on Thu 29 Feb 2024 (the month is shorter)",
    ),
    (
        {"kind": "count_from", "length": 5, "unit": "days", "start": "2026-03-02"},
        "5 days from Mon 2 Mar 2026, not counting that day",
    ),
    (
        {"kind": "count_from", "length": 1, "unit": "working_days", "start": "2024-12-06"},
        "1 working day from Fri 6 Dec 2024, not counting that day",
    ),
    (
        {
            "kind": "not_counted",
            "short_period_days": 6,
            "days": [{"date": "2026-03-04", "reasons": [GALE]}, {"date": "2026-03-08", "reasons": [SUNDAY]}],
        },
        "a period of 6 days or less does not count Wed 4 Mar (a gale warning day (Signal No. 8)), Sun 8 Mar (a Sunday)",
    ),
    ({"kind": "period_ends", "end": "2026-03-09"}, "the period ends on Mon 9 Mar 2026"),
    (
        {"kind": "working_days", "holidays": [{"date": "2024-09-06", "reasons": [UNNAMED_GALE]}], "end": "2024-09-10"},
        "Saturdays and Sundays are not working days, nor are Fri 6 Sep (a gale warning day): the last working day is "
        "Tue 10 Sep 2024",
    ),
    (
        {"kind": "working_days", "holidays": [], "end": "2024-12-16"},
        "Saturdays and Sundays are not working days: the last working day is Mon 16 Dec 2024",
    ),
    (S39_STEPS[1], S39_EXPLAINED.split("; ")[1]),
    (
        {
            "kind": "runs_on",
            "closed": [
                {"date": "2024-12-14", "reasons": [SATURDAY]},
                {"date": "2024-12-15", "reasons": [SUNDAY]},
                {"date": "2024-12-16", "reasons": [GALE, CHRISTMAS]},
            ],
            "to": "2024-12-17",
            "working_days": True,
        },
        "Sat 14 Dec 2024 is a Saturday, Sun 15 Dec a Sunday, Mon 16 Dec a gale warning day (Signal No. 8) and a "
        "general holiday (Christmas Day), so the period runs to the next day that is a working day: Tue 17 Dec 2024",
    ),
    ({"kind": "paused", "days": 7, "to": "2026-03-23"}, "paused for 7 days, which moves it to Mon 23 Mar 2026"),
    ({"kind": "paused", "days": 1, "to": "2024-10-01"}, "paused for 1 day, which moves it to Tue 1 Oct 2024"),
    ({"kind": "extended", "days": 14, "to": "2026-03-30"}, "extended by 14 days to Mon 30 Mar 2026"),
    (
        {"kind": "extended", "days": 1, "to": "2024-12-04T09:00:00+08:00"},
        "extended by 1 day to Wed 4 Dec 2024, 09:00",
    ),
    (
        {"kind": "hours", "length": 72, "start": "2026-03-02T10:30:00+08:00"},
        "72 hours from Mon 2 Mar 2026, 10:30 run without a break for holidays or weekends",
    ),
    (
        {"kind": "hours", "length": 1, "start": "2026-03-02T02:30:00+00:00"},
        "1 hour from Mon 2 Mar 2026, 10:30 runs without a break for holidays or weekends",
    ),
    (
        {"kind": "paused_hours", "minutes": 2880, "to": "2024-12-07T09:00:00+08:00"},
        "paused for 48 hours, which moves it to Sat 7 Dec 2024, 09:00",
    ),
    (
        {"kind": "paused_hours", "minutes": 90, "to": "2024-12-05T10:30:00+08:00"},
        "paused for 1 hour 30 minutes, which moves it to Thu 5 Dec 2024, 10:30",
    ),
    (
        {"kind": "paused_hours", "minutes": 1, "to": "2024-12-05T09:01:00+08:00"},
        "paused for 1 minute, which moves it to Thu 5 Dec 2024, 09:01",
    ),
    (S39_STEPS[2], "due Mon 18 Nov 2024"),
    ({"kind": "due", "on": "2026-03-05T10:30:00+08:00"}, "due Thu 5 Mar 2026, 10:30"),
]


def rule_message(code: str, **arguments) -> dict:
    """A message about a clock of RULE."""
    return {"code": code, "rule": RULE, **arguments}


# One of every message the system writes, and how it reads in English.
MESSAGES = [
    ({"code": "received", "on": "2026-03-01"}, "Received on Sun 1 Mar 2026."),
    ({"code": "assigned", "officer": "officer"}, "officer"),
    ({"code": "assigned", "officer": "officer2", "previous": "officer"}, "officer → officer2"),
    (rule_message("clock_started", steps=S39_STEPS), f"{RULE['name']}: {S39_EXPLAINED}"),
    (rule_message("clock_paused"), RULE["name"]),
    (rule_message("clock_resumed", due="2026-03-23"), f"{RULE['name']}: due Mon 23 Mar 2026"),
    (
        rule_message("clock_extended", days=14, due="2026-03-30"),
        f"{RULE['name']}: extended by 14 days; due Mon 30 Mar 2026",
    ),
    (rule_message("clock_extended", days=1, due=None), f"{RULE['name']}: extended by 1 day"),
    (rule_message("clock_met", late=False), RULE["name"]),
    (rule_message("clock_met", late=True), f"{RULE['name']} (late)"),
    (rule_message("clock_stopped", because="case_pursued"), f"{RULE['name']}: the complaint is being pursued"),
    (
        rule_message(
            "deadline_moved",
            was="2026-03-16",
            due="2026-03-17",
            because={"kind": "day_added", "date": "2026-03-16", "reasons": [closed_day("black_rainstorm", "Black")]},
            steps=S39_STEPS[2:],
        ),
        f"{RULE['name']}: due Mon 16 Mar 2026 → Tue 17 Mar 2026 (Mon 16 Mar 2026 added as a black rainstorm warning "
        "day (Black)). due Mon 18 Nov 2024",
    ),
    (
        rule_message(
            "deadline_moved",
            was="2026-03-17",
            due="2026-03-16",
            because={"kind": "day_removed", "date": "2026-03-16", "reasons": [UNNAMED_GALE]},
            steps=S39_STEPS[2:],
        ),
        f"{RULE['name']}: due Tue 17 Mar 2026 → Mon 16 Mar 2026 (Mon 16 Mar 2026 is no longer a gale warning day). "
        "due Mon 18 Nov 2024",
    ),
    (
        rule_message(
            "deadline_moved",
            was="2024-12-25",
            due="2024-12-27",
            because={"kind": "holidays_added", "count": 1},
            steps=S39_STEPS[2:],
        ),
        f"{RULE['name']}: due Wed 25 Dec 2024 → Fri 27 Dec 2024 (1 general holiday added). due Mon 18 Nov 2024",
    ),
    (
        rule_message(
            "deadline_moved",
            was="2024-11-18",
            due="2024-11-19",
            because={"kind": "receipt_corrected"},
            steps=S39_STEPS[2:],
        ),
        f"{RULE['name']}: due Mon 18 Nov 2024 → Tue 19 Nov 2024 (receipt date corrected). due Mon 18 Nov 2024",
    ),
    (
        rule_message("deadline_moved", was=None, due=None, because={"kind": "receipt_corrected"}, steps=[]),
        f"{RULE['name']}: receipt date corrected",
    ),
    (
        rule_message("clock_resumed", due="2026-03-20", enquiry="ENQ-2026-00001"),
        f"{RULE['name']} (ENQ-2026-00001): due Fri 20 Mar 2026",
    ),
    (
        {
            "code": "enquiry_drafted",
            "enquiry": "ENQ-2026-00001",
            "organisation": {"name": "Linkwave Limited", "name_zh": "聯網有限公司"},
        },
        "ENQ-2026-00001 to Linkwave Limited",
    ),
    (
        {
            "code": "enquiry_sent",
            "enquiry": "ENQ-2026-00001",
            "to": ["dpo@linkwave.example", "legal@linkwave.example"],
            "reply_by": "2026-03-16",
        },
        "ENQ-2026-00001 sent to dpo@linkwave.example, legal@linkwave.example; reply due Mon 16 Mar 2026",
    ),
    (
        {"code": "reply_received", "enquiry": "ENQ-2026-00001", "on": "2026-03-10", "late": False},
        "ENQ-2026-00001: reply received on Tue 10 Mar 2026",
    ),
    (
        {"code": "reply_received", "enquiry": "ENQ-2026-00001", "on": "2026-03-17", "late": True},
        "ENQ-2026-00001: reply received on Tue 17 Mar 2026 (late)",
    ),
    ({"code": "enquiry_withdrawn", "enquiry": "ENQ-2026-00001"}, "ENQ-2026-00001"),
    ({"code": "letter_sent", "letter": "not_pursued"}, "Notice of a decision not to pursue (s.39(3))"),
    (
        rule_message(
            "reminder_sent", kind="organisation_chaser", to=["dpo@linkwave.example"], enquiry="ENQ-2026-00001"
        ),
        f"Chaser to the organisation after the reply was due, {RULE['name']} (ENQ-2026-00001): sent to "
        "dpo@linkwave.example",
    ),
    (
        rule_message("reminder_sent", kind="officer_overdue", to=["officer@dpa.example"]),
        f"Alert to the officer that the due date has passed, {RULE['name']}: sent to officer@dpa.example",
    ),
]
