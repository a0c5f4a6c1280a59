"""Every change to a case happens here: one function per use case, each in one transaction,
guarding its rule, writing its ``CaseEvent`` and enqueuing its background work after commit.

One module per aggregate; every service is importable from here."""

from cases.services.base import (
    allocate_reference,
    locked_case,
    record_event,
    save_with_actor,
    start_of_day,
)
from cases.services.calendar import (
    add_calendar_day,
    recompute_clocks,
    remove_calendar_day,
    sync_holidays,
)
from cases.services.cases import (
    DETAIL_CHANGES,
    add_note,
    assign_case,
    close_case,
    link_cases,
    move_case,
    notify_case_assigned,
    open_case,
    reopen_case,
    update_case_details,
)
from cases.services.clocks import (
    COMPLAINT_CLOCKS,
    COMPLAINT_KINDS,
    PURSUED_STATUSES,
    REFUSAL_CLOCKS,
    RESTARTED_ON_REOPENING,
    due_text,
    extend_clock,
    halt_clock,
    locked_clock,
    meet_clock,
    pause_clock,
    refresh_due,
    resume_clock,
    start_clock,
    start_complaint_clocks,
    stop_clock,
    stop_open_clocks,
)
from cases.services.documents import (
    add_document,
)
from cases.services.identity import (
    record_identity_access,
)

__all__ = [
    "COMPLAINT_CLOCKS",
    "COMPLAINT_KINDS",
    "DETAIL_CHANGES",
    "PURSUED_STATUSES",
    "REFUSAL_CLOCKS",
    "RESTARTED_ON_REOPENING",
    "add_calendar_day",
    "add_document",
    "add_note",
    "allocate_reference",
    "assign_case",
    "close_case",
    "due_text",
    "extend_clock",
    "halt_clock",
    "link_cases",
    "locked_case",
    "locked_clock",
    "meet_clock",
    "move_case",
    "notify_case_assigned",
    "open_case",
    "pause_clock",
    "recompute_clocks",
    "record_event",
    "record_identity_access",
    "refresh_due",
    "remove_calendar_day",
    "reopen_case",
    "resume_clock",
    "save_with_actor",
    "start_clock",
    "start_complaint_clocks",
    "start_of_day",
    "stop_clock",
    "stop_open_clocks",
    "sync_holidays",
    "update_case_details",
]
