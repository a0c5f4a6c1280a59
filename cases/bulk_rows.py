"""Writing many rows in one statement, however many there are: the rows travel as one JSON
parameter that the database unpacks into a table (``jsonb_to_recordset`` on PostgreSQL,
``json_each`` on SQLite).

``bulk_update`` would write a CASE with a branch per row, which every row evaluates in turn, and
``bulk_create`` a statement per batch; both grow with the rows. These stay one statement each.

A JSON field named in ``shared`` travels once per distinct value: rows that hold the same object
(``is``, not ``==``) name it by its place in a second parameter. Ten thousand moved deadlines that
share a few dozen explanations then send, and have the database parse, those few dozen.
"""

import json
from collections.abc import Sequence
from datetime import date, datetime

from django.db import connection, models
from django.db.models.expressions import RawSQL


def update_rows(
    model: type[models.Model], rows: Sequence[dict], fields: Sequence[str], *, shared: Sequence[str] = ()
) -> None:
    """Set ``fields`` (attribute names) of each row whose primary key is ``row["pk"]``."""
    if not rows:
        return
    pk = model._meta.pk
    keyed = [{pk.attname: row["pk"], **{name: row[name] for name in fields}} for row in rows]
    values, columns, params = _table_of(model, keyed, [pk.attname, *fields], shared)
    table = _quote(model._meta.db_table)
    assignments = ", ".join(f"{_quote(column)} = v.{_quote(column)}" for column in columns[1:])
    sql = f"UPDATE {table} SET {assignments} FROM {values} WHERE {table}.{_quote(pk.column)} = v.{_quote(pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def insert_rows(model: type[models.Model], rows: Sequence[dict], *, shared: Sequence[str] = ()) -> None:
    """Insert rows, in their order, each giving the same fields by attribute name; the database
    gives the primary keys."""
    if not rows:
        return
    names = list(rows[0])
    values, columns, params = _table_of(model, rows, names, shared)
    listed = ", ".join(map(_quote, columns))
    sql = f"INSERT INTO {_quote(model._meta.db_table)} ({listed}) SELECT {listed} FROM {values} ORDER BY v.position"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def insert_history(model: type[models.Model], pks: Sequence[int], *, by, at: datetime) -> None:
    """A field-history entry ("changed", by ``by`` at ``at``) of each of these rows as they now are,
    as ``save()`` would have written one each."""
    if not pks:
        return
    historical = model.history.model
    copied = [
        field.column
        for field in historical._meta.concrete_fields
        if not field.name.startswith("history_") and field.attname != historical._meta.pk.attname
    ]
    listed = ", ".join(map(_quote, copied))
    history = ", ".join(
        _quote(historical._meta.get_field(name).column)
        for name in ("history_date", "history_change_reason", "history_type", "history_user")
    )
    ids = listed_ids(pks)
    sql = (
        f"INSERT INTO {_quote(historical._meta.db_table)} ({listed}, {history}) "
        f"SELECT {listed}, %s, NULL, '~', %s FROM {_quote(model._meta.db_table)} "
        f"WHERE {_quote(model._meta.pk.column)} IN ({ids.sql}) ORDER BY {_quote(model._meta.pk.column)}"
    )
    moment = historical._meta.get_field("history_date").get_db_prep_save(at, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [moment, getattr(by, "pk", None), *ids.params])


def listed_ids(ids: Sequence[int]) -> RawSQL:
    """Integers as a subquery of one JSON parameter, for ``pk__in``: thousands of ids travel as one
    parameter, not thousands, and PostgreSQL, which takes a set-returning function to return about
    100 rows, looks each one up by its key rather than reading the table."""
    return RawSQL(_json_list_sql(), [json.dumps(list(ids))])


def _json_list_sql() -> str:
    """The integers of a JSON list parameter, as a subquery."""
    if connection.vendor == "postgresql":
        return "SELECT jsonb_array_elements_text(%s::jsonb)::bigint"
    return "SELECT value FROM json_each(%s)"


def _table_of(model, rows: Sequence[dict], names: Sequence[str], shared: Sequence[str]) -> tuple[str, list[str], list]:
    """The rows as a table ``v`` with the columns of these fields and a ``position``, the columns,
    and the parameters: the rows, then each shared field's distinct values."""
    fields = [_field(model, name) for name in names]
    columns = [field.column for field in fields]
    numbered, distinct = _with_shared_values(rows, shared)
    params = [_as_json(model, numbered, shared), *(_as_json_values(model, name, values) for name, values in distinct)]
    picked, joins = [], []
    for field in fields:
        if field.attname not in shared:
            picked.append(_read(field))
            continue
        values = f"s{len(joins)}"
        picked.append(f"{values}.value")
        joins.append(_join_shared(values, place=_read(field)))
    selected = ", ".join(f"{value} AS {_quote(column)}" for value, column in zip(picked, columns, strict=True))
    if connection.vendor == "postgresql":
        typed = ", ".join(f"{_quote(field.column)} {_row_type(field, shared)}" for field in fields)
        named = ", ".join(map(_quote, columns))
        table = f"ROWS FROM (jsonb_to_recordset(%s::jsonb) AS ({typed})) WITH ORDINALITY AS r({named}, position)"
        position = "r.position"
    else:
        # json_each numbers the list's elements from 0 in ``key``.
        table, position = "json_each(%s) AS r", "CAST(r.key AS integer)"
    return f"(SELECT {selected}, {position} AS position FROM {table}{''.join(joins)}) AS v", columns, params


def _read(field) -> str:
    """A field's value in the row ``r``."""
    if connection.vendor == "postgresql":
        return f"r.{_quote(field.column)}"
    return f"json_extract(r.value, '$.\"{field.attname}\"')"


def _join_shared(values: str, *, place: str) -> str:
    """The shared values as a table named ``values``, joined at the row's ``place`` among them."""
    if connection.vendor == "postgresql":
        return (
            f" JOIN jsonb_array_elements(%s::jsonb) WITH ORDINALITY AS {values}(value, n) ON {values}.n = {place} + 1"
        )
    return f" JOIN json_each(%s) AS {values} ON {values}.key = {place}"


def _with_shared_values(rows: Sequence[dict], shared: Sequence[str]) -> tuple[list[dict], list[tuple]]:
    """The rows with each shared field's value replaced by its place among that field's distinct
    values (by identity), and those values, per field."""
    distinct = []
    for name in shared:
        places, values, numbered = {}, [], []
        for row in rows:
            value = row[name]
            place = places.get(id(value))
            if place is None:
                place = places[id(value)] = len(values)
                values.append(value)
            numbered.append({**row, name: place})
        rows = numbered
        distinct.append((name, values))
    return list(rows), distinct


def _row_type(field, shared: Sequence[str]) -> str:
    if field.attname in shared:
        return "integer"
    return field.rel_db_type(connection) if field.is_relation else field.db_type(connection)


def _field(model, attname: str):
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    raise ValueError(f"{model.__name__} has no field {attname}")


def _as_json(model, rows: Sequence[dict], shared: Sequence[str] = ()) -> str:
    """The rows as one JSON list. PostgreSQL reads the values as they are, JSON fields nested;
    SQLite stores what it is given, so values go as Django would store them (dates and times as
    text, JSON fields as their JSON text). Shared fields hold places, which go as they are."""
    if connection.vendor == "postgresql":
        return json.dumps(list(rows), default=_iso)
    fields = {name: _field(model, name) for name in rows[0] if name not in shared}
    return json.dumps(
        [
            {
                name: value if name in shared else fields[name].get_db_prep_save(value, connection)
                for name, value in row.items()
            }
            for row in rows
        ],
        default=_iso,
    )


def _as_json_values(model, name: str, values: list) -> str:
    """A shared field's distinct values as one JSON list, as ``_as_json`` writes a field."""
    if connection.vendor == "postgresql":
        return json.dumps(values, default=_iso)
    field = _field(model, name)
    return json.dumps([field.get_db_prep_save(value, connection) for value in values], default=_iso)


def _iso(value):
    # Full precision: DjangoJSONEncoder would cut microseconds to milliseconds.
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)
