"""Bad input to the admin: every screen built on checked input, and how a request that crashed the
server is reported, so that one run names every request that fails."""

from contextlib import contextmanager

from django.contrib import admin
from django.db import transaction

from dpa.checked_admin import CheckedInputAdmin

CHECKED = [each for each in admin.site._registry.values() if isinstance(each, CheckedInputAdmin)]


def admin_url(model_admin, view: str = "", object_id=None) -> str:
    opts = model_admin.opts
    return f"/admin/{opts.app_label}/{opts.model_name}/" + (f"{object_id}/" if object_id else "") + view


def shortened(sent: dict) -> dict:
    """What was sent, with long values cut to something a report can show."""
    return {
        name: value if len(str(value)) <= 40 else f"{str(value)[:20]}… ({len(str(value))} characters)"
        for name, value in sent.items()
    }


def crash_report(who: str, response, sent: dict) -> str | None:
    """A line naming the request if it was a server error, else None."""
    if response.status_code < 500:
        return None
    error = response.exc_info[1] if response.exc_info else None
    return f"{who} {response.request['PATH_INFO']} {shortened(sent)}: {response.status_code} {error!r}"


@contextmanager
def undone():
    """Whatever a request stores is undone afterwards, so that every request starts from the same rows."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)
