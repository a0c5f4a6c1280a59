"""The case list as a CSV file: the rows the list's filters and search select, streamed a chunk at a
time, with each complainant identity it contains recorded before the rows leave the server."""

import csv
from collections.abc import Iterator
from datetime import datetime
from itertools import islice

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from cases.identity import IdentityDisclosure
from cases.models import AccessContext, days_until
from dpa.people import staff_name

# Rows read, and identities recorded in one insert, at a time: the queries grow with the size of
# the export only by two per chunk.
CHUNK_SIZE = 2000
# Text a spreadsheet would read as a formula (or, after a tab or return, as the start of one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(value: str) -> str:
    """The text of a cell, made inert for spreadsheets that would run it as a formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _header() -> list[str]:
    return [
        gettext("reference"),
        gettext("summary"),
        gettext("kind"),
        gettext("status"),
        gettext("organisation"),
        gettext("officer"),
        gettext("team"),
        gettext("received on"),
        gettext("next deadline"),
        gettext("days left"),
        gettext("complainant"),
    ]


def _row(case, *, disclosure: IdentityDisclosure, now: datetime) -> list[str | int]:
    complainant = ""
    if case.complainant_id is not None:
        if disclosure.allowed:
            disclosure.add(case.complainant_id, case_id=case.pk)
            complainant = case.complainant.identity
        else:
            complainant = str(case.complainant)
    due_at = case.next_due_at
    text = [
        case.reference,
        case.title,
        case.get_kind_display(),
        case.get_status_display(),
        "" if case.organisation is None else case.organisation.name,
        "" if case.assigned_officer is None else staff_name(case.assigned_officer),
        "" if case.team is None else str(case.team),
        case.received_on.isoformat(),
        "" if due_at is None else timezone.localtime(due_at).date().isoformat(),
    ]
    # Days left stay a number, so a negative one is not taken for a formula.
    days = "" if due_at is None else days_until(due_at, timezone.localdate(now))
    return [*(neutralised(str(value)) for value in text), days, neutralised(complainant)]


class _Line:
    """The file-like object ``csv.writer`` writes one line to, handing it straight back."""

    def write(self, line: str) -> str:
        return line


def _lines(cases: QuerySet, *, disclosure: IdentityDisclosure, now: datetime) -> Iterator[str]:
    writer = csv.writer(_Line())
    # A byte order mark: without it Excel reads UTF-8 as the local code page and garbles Chinese.
    yield "\ufeff" + writer.writerow(_header())
    rows = cases.iterator(chunk_size=CHUNK_SIZE)
    while chunk := list(islice(rows, CHUNK_SIZE)):
        lines = [writer.writerow(_row(case, disclosure=disclosure, now=now)) for case in chunk]
        # Recorded before the identities leave the server.
        disclosure.record()
        yield "".join(lines)


def case_list_csv(cases: QuerySet, *, request, now: datetime) -> StreamingHttpResponse:
    """Stream ``cases`` (annotated with their next deadline) as a CSV download."""
    cases = cases.select_related("organisation", "assigned_officer", "team", "complainant")
    disclosure = IdentityDisclosure(request, AccessContext.CASE_EXPORT)
    response = StreamingHttpResponse(
        _lines(cases, disclosure=disclosure, now=now), content_type="text/csv; charset=utf-8"
    )
    filename = f"cases-{timezone.localtime(now):%Y-%m-%d-%H%M}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
