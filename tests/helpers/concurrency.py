"""Running the same work in several threads at once, each with its own database connection."""

import threading
from collections.abc import Callable
from typing import TypeVar

from django.db import connection

T = TypeVar("T")


def run_at_once(work: Callable[[], T], *, times: int = 2, timeout: float = 60) -> tuple[list[T], list[BaseException]]:
    """What ``work`` returned in each of ``times`` threads started together, and what any raised."""
    results, errors = [], []

    def run() -> None:
        try:
            results.append(work())
        except BaseException as error:  # reported to the caller
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(times)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=timeout)
    return results, errors
