"""The admin works in a real browser under the Content-Security-Policy: signing in with a second
factor, the home page, the case list and a case page with its look-ups and date picker, with no
script error and nothing blocked.

Needs Debian's Chromium; see tests/helpers/browser.py.
"""

import time
from base64 import b32decode
from types import SimpleNamespace

import pytest
from django_otp.oath import TOTP

from tests.helpers.browser import chromium, serve_plain_http, sign_in_on_page
from tests.helpers.pages import case_page
from tests.helpers.sign_in import ENROLMENT_URL, PASSWORD

# The live server reads what the test commits. With serialized rollback the seeded roles are there
# at the start, and the clean-up leaves the database as the next such test expects to find it.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# Runs in every page before its own scripts: records what the policy blocked.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    const where = `${event.sourceFile}:${event.lineNumber}`;
    window.cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI} (${where})`);
});
"""
ADMIN_HEADER_BACKGROUND = "rgb(65, 118, 144)"  # the admin's --header-bg (#417690)


@pytest.fixture
def site(settings, live_server):
    settings.SECOND_FACTOR_REQUIRED = True
    serve_plain_http(settings)
    return live_server


@pytest.fixture
def case(site, officers_case) -> SimpleNamespace:
    """The officer's case, as plain values: the test reads nothing from the database once the browser runs."""
    return SimpleNamespace(
        pk=officers_case.pk,
        reference=officers_case.reference,
        organisation=officers_case.organisation.name,
        organisation_pk=officers_case.organisation.pk,
    )


@pytest.fixture
def browser(case):
    """Chromium, started once the test's data is in the database and stopped before it is cleared.

    While Playwright runs, its event loop makes Django give this thread other database connections,
    so nothing here touches the database in between (and the database set-up and clean-up, before
    and after, see the usual ones).
    """
    with chromium() as started:
        yield started


@pytest.fixture
def page(browser, site):
    """A browser tab on the live server; ``page.problems`` lists script errors, console errors and failed loads."""
    context = browser.new_context(base_url=site.url)
    context.add_init_script(RECORD_VIOLATIONS)
    tab = context.new_page()
    tab.problems = []
    tab.on(
        "console", lambda message: message.type == "error" and tab.problems.append(f"{message.text} {message.location}")
    )
    tab.on("pageerror", lambda error: tab.problems.append(str(error)))
    tab.on(
        "response", lambda response: response.status >= 400 and tab.problems.append(f"{response.status} {response.url}")
    )
    yield tab
    context.close()


def _assert_clean(page) -> None:
    """Nothing blocked by the policy and no error on the page shown now."""
    assert page.evaluate("window.cspViolations") == [], page.url
    assert page.problems == [], page.url


def _app_code(secret: str, step: int) -> str:
    """What an authenticator app set up with this secret shows in the given 30-second step."""
    totp = TOTP(b32decode(secret.replace(" ", "")))
    totp.time = step * totp.step
    return f"{totp.token():06d}"


def test_an_officer_enrols_signs_in_with_a_code_and_works_a_case(page, case):
    # First sign-in: the password, then setting up the authenticator app from the key on the page.
    page.goto("/admin/")
    assert "/admin/login/" in page.url
    _assert_clean(page)
    sign_in_on_page(page, "officer", PASSWORD)
    assert page.url.endswith(ENROLMENT_URL)
    assert page.locator(".qr-code svg").is_visible()
    _assert_clean(page)
    secret = page.inner_text(".otp-secret")
    enrolled_in = int(time.time()) // 30
    page.fill("#id_code", _app_code(secret, enrolled_in))
    page.click(".second-factor [type=submit]")
    assert page.locator(".recovery-codes li").count() == 10
    _assert_clean(page)
    page.click("#logout-form button")
    page.wait_for_load_state()

    # Every later sign-in: the password and the app's code (a code is good once: the next one).
    page.goto("/admin/")
    sign_in_on_page(page, "officer", PASSWORD, code=_app_code(secret, max(enrolled_in + 1, int(time.time()) // 30)))
    assert page.url.endswith("/admin/")
    assert page.locator("#my-cases").is_visible()
    header = page.locator("#header")
    assert header.evaluate("node => getComputedStyle(node).backgroundColor") == ADMIN_HEADER_BACKGROUND
    switch = page.locator(".language-switch")
    assert switch.evaluate("node => getComputedStyle(node).display") == "inline"  # from our admin.css
    _assert_clean(page)

    page.goto("/admin/cases/case/")
    assert page.get_by_role("link", name=case.reference).is_visible()
    # The rows' checkboxes answer the admin's "select all", and each selected row is marked.
    page.click("#action-toggle")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() >= 1
    assert (
        page.locator(".action-select:checked").count()
        == page.locator("#result_list tbody tr.selected").count()
        == rows.count()
    )
    _assert_clean(page)

    page.goto(case_page(case))
    assert page.locator("#deadlines").is_visible()
    _assert_clean(page)
    page.locator(".object-tools").get_by_role("link", name="Edit details").click()
    assert "?edit" in page.url
    # The organisation look-up (select2, loading its choices from the autocomplete view).
    page.click(".field-organisation .select2-selection")
    page.locator(".select2-results__option", has_text=case.organisation).click()
    assert page.locator("#id_organisation").input_value() == str(case.organisation_pk)
    # The date picker of the received date.
    page.click(".field-received_on .datetimeshortcuts a[id^=calendarlink]")
    calendar = page.locator(".calendarbox").first
    assert calendar.is_visible()
    calendar.locator("td a").first.click()
    assert not calendar.is_visible()
    _assert_clean(page)
