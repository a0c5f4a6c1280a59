"""The public guidance site in Chromium, with the guidance demo loaded: a visitor's way through it,
and axe-core's accessibility check of the index and a publication in both languages.

Screenshots and axe-core's results land in var/screenshots/public/ for people to look at. Needs
Debian's Chromium and axe-core from npm (`make test` installs it); see tests/helpers/browser.py.
"""

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone

from dpa.roles import EDITOR, PUBLISHER
from guidance import demo
from tests.helpers.browser import chromium, unavailable
from tests.helpers.factories import make_user

# The live server reads what the test commits; see test_admin_csp.py.
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "public"
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
LAPTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 740}
HOW_TO = "stop-linkwave-training-its-ai-on-your-posts"
FRAMEWORK = "ai-model-personal-data-protection-framework"
PAGE_LANGUAGE = {"en": "en", "zh-hant": "zh-Hant"}
# What axe-core must not find: violations a visitor cannot work around.
BLOCKING = {"serious", "critical"}


@pytest.fixture
def site(live_server) -> SimpleNamespace:
    """The guidance demo, published by its demo editor and publisher, behind the live server."""
    make_user(EDITOR, username="editor")
    make_user(PUBLISHER, username="publisher")
    demo.load(now=timezone.now())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SimpleNamespace(url=live_server.url)


@pytest.fixture
def browser(site):
    with chromium() as started:
        yield started


def _page(browser, site, *, viewport=LAPTOP, locale="en-GB", bypass_csp=False):
    """A page in a new browser whose language (sent as Accept-Language) is ``locale``."""
    context = browser.new_context(
        base_url=site.url,
        viewport=viewport,
        locale=locale,
        # Only to inject axe-core: the pages' policy refuses any script not served by the site.
        bypass_csp=bypass_csp,
    )
    return context.new_page()


def _shot(page, name: str) -> None:
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def _no_sideways_scrolling(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1"), page.url


def test_a_visitor_searches_reads_switches_language_reads_the_versions_and_downloads_a_file(browser, site):
    page = _page(browser, site)

    page.goto("/")
    assert page.url == f"{site.url}/en/"
    assert page.locator("html").get_attribute("lang") == "en"
    _shot(page, "home-en")

    page.locator("main a[href='/en/guidance/']").first.click()
    page.wait_for_url("**/en/guidance/")
    page.get_by_role("searchbox").fill("opt out AI training")
    page.get_by_role("searchbox").press("Enter")
    page.wait_for_url("**/en/guidance/?*q=*")
    _shot(page, "index-en-search")
    page.locator(f"main a[href='/en/guidance/{HOW_TO}/']").first.click()
    page.wait_for_url(f"**/en/guidance/{HOW_TO}/")
    assert page.locator("h1").count() == 1
    steps = page.locator("ol.steps > li")
    assert steps.count() >= 4
    picture = page.locator("main img").first
    assert picture.get_attribute("alt")
    assert page.evaluate("(img) => img.complete && img.naturalWidth > 0", picture.element_handle())
    _shot(page, "detail-en-how-to")

    page.locator("a[hreflang='zh-hant']").first.click()
    page.wait_for_url(f"**/zh-hant/guidance/{HOW_TO}/")
    assert page.locator("html").get_attribute("lang") == "zh-Hant"
    assert page.locator("ol.steps > li").count() == steps.count()
    _shot(page, "detail-zh-hant-how-to")

    page.locator(f"a[href='/zh-hant/guidance/{HOW_TO}/versions/']").first.click()
    page.wait_for_url(f"**/zh-hant/guidance/{HOW_TO}/versions/")
    assert page.locator("h1").count() == 1
    _shot(page, "versions-zh-hant-how-to")

    page.goto(f"/en/guidance/{FRAMEWORK}/")
    _shot(page, "detail-en-framework")
    with page.expect_download() as downloading:
        page.locator("main a[href$='.pdf']").first.click()
    downloaded = downloading.value
    assert downloaded.suggested_filename.endswith(".pdf")
    assert Path(downloaded.path()).read_bytes().startswith(b"%PDF-")


def test_a_chinese_reader_arrives_in_chinese_and_the_pages_fit_a_phone(browser, site):
    page = _page(browser, site, viewport=PHONE, locale="zh-HK")

    page.goto("/")
    assert page.url == f"{site.url}/zh-hant/"
    for path, name in [
        ("/zh-hant/", "home-zh-hant-phone"),
        ("/zh-hant/guidance/", "index-zh-hant-phone"),
        (f"/zh-hant/guidance/{FRAMEWORK}/", "detail-zh-hant-framework-phone"),
        (f"/en/guidance/{HOW_TO}/", "detail-en-how-to-phone"),
    ]:
        page.goto(path)
        _no_sideways_scrolling(page)
        _shot(page, name)


def test_the_first_key_press_reaches_the_skip_link_and_it_leads_to_the_main_content(browser, site):
    page = _page(browser, site)
    page.goto(f"/en/guidance/{FRAMEWORK}/")

    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused and focused.startswith("#")
    assert page.evaluate("(id) => !!document.getElementById(id)", focused[1:])
    _shot(page, "detail-en-skip-link-focused")


@pytest.mark.parametrize("language", ["en", "zh-hant"])
@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("index", "/{language}/guidance/"),
        ("how-to", f"/{{language}}/guidance/{HOW_TO}/"),
        ("framework", f"/{{language}}/guidance/{FRAMEWORK}/"),
    ],
)
def test_axe_finds_no_serious_or_critical_accessibility_violation(browser, site, language, name, path):
    if not AXE.exists():
        unavailable(f"no axe-core at {AXE} (npm ci)")
    page = _page(browser, site, bypass_csp=True)
    page.goto(path.format(language=language))
    assert page.locator("html").get_attribute("lang") == PAGE_LANGUAGE[language]

    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")

    summary = {
        "url": page.url,
        "axe": results["testEngine"]["version"],
        "violations": [
            {"id": each["id"], "impact": each["impact"], "nodes": len(each["nodes"]), "help": each["help"]}
            for each in results["violations"]
        ],
    }
    (SCREENSHOTS / f"axe-{name}-{language}.json").write_text(json.dumps(summary, indent=2, ensure_ascii=False))
    blocking = [each for each in summary["violations"] if each["impact"] in BLOCKING]
    assert blocking == [], json.dumps(blocking, indent=2, ensure_ascii=False)
