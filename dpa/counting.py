"""Counting a long list without reading all of it: exactly when the list is short enough for that to
be cheap, otherwise PostgreSQL's own estimate, which its planner keeps up to date from the table's
statistics and gives in about a millisecond whatever the size.

A list of a million cases then costs what its page costs, not what counting a million rows costs;
a filtered or searched list that matches a few thousand rows is still counted to the row.
"""

from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.db import connections
from django.utils.functional import cached_property

# Up to this many rows expected by the planner, a list is counted exactly.
EXACT_UP_TO = 10_000


def planned_rows(queryset) -> int | None:
    """How many rows PostgreSQL's planner expects the query to return; None on other databases."""
    connection = connections[queryset.db]
    if connection.vendor != "postgresql":
        return None
    try:
        sql, params = queryset.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # a condition Django knows matches nothing, such as ``pk__in=[]``
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    return int(plan[0]["Plan"]["Plan Rows"])


def bound_by(request, rows: int | None) -> None:
    """Note on the request that the list it shows holds at most ``rows`` rows (a filter's or a
    search's own estimate, better than the planner's estimate of the whole list's conditions), for
    the list's ``EstimatingPaginator`` to take as its ``at_most``."""
    if rows is not None:
        request.at_most_rows = min(rows, getattr(request, "at_most_rows", rows))


def bound_of(request) -> int | None:
    return getattr(request, "at_most_rows", None)


def rounded(rows: int) -> int:
    """An estimate to the precision it has: two significant figures."""
    precision = 10 ** max(len(str(rows)) - 2, 0)
    return round(rows / precision) * precision


class EstimatingPaginator(Paginator):
    """A paginator whose ``count`` is exact up to ``EXACT_UP_TO`` rows and PostgreSQL's estimate,
    rounded, above it; ``estimated`` says which. Past the last real page, a page is empty.

    ``at_most`` is a better bound the caller knows, e.g. a search's own estimate of its matches.

    ``rows_of``, given the primary keys of a page's rows (a query, in the list's order), returns
    those rows with what the page shows of them, in that order. The list's own query then only finds
    the page's keys, which PostgreSQL can often do from its indexes alone, and the rows' related
    tables are joined for those rows only: PostgreSQL joins before it sorts, so a list that sorts
    5,000 rows to show 50 would otherwise join all 5,000."""

    estimated = False

    def __init__(self, *args, at_most: int | None = None, rows_of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.at_most = at_most
        self.rows_of = rows_of

    def _get_page(self, object_list, *args, **kwargs):
        if self.rows_of is not None:
            object_list = self.rows_of(object_list.values("pk"))
        return super()._get_page(object_list, *args, **kwargs)

    @cached_property
    def count(self) -> int:
        if self.at_most is not None and self.at_most <= EXACT_UP_TO:
            # Short by the caller's own count: the planner's estimate would be a statement for nothing.
            return super().count
        expected = planned_rows(self.object_list)
        if expected is not None and self.at_most is not None:
            expected = min(expected, self.at_most)
        if expected is None or expected <= EXACT_UP_TO:
            return super().count
        self.estimated = True
        return rounded(expected)
