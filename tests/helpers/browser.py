"""Driving Debian's Chromium with Playwright for the browser tests: without either the test is
skipped, unless DPA_REQUIRE_BROWSER=1 (as .ci/run sets) makes that a failure."""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def unavailable(reason: str) -> None:
    if os.environ.get("DPA_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (DPA_REQUIRE_BROWSER=1)")
    pytest.skip(reason)


@contextmanager
def chromium() -> Iterator:
    """A headless Chromium, closed on the way out."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("Playwright is not installed")
    if not CHROMIUM.exists():
        unavailable(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


def serve_plain_http(settings) -> None:
    """Let the session and CSRF cookies travel over the live server's plain HTTP."""
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def sign_in_on_page(page, username: str, password: str, code: str = "") -> None:
    """Fill in and send the admin login form the page shows."""
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    if code:
        page.fill("#id_code", code)
    page.click("#login-form [type=submit]")
    page.wait_for_load_state()
