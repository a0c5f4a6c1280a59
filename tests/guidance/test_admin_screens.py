"""The guidance screens in Chromium at a laptop's 1,366 pixels, in English and in Traditional Chinese:
the list, a publication's page with its two languages side by side, a button's page and a version.
Each is in the language asked for, needs no sideways scrolling, and nothing on it is blocked by the
Content-Security-Policy. Screenshots land in var/screenshots/admin-guidance/ for people to look at.

Needs Debian's Chromium; see tests/helpers/browser.py.
"""

from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone

from guidance import services
from tests.helpers.browser import chromium, serve_plain_http, sign_in_on_page
from tests.helpers.guidance import PNG_BYTES, TopicFactory, attach, published, written
from tests.helpers.sign_in import PASSWORD

# The live server reads what the test commits; see tests/browser/test_admin_csp.py.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "admin-guidance"
LAPTOP = {"width": 1366, "height": 768}
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
    window.cspViolations.push(`${event.effectiveDirective} blocked ${event.blockedURI}`);
});
"""
ENGLISH = (
    "Using CCTV at home",
    "What to think about before pointing a camera at a shared space.",
    "## Before you start\n\nAsk your neighbours.\n\n## Where to point it\n\nAt your own door only.",
)
CHINESE = ("在家使用閉路電視", "把鏡頭對準公共地方之前要考慮的事。", "## 開始之前\n\n先問鄰居。")


@pytest.fixture
def guidance(settings, live_server, editor, publisher) -> SimpleNamespace:
    """A published note whose English text changed since, in review; a draft in review that the
    publisher wrote; as plain values: the test reads nothing from the database once the browser runs."""
    serve_plain_http(settings)
    now = timezone.now()
    topic = TopicFactory(slug="surveillance", name_en="Surveillance", name_zh_hant="監察")
    note = published(
        "cctv-at-home", author=editor, publisher=publisher, now=now - timedelta(days=10), en=ENGLISH, zh=CHINESE
    )
    services.change_details(note, kind=note.kind, topics=[topic], related=[], by=editor, now=now)
    attach(note, "camera.png", by=editor, now=now, content=PNG_BYTES, title_en="A camera", title_zh_hant="鏡頭")
    changed = ENGLISH[2] + "\n\nKeep recordings for 30 days at most."
    services.save_text(note, language="en", title=ENGLISH[0], summary=ENGLISH[1], body=changed, by=editor, now=now)
    services.submit_for_review(note, by=editor, now=now)
    own = written("data-access-requests", by=publisher, now=now)
    services.submit_for_review(own, by=publisher, now=now)
    return SimpleNamespace(url=live_server.url, note=note.pk, own=own.pk, version=note.versions.get().pk)


@pytest.fixture
def browser(guidance):
    """Chromium, started once the test's data is in the database and stopped before it is cleared."""
    with chromium() as started:
        yield started


def _signed_in(browser, guidance, language: str):
    context = browser.new_context(base_url=guidance.url, viewport=LAPTOP, locale="en-GB")
    context.add_init_script(RECORD_VIOLATIONS)
    page = context.new_page()
    page.problems = []
    page.on("pageerror", lambda error: page.problems.append(str(error)))
    page.goto("/admin/login/")
    sign_in_on_page(page, "publisher", PASSWORD)
    if language != "en":
        page.click(f'.language-switch button[value="{language}"]')
        page.wait_for_load_state()
    return page


def _shoot(page, name: str, language: str) -> None:
    """Save the whole page and check what every screen must be."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-{language}.png"), full_page=True)
    assert page.evaluate("document.documentElement.lang") == language, name
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP["width"], name
    assert page.evaluate("window.cspViolations") == [], name
    assert page.problems == [], name


@pytest.mark.parametrize("language", ["en", "zh-hant"])
def test_the_guidance_screens_at_1366_pixels(browser, guidance, language):
    page = _signed_in(browser, guidance, language)

    page.goto("/admin/guidance/publication/")
    assert page.locator("#changelist .results").evaluate("node => node.scrollWidth <= node.clientWidth")
    assert page.locator("#changelist-filter").is_visible()
    _shoot(page, "list", language)

    page.goto(f"/admin/guidance/publication/{guidance.note}/change/")
    english = page.locator("#language-en-heading").bounding_box()
    chinese = page.locator("#language-zh-hant-heading").bounding_box()
    assert english["x"] < chinese["x"] and english["y"] == chinese["y"]
    assert page.locator('#publication_form textarea[lang="zh-Hant"]').count() == 2
    assert page.locator("#publication-buttons a.button").count() >= 5
    _shoot(page, "publication", language)

    page.goto(f"/admin/guidance/publication/{guidance.own}/change/")
    assert page.locator("#publication-buttons button[disabled]").count() == 2
    assert page.locator("#not-yours-to-publish").is_visible()
    _shoot(page, "publication-edited-by-me", language)

    for button in ("schedule", "attach", "approve"):
        page.goto(f"/admin/guidance/publication/{guidance.note}/{button}/")
        assert page.locator("#content-main input[name=_confirm]").is_visible()
        _shoot(page, button, language)

    page.goto(f"/admin/guidance/version/{guidance.version}/change/")
    assert page.locator("#version_form input[type=text], #version_form textarea").count() == 0
    assert "Before you start" in page.locator("#version_form").inner_text()
    _shoot(page, "version", language)
    page.context.close()
