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
    OPENING_TRIGGER,
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
    due_argument,
    extend_clock,
    halt_clock,
    locked_clock,
    meet_clock,
    pause_clock,
    record_clock_event,
    refresh_due,
    restart_clocks_on_reopening,
    resume_clock,
    settle_pursuit_decision_clocks,
    start_clock,
    start_triggered_clocks,
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
    "DETAIL_CHANGES",
    "OPENING_TRIGGER",
    "add_calendar_day",
    "add_document",
    "add_note",
    "allocate_reference",
    "assign_case",
    "close_case",
    "due_argument",
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
    "record_clock_event",
    "record_event",
    "record_identity_access",
    "refresh_due",
    "remove_calendar_day",
    "reopen_case",
    "restart_clocks_on_reopening",
    "resume_clock",
    "save_with_actor",
    "settle_pursuit_decision_clocks",
    "start_clock",
    "start_of_day",
    "start_triggered_clocks",
    "stop_clock",
    "stop_open_clocks",
    "sync_holidays",
    "update_case_details",
]
