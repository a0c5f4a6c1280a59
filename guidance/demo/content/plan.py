"""The shape of the demo's content: wordings, files, notes and planned publications, the helpers
that keep its Markdown readable in the source, and the topics."""

import re
import textwrap
from dataclasses import dataclass

# A line that starts a Markdown block of its own rather than continuing the line above.
BLOCK_START = re.compile(r"^\s*(#{1,6} |[-*+] |\d+\. |!\[|\||>)")


def english(text: str) -> str:
    """Markdown written indented in this file, as an editor would have typed it."""
    return textwrap.dedent(text).strip()


def chinese(text: str) -> str:
    """Like ``english``, with the lines of each paragraph joined again: between Chinese characters a
    line break shows as a space."""
    lines = []
    for line in english(text).splitlines():
        previous = lines[-1].lstrip() if lines else ""
        if previous and line.strip() and not BLOCK_START.match(line) and not previous.startswith(("#", "|")):
            lines[-1] += line.strip()
        else:
            lines.append(line)
    return "\n".join(lines)


@dataclass(frozen=True)
class Wording:
    title: str
    summary: str
    body: str


@dataclass(frozen=True)
class DemoFile:
    name: str
    content: bytes
    title_en: str = ""
    title_zh_hant: str = ""


@dataclass(frozen=True)
class Note:
    """A note for readers, in each language."""

    en: str
    zh_hant: str


@dataclass(frozen=True)
class Revision:
    """A later version whose English text changed while its translation was left as it was."""

    days_ago: int
    english: Wording
    change_note: Note


@dataclass(frozen=True)
class PlannedPublication:
    slug: str
    kind: str
    # When its first version came out; a negative number schedules it that many days ahead.
    days_ago: int
    en: Wording | None
    zh_hant: Wording | None
    topics: tuple[str, ...] = ()
    # Publications listed earlier in PUBLICATIONS, by slug.
    related: tuple[str, ...] = ()
    files: tuple[DemoFile, ...] = ()
    revision: Revision | None = None
    # An earlier publication this one replaces when it comes out, and why, for its page.
    supersedes: str = ""
    superseded_note: Note | None = None
    # Texts may name {reply_by}: the day this many days after publication, in the text's language.
    reply_in_days: int | None = None


FIRST_PUBLISHED = Note(en="First published.", zh_hant="首次發布。")

TOPICS = (
    # slug, English name, Chinese name
    ("artificial-intelligence", "Artificial intelligence", "人工智能"),
    ("social-media", "Social media", "社交媒體"),
    ("data-breaches", "Data breaches", "資料外洩事故"),
    ("direct-marketing", "Direct marketing", "直接促銷"),
    ("cctv-and-surveillance", "CCTV and surveillance", "閉路電視及監察"),
    ("childrens-privacy", "Children's privacy", "兒童私隱"),
    ("data-access-requests", "Data access requests", "查閱資料要求"),
    ("cross-border-data-transfer", "Cross-border data transfer", "跨境資料轉移"),
    ("workplace", "Privacy at work", "職場私隱"),
    ("doxxing", "Doxxing", "起底"),
)
