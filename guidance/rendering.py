"""Markdown to the HTML a public page shows, sanitised whatever an editor pastes.

Markdown passes raw HTML through, so the sanitiser (nh3) decides what reaches a page: a short list
of tags, no ``style`` or event handler attribute, and links only to http, https, mailto, a page of
this site or an anchor. Pictures and links may name a file attached to the publication by its file
name; the renderer points them at the file's address.
"""

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

import markdown
import nh3
from django.urls import reverse
from django.utils.translation import gettext as _
from markdown.extensions.toc import slugify_unicode

from guidance.models import FILE_NAME_FORM, SOURCE_LANGUAGE, Publication, Text, VersionText

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "dl", "dt", "em", "h2", "h3", "h4",
    "hr", "i", "img", "li", "ol", "p", "pre", "strong", "sub", "sup", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
}  # fmt: skip
HEADINGS = {"h2", "h3", "h4"}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "img": {"src", "alt", "title"},
    "ol": {"start"},
    **{heading: {"id"} for heading in HEADINGS},
}
URL_SCHEMES = {"http", "https", "mailto"}
# An anchor of the page's own (the skip link's target, say) can never be a heading's.
ANCHOR_PREFIX = "section-"
# A document with this many sections or more gets a table of contents.
CONTENTS_FROM = 3
FILE_NAME = re.compile(FILE_NAME_FORM)


@dataclass
class Rendered:
    html: str
    # (level, anchor, heading) of every section heading, in order.
    headings: list[tuple[int, str, str]] = field(default_factory=list)
    # What an editor must put right before the text can be published.
    problems: list[str] = field(default_factory=list)

    @property
    def contents(self) -> list[tuple[int, str, str]]:
        """The headings a table of contents lists, or none for a short text."""
        top_level = [heading for heading in self.headings if heading[0] == 2]
        return self.headings if len(top_level) >= CONTENTS_FROM else []


class _Pictures(HTMLParser):
    def __init__(self):
        super().__init__()
        self.without_alt = 0
        self.unknown = []

    def handle_starttag(self, tag, attrs):
        if tag != "img":
            return
        attributes = dict(attrs)
        if not (attributes.get("alt") or "").strip():
            self.without_alt += 1
        if not attributes.get("src"):
            self.unknown.append(attributes.get("alt") or "")


def _headings(tokens, found=None) -> list[tuple[int, str, str]]:
    found = [] if found is None else found
    for token in tokens:
        found.append((token["level"], ANCHOR_PREFIX + token["id"], unescape(token["name"])))
        _headings(token["children"], found)
    return found


def render(text: str, *, file_url: Callable[[str], str | None] = lambda name: None) -> Rendered:
    """The sanitised HTML of Markdown ``text``; ``file_url`` gives the address of an attached file by name."""
    converter = markdown.Markdown(
        extensions=["toc", "tables", "sane_lists", "fenced_code"],
        extension_configs={"toc": {"slugify": slugify_unicode, "toc_depth": "2-4"}},
    )
    unsafe = converter.convert(text)

    def attribute_filter(tag: str, attribute: str, value: str) -> str | None:
        if tag in HEADINGS and attribute == "id":
            return ANCHOR_PREFIX + value
        if (tag, attribute) in (("img", "src"), ("a", "href")) and FILE_NAME.match(value):
            return file_url(value) or (None if tag == "img" else value)
        if tag == "img" and attribute == "src" and not (value.startswith("/") and not value.startswith("//")):
            # Pictures come from this site only; another site's would be refused by the page's policy.
            return None
        return value

    html = nh3.clean(
        unsafe,
        tags=ALLOWED_TAGS,
        clean_content_tags={"script", "style"},
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
    pictures = _Pictures()
    pictures.feed(html)
    problems = []
    if pictures.without_alt:
        problems.append(
            _("Every picture needs a description for readers who cannot see it: ![what it shows](file.png).")
        )
    if pictures.unknown:
        problems.append(
            _("A picture must be a PNG or JPEG file attached to this publication, named by its file name: %(names)s")
            % {"names": ", ".join(name or "?" for name in pictures.unknown)}
        )
    return Rendered(html=html, headings=_headings(converter.toc_tokens), problems=problems)


def file_urls(publication: Publication) -> Callable[[str], str | None]:
    """The address of each of the publication's files by name (from its prefetched ``attachments``)."""
    names = {file.name for file in publication.attachments.all()}

    def file_url(name: str) -> str | None:
        return reverse("guidance-file", kwargs={"slug": publication.slug, "name": name}) if name in names else None

    return file_url


def as_published(
    text: Text, *, english_revision: int | None, file_url: Callable[[str], str | None]
) -> tuple[VersionText, Rendered]:
    """The editors' text as a version would publish it (unsaved), and its rendering's problems.
    A translation is out of date while it was made from an older English revision than ``english_revision``."""
    rendered = render(text.body, file_url=file_url)
    shown = VersionText(
        language=text.language,
        title=text.title,
        summary=text.summary,
        body=text.body,
        body_html=rendered.html,
        headings=[list(heading) for heading in rendered.headings],
        out_of_date=text.language != SOURCE_LANGUAGE
        and english_revision is not None
        and (text.translated_from_revision or 0) < english_revision,
    )
    return shown, rendered


NESTING_TAG = re.compile(r"<(/?)(blockquote|ol|ul|table)[ >]|<h2[ >]")


def as_steps(html: str) -> tuple[str, list[str]]:
    """Split sanitised HTML at its level-2 headings outside quotes, lists and tables: the
    introduction, then one step per heading."""
    starts, depth = [], 0
    for tag in NESTING_TAG.finditer(html):
        if tag.group(2) is None:
            if depth == 0:
                starts.append(tag.start())
        else:
            depth += -1 if tag.group(1) else 1
    if not starts:
        return html, []
    bounds = [*starts, len(html)]
    return html[: starts[0]], [html[start:end] for start, end in itertools.pairwise(bounds)]
