"""Writing many rows in one statement, however many there are: the rows travel as one JSON
parameter that the database unpacks into a table (``jsonb_to_recordset`` on PostgreSQL,
``json_each`` on SQLite).

``bulk_update`` would write a CASE with a branch per row, which every row evaluates in turn, and
``bulk_create`` a statement per batch; both grow with the rows. These stay one statement each.
"""

import json
from collections.abc import Sequence
from datetime import date, datetime

from django.db import connection, models


def update_rows(model: type[models.Model], rows: Sequence[dict], fields: Sequence[str]) -> None:
    """Set ``fields`` (attribute names) of each row whose primary key is ``row["pk"]``."""
    if not rows:
        return
    pk = model._meta.pk
    keyed = [{pk.attname: row["pk"], **{name: row[name] for name in fields}} for row in rows]
    values, columns = _table_of(model, keyed, [pk.attname, *fields])
    table = _quote(model._meta.db_table)
    assignments = ", ".join(f"{_quote(column)} = v.{_quote(column)}" for column in columns[1:])
    sql = f"UPDATE {table} SET {assignments} FROM {values} WHERE {table}.{_quote(pk.column)} = v.{_quote(pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_as_json(model, keyed)])


def insert_rows(model: type[models.Model], rows: Sequence[dict]) -> None:
    """Insert rows, in their order, each giving the same fields by attribute name; the database
    gives the primary keys."""
    if not rows:
        return
    names = list(rows[0])
    values, columns = _table_of(model, rows, names)
    listed = ", ".join(map(_quote, columns))
    sql = f"INSERT INTO {_quote(model._meta.db_table)} ({listed}) SELECT {listed} FROM {values} ORDER BY v.position"
    with connection.cursor() as cursor:
        cursor.execute(sql, [_as_json(model, rows)])


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
    sql = (
        f"INSERT INTO {_quote(historical._meta.db_table)} ({listed}, {history}) "
        f"SELECT {listed}, %s, NULL, '~', %s FROM {_quote(model._meta.db_table)} "
        f"WHERE {_quote(model._meta.pk.column)} IN ({_json_list_sql()}) ORDER BY {_quote(model._meta.pk.column)}"
    )
    moment = historical._meta.get_field("history_date").get_db_prep_save(at, connection)
    with connection.cursor() as cursor:
        cursor.execute(sql, [moment, getattr(by, "pk", None), json.dumps(list(pks))])


def _json_list_sql() -> str:
    """The integers of a JSON list parameter, as a subquery."""
    if connection.vendor == "postgresql":
        return "SELECT jsonb_array_elements_text(%s::jsonb)::bigint"
    return "SELECT value FROM json_each(%s)"


def _table_of(model, rows: Sequence[dict], names: Sequence[str]) -> tuple[str, list[str]]:
    """The JSON parameter as a table ``v`` with the columns of these fields and a ``position``, and
    the columns."""
    fields = [_field(model, name) for name in names]
    columns = [field.column for field in fields]
    if connection.vendor == "postgresql":
        typed = ", ".join(f"{_quote(field.column)} {_row_type(field)}" for field in fields)
        named = ", ".join(map(_quote, columns))
        unpacked = f"jsonb_to_recordset(%s::jsonb) AS ({typed})"
        return f"ROWS FROM ({unpacked}) WITH ORDINALITY AS v({named}, position)", columns
    extracted = ", ".join(f"json_extract(value, '$.\"{field.attname}\"') AS {_quote(field.column)}" for field in fields)
    return f"(SELECT {extracted}, CAST(key AS integer) AS position FROM json_each(%s)) AS v", columns


def _row_type(field) -> str:
    return field.rel_db_type(connection) if field.is_relation else field.db_type(connection)


def _field(model, attname: str):
    for field in model._meta.concrete_fields:
        if field.attname == attname:
            return field
    raise ValueError(f"{model.__name__} has no field {attname}")


def _as_json(model, rows: Sequence[dict]) -> str:
    """The rows as one JSON list. PostgreSQL reads the values as they are, JSON fields nested;
    SQLite stores what it is given, so values go as Django would store them (dates and times as
    text, JSON fields as their JSON text)."""
    if connection.vendor == "postgresql":
        return json.dumps(list(rows), default=_iso)
    fields = {name: _field(model, name) for name in rows[0]}
    return json.dumps(
        [{name: fields[name].get_db_prep_save(value, connection) for name, value in row.items()} for row in rows],
        default=_iso,
    )


def _iso(value):
    # Full precision: DjangoJSONEncoder would cut microseconds to milliseconds.
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} cannot be written as JSON")


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)
