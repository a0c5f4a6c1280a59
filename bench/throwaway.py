"""A throwaway database for a benchmark: created, migrated, used once and removed; the writer that
loads it in bulk; the timers of the statements a measured step sends and the plans of the slow
ones; and the figures every script prints (p95, milliseconds).

SQLite in a temporary folder by default; PostgreSQL when given a ``postgres://`` URL, in which
case the database is created with ``createdb`` and dropped with ``dropdb`` afterwards.
"""

import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Never created, used or dropped by a benchmark, whatever URL it is given.
PROTECTED_DATABASES = {"dpa", "test_dpa", "postgres", "template0", "template1"}


@contextmanager
def database(url: str | None, *, keep: bool = False, reuse: bool = False, debug: bool = True) -> Iterator[str]:
    """Set up Django on a fresh, migrated database; yield a short description of the setup.

    With ``keep``, a PostgreSQL database is left in place afterwards; with ``reuse``, one left so is
    used again (migrated to the code as it now is) instead of a new one, and left in place too.
    Without ``debug``, Django runs as in production (``DEBUG`` off, the second factor required),
    but for serving static files without a manifest and answering plain HTTP."""
    postgres = _postgres_command_args(url) if url else None
    if (keep or reuse) and not postgres:
        raise SystemExit("Only a PostgreSQL database can be kept or reused.")
    if postgres and not reuse and subprocess.run(["createdb", *postgres], env=_postgres_env(url)).returncode:
        raise SystemExit("createdb failed (does the database exist already?); nothing was changed.")
    folder = tempfile.mkdtemp(prefix="dpa-bench-")
    try:
        os.environ["DJANGO_SETTINGS_MODULE"] = "dpa.settings"
        os.environ["DJANGO_DEBUG"] = "1" if debug else "0"
        if not debug:
            os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-" + os.urandom(16).hex())
            os.environ["DJANGO_STATIC_MANIFEST"] = "0"
            os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
        os.environ["DATABASE_URL"] = url or f"sqlite:///{folder}/bench.sqlite3"
        # Should a benchmark upload a document, it lands here rather than in var/.
        os.environ["DJANGO_DOCUMENTS_ROOT"] = f"{folder}/documents"
        yield _start_django()
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if postgres and not (keep or reuse):
            subprocess.run(["dropdb", *postgres], check=True, env=_postgres_env(url))
        shutil.rmtree(folder, ignore_errors=True)


def analyze() -> None:
    """Give PostgreSQL's planner statistics after a bulk load, as autovacuum soon would."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


class Writer:
    """Rows written straight to their tables, with primary keys handed out here so that related rows
    can name each other before any is written: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self):
        self.next_pk = {}

    def ids(self, model, count: int) -> range:
        if model not in self.next_pk:
            self.next_pk[model] = (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
        first = self.next_pk[model]
        self.next_pk[model] += count
        return range(first, first + count)

    def write(self, model, rows: Iterable[dict]) -> None:
        """Each row gives the model's fields by attribute name (``case_id``); a field it leaves out
        takes the field's default, as ``Model()`` would, and the id the database's next one."""
        from django.db import connection, models

        rows = iter(rows)
        first = next(rows, None)
        if first is None:
            return
        rows = itertools.chain([first], rows)
        # Rows without ids leave them to the database.
        fields = [field for field in model._meta.concrete_fields if not field.primary_key or field.attname in first]
        names = [field.attname for field in fields]
        defaults = {field.attname: field.get_default() for field in fields}
        known = set(names)
        table, columns = model._meta.db_table, [field.column for field in fields]

        def values(row: dict) -> list:
            if unknown := row.keys() - known:
                raise ValueError(f"{model.__name__} has no field {', '.join(sorted(unknown))}")
            return [row.get(name, defaults[name]) for name in names]

        if connection.vendor == "postgresql":
            from psycopg import sql

            as_json = [position for position, field in enumerate(fields) if isinstance(field, models.JSONField)]
            copy_rows = sql.SQL("COPY {} ({}) FROM STDIN").format(
                sql.Identifier(table), sql.SQL(", ").join(map(sql.Identifier, columns))
            )
            with connection.cursor() as cursor, cursor.copy(copy_rows) as copy:
                for row in rows:
                    written = values(row)
                    for position in as_json:
                        written[position] = json.dumps(written[position])
                    copy.write_row(written)
            return
        quote = connection.ops.quote_name
        insert = (
            f"INSERT INTO {quote(table)} ({', '.join(map(quote, columns))}) VALUES ({', '.join(['%s'] * len(columns))})"
        )
        with connection.cursor() as cursor:
            for batch in batched(rows, 1000):
                prepared = [
                    [
                        field.get_db_prep_save(value, connection)
                        for field, value in zip(fields, values(row), strict=True)
                    ]
                    for row in batch
                ]
                cursor.executemany(insert, prepared)

    def finish(self) -> bool:
        """Sequences past the ids handed out, and, on PostgreSQL, VACUUM ANALYZE: the visibility map
        and statistics autovacuum would soon give a bulk import. Says whether it vacuumed."""
        from django.core.management.color import no_style
        from django.db import connection

        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), list(self.next_pk)):
                cursor.execute(statement)
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE")
                return True
        return False


def batched(rows: Iterable, size: int) -> Iterable[list]:
    rows = iter(rows)
    while batch := list(itertools.islice(rows, size)):
        yield batch


def _postgres_command_args(url: str) -> list[str]:
    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    if parts.scheme not in ("postgres", "postgresql") or not name:
        raise SystemExit(f"Not a PostgreSQL database URL: {url}")
    if name in PROTECTED_DATABASES:
        raise SystemExit(f"Refusing to use the database {name!r}: benchmarks create and drop their own.")
    host, port, user = parts.hostname or "127.0.0.1", str(parts.port or 5432), parts.username or "postgres"
    return ["-h", host, "-p", port, "-U", user, name]


def _postgres_env(url: str) -> dict[str, str]:
    password = urlsplit(url).password
    return {**os.environ, "PGPASSWORD": password} if password else dict(os.environ)


def _start_django() -> str:
    sys.path.insert(0, str(PROJECT_ROOT))
    import django
    from django.conf import settings as django_settings
    from django.core.management import call_command
    from django.db import connection

    django.setup()
    call_command("migrate", verbosity=0, interactive=False)
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        server = f"PostgreSQL {connection.pg_version // 10000}.{connection.pg_version % 10000}"
        where = f"{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    else:
        server, where = f"SQLite {connection.Database.sqlite_version}", "a file in a temporary folder"
    return (
        f"{server} ({where}), Django {django.get_version()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, DEBUG {'on' if django_settings.DEBUG else 'off'}"
    )


def signed_in(user):
    """A test client signed in as ``user``, with the second factor given where it is required."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    if settings.SECOND_FACTOR_REQUIRED:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_static.models import StaticDevice

        device, _ = StaticDevice.objects.get_or_create(user=user, name="Bench", defaults={"confirmed": True})
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


class QueryTimer:
    """Counts the statements a request sends and the time spent in them (not counting commits)."""

    def __init__(self):
        self.count, self.seconds = 0, 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started
            # SQLite's explicit BEGIN (IMMEDIATE, as the settings ask); as with the query budgets
            # in the tests, transaction control is not counted.
            self.count += not sql.startswith("BEGIN")


class StatementTimer(QueryTimer):
    """Also keeps each statement with its parameters and time, to find the paginator's COUNT and
    explain the slow ones."""

    def __init__(self):
        super().__init__()
        self.statements = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return super().__call__(execute, sql, params, many, context)
        finally:
            self.statements.append((sql, params, time.perf_counter() - started))

    @property
    def count_seconds(self) -> float:
        return sum(seconds for sql, _params, seconds in self.statements if sql.startswith("SELECT COUNT(*)"))

    def slower_than(self, milliseconds: float) -> list[tuple]:
        """The statements, with their parameters and seconds, that took longer than ``milliseconds``;
        only reads, as EXPLAIN ANALYZE runs the statement it explains."""
        return [
            (sql, params, seconds)
            for sql, params, seconds in self.statements
            if seconds * 1000 > milliseconds and sql.lstrip("(").startswith("SELECT")
        ]


def plan(statement: str, params) -> str:
    """How the database runs a statement: EXPLAIN (ANALYZE, BUFFERS) on PostgreSQL, EXPLAIN QUERY PLAN
    on SQLite."""
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params)
            return "\n".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"EXPLAIN QUERY PLAN {statement}", params)
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def ms(seconds: float) -> str:
    """Seconds as milliseconds, to a tenth."""
    return f"{seconds * 1000:.1f}"
