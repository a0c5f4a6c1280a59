"""Screenshots of the screens staff spend their day on, taken in Chromium at a laptop's 1,366 pixels
in English and in Traditional Chinese with the demo story loaded: the case list, a case page and a
team lead's home. They land in var/screenshots/ for people to look at; the test checks that each page
is in the language asked for, shows what it should, and needs no sideways scrolling.

Needs Debian's Chromium; see tests/helpers/browser.py.
"""

from concurrent.futures import ThreadPoolExecutor
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from cases import services
from cases.demo.story import COMPLIANCE_CHECK, DEMO_PASSWORD
from cases.models import CalendarChange, Case, Clock, ClockState
from tests.helpers.browser import chromium, serve_plain_http, sign_in_on_page

# The live server reads what the test commits; see test_admin_csp.py.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots"
LAPTOP = {"width": 1366, "height": 768}
# What each language's breadcrumbs start with: Django's own word for the home page.
HOME = {"en": "Home", "zh-hant": "首頁"}
EDIT_DETAILS = {"en": "Edit details", "zh-hant": "修改詳情"}
ADD_DOCUMENT = {"en": "Add a document", "zh-hant": "加入文件"}


@pytest.fixture
def demo(settings, live_server) -> SimpleNamespace:
    """The demo story, with its logins (made only in debug mode), as plain values: the test reads
    nothing from the database once the browser runs."""
    serve_plain_http(settings)
    settings.DEBUG = True
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    # As the scheduler does every minute: the team lead's home shows this count.
    services.count_workloads(now=timezone.now())
    check = Case.objects.get(title=COMPLIANCE_CHECK.title)
    # The day a running Hong Kong clock falls due: a black rainstorm then moves it.
    soonest = Clock.objects.filter(state=ClockState.RUNNING, rule__calendar="hk", case__isnull=False).earliest("due_at")
    return SimpleNamespace(
        url=live_server.url,
        check_pk=check.pk,
        check_reference=check.reference,
        rainstorm_on=timezone.localdate(soonest.due_at),
        moved_reference=soonest.case.reference,
    )


@pytest.fixture
def browser(demo):
    """Chromium, started once the demo is in the database and stopped before it is cleared."""
    with chromium() as started:
        yield started


def _signed_in(browser, demo, username: str, language: str):
    context = browser.new_context(base_url=demo.url, viewport=LAPTOP, locale="en-GB")
    page = context.new_page()
    page.goto("/admin/login/")
    sign_in_on_page(page, username, DEMO_PASSWORD)
    assert page.url.endswith("/admin/"), page.url
    if language != "en":
        page.click(f'.language-switch button[value="{language}"]')
        page.wait_for_load_state()
    return page


def _shoot(page, name: str, language: str) -> None:
    """Save the whole page and check what every screen must be: in the language asked for, with no
    sideways scrolling at 1,366 pixels."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{language}.png"), full_page=True)
    assert page.evaluate("document.documentElement.lang") == language, name
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"], name


def _breadcrumbs(page) -> str:
    return page.locator(".breadcrumbs").inner_text()


def _team_lead_screens(browser, demo, language: str) -> None:
    page = _signed_in(browser, demo, "teamlead", language)

    assert page.locator("#content h1").inner_text() == HOME[language]
    team = page.locator("#team-workload")
    assert team.is_visible()
    names = team.locator("tbody th").all_inner_texts()
    assert {"Karen Chan", "Daniel Wong", "Grace Leung"} <= set(names)
    assert len(names) == 4  # and the cases nobody has yet
    assert team.locator(".workload-counted").is_visible()
    _shoot(page, "team-lead-home", language)

    page.goto("/admin/cases/case/?open=yes")
    # The table fits beside the filters: nothing to scroll sideways inside the list either.
    assert page.locator("#changelist .results").evaluate("node => node.scrollWidth <= node.clientWidth")
    assert page.locator("#changelist-filter").is_visible()
    assert _breadcrumbs(page).startswith(HOME[language])
    assert page.locator("#result_list .deadline-breached").count() > 0
    _shoot(page, "case-list", language)

    page.goto(f"/admin/cases/case/{demo.check_pk}/change/")
    assert _breadcrumbs(page).startswith(HOME[language])
    assert demo.check_reference in page.locator("#content").inner_text()
    assert page.locator("#case_form input[name=title]").count() == 0
    _shoot(page, "case-page", language)

    page.locator(".submit-row").get_by_role("link", name=EDIT_DETAILS[language]).click()
    page.wait_for_url("**/change/?edit=details")
    assert page.locator("#case_form input[name=title]").is_visible()
    assert page.locator("#deadlines").count() == 0
    _shoot(page, "case-details-form", language)

    page.goto(f"/admin/cases/case/{demo.check_pk}/change/")
    page.locator("#documents").get_by_role("link", name=ADD_DOCUMENT[language]).click()
    page.wait_for_url("**/documents/add/")
    assert page.locator("input[type=file][name=file]").is_visible()
    _shoot(page, "case-add-document", language)
    page.context.close()


def _officer_screens(browser, demo, language: str) -> None:
    page = _signed_in(browser, demo, "officer", language)

    assert page.locator("#content h1").inner_text() == HOME[language]
    assert page.locator("#team-workload").count() == 0
    assert page.locator("#my-cases").is_visible()
    _shoot(page, "officer-home", language)

    page.goto("/admin/cases/case/?mine=open")
    assert page.locator("#changelist .results").evaluate("node => node.scrollWidth <= node.clientWidth")
    assert _breadcrumbs(page).startswith(HOME[language])
    _shoot(page, "officer-case-list", language)
    page.context.close()


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_screens_of_a_team_lead_and_an_officer_at_1366_pixels(browser, demo, language):
    _team_lead_screens(browser, demo, language)
    _officer_screens(browser, demo, language)


def _apply_the_latest_calendar_change() -> None:
    try:
        services.apply_calendar_change(CalendarChange.objects.latest("pk").pk, now=timezone.now())
    finally:
        connection.close()


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_a_team_lead_adds_a_warning_day_and_sees_which_cases_moved(browser, demo, language):
    page = _signed_in(browser, demo, "teamlead", language)
    page.goto("/admin/cases/calendarday/add/")
    page.fill("#id_date", demo.rainstorm_on.isoformat())
    page.select_option("#id_kind", "black_rainstorm")
    page.fill("#id_name", "Black rainstorm")
    page.fill("#id_name_zh", "黑色暴雨警告")
    page.fill("#id_source", "Hong Kong Observatory")
    page.click('input[name="_save"]')

    # No worker runs here: the change waits, and its page reloads itself until it is done.
    assert "/admin/cases/calendarday/changes/" in page.url
    assert page.locator('meta[http-equiv="refresh"]').count() == 1
    _shoot(page, "calendar-change-waiting", language)
    # As the worker would; in a thread of its own, as the browser holds this one's event loop.
    with ThreadPoolExecutor(max_workers=1) as worker:
        worker.submit(_apply_the_latest_calendar_change).result()
    page.reload()

    assert page.locator('meta[http-equiv="refresh"]').count() == 0
    assert demo.moved_reference in page.locator("#moved-cases").inner_text()
    assert _breadcrumbs(page).startswith(HOME[language])
    _shoot(page, "calendar-change-done", language)
    page.context.close()
