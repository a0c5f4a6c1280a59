"""A throwaway database for a benchmark: created, migrated, used once and removed; and the timer of
the statements a measured step sends, and the figures every script prints (p95, milliseconds).

SQLite in a temporary folder by default; PostgreSQL when given a ``postgres://`` URL, in which
case the database is created with ``createdb`` and dropped with ``dropdb`` afterwards.
"""

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Never created, used or dropped by a benchmark, whatever URL it is given.
PROTECTED_DATABASES = {"dpa", "test_dpa", "postgres", "template0", "template1"}


@contextmanager
def database(url: str | None) -> Iterator[str]:
    """Set up Django on a fresh, migrated database; yield a short description of the setup."""
    postgres = _postgres_command_args(url) if url else None
    if postgres and subprocess.run(["createdb", *postgres], env=_postgres_env(url)).returncode:
        raise SystemExit("createdb failed (does the database exist already?); nothing was changed.")
    folder = tempfile.mkdtemp(prefix="dpa-bench-")
    try:
        os.environ["DJANGO_SETTINGS_MODULE"] = "dpa.settings"
        os.environ["DJANGO_DEBUG"] = "1"
        os.environ["DATABASE_URL"] = url or f"sqlite:///{folder}/bench.sqlite3"
        # Should a benchmark upload a document, it lands here rather than in var/.
        os.environ["DJANGO_DOCUMENTS_ROOT"] = f"{folder}/documents"
        yield _start_django()
    finally:
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()
        if postgres:
            subprocess.run(["dropdb", *postgres], check=True, env=_postgres_env(url))
        shutil.rmtree(folder, ignore_errors=True)


def analyze() -> None:
    """Give PostgreSQL's planner statistics after a bulk load, as autovacuum soon would."""
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


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
        f"{os.cpu_count()} CPUs, DEBUG on"
    )


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


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[-1]


def ms(seconds: float) -> str:
    """Seconds as milliseconds, to a tenth."""
    return f"{seconds * 1000:.1f}"
