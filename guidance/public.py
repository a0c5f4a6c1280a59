"""What the public pages read at a moment: publications as the public sees them, the index's filters
and search, what changed between two versions, and how fresh each page is for conditional requests.

Every function takes ``now``; a page asks for the time once and passes it to all of them.
"""

import difflib
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime

from django import forms
from django.conf import settings
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Exists, F, FilteredRelation, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from guidance.models import Attachment, Kind, Publication, Topic, Version, VersionText
from guidance.rendering import CONTENTS_FROM

LATEST_ON_HOME = 6
RESULTS_PER_PAGE = 20
FEED_LENGTH = 20
# A longer query is cut, and only so many of its words are looked for.
QUERY_MAX_LENGTH = 200
QUERY_MAX_TERMS = 10
# Han characters, kana, Hangul and full-width forms: PostgreSQL's text search does not split these
# into words, so a query containing any is matched as a substring.
CJK = re.compile(r"[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\U00020000-\U0003134f]")
# A diff reads Chinese character by character and other text word by word.
DIFF_TOKENS = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]|\w+|\s+|[^\w\s]")


@dataclass
class Listing:
    """One publication in a list: its live version and the text the page shows of it."""

    publication: Publication
    version: Version
    text: VersionText

    @property
    def first_published_at(self) -> datetime:
        return min(version.published_at for version in self.publication.live_versions)


def listing(publication: Publication, *, language: str) -> Listing:
    """``publication`` (fetched ``with_live_version``) as a list shows it in ``language``."""
    version = publication.live_versions[0]
    return Listing(publication=publication, version=version, text=version.text_in(language))


def _live(now: datetime) -> QuerySet:
    """The versions of the outer publication whose time has come, the one the public reads first."""
    return Version.objects.filter(publication=OuterRef("pk"), published_at__lte=now).order_by("-number")


def _listed(publications: QuerySet, now: datetime) -> QuerySet:
    # Topics are shown with every item; one query for all of them rather than one per item.
    return publications.with_live_version(now).prefetch_related("topics")


def _newest_first(publications: QuerySet, now: datetime) -> QuerySet:
    # Joined to the live version rather than ordered by a subquery per publication: PostgreSQL then
    # reads the index on published_at from the newest and stops at the end of the page.
    live = FilteredRelation("versions", condition=Q(versions__published_at__lte=now))
    replaced = Version.objects.filter(
        publication=OuterRef("pk"), number__gt=OuterRef("live_number"), published_at__lte=now
    )
    return (
        publications.annotate(live=live)
        .filter(live__isnull=False)
        .annotate(live_number=F("live__number"), updated_at=F("live__published_at"))
        .filter(~Exists(replaced))
        .order_by("-updated_at", "-pk")
    )


def latest(now: datetime, *, count: int) -> list[Publication]:
    """The ``count`` current publications updated last."""
    return list(_listed(_newest_first(Publication.objects.current(now), now), now)[:count])


def latest_change(now: datetime) -> tuple[datetime | None, str]:
    """When anything the lists show last changed, and a tag that changes with it: one query."""
    # Each moment read from an index, not an aggregate over every version.
    archived = Publication.objects.filter(archived_at__isnull=False).order_by("-archived_at")
    edited = Publication.objects.published(now).order_by("-last_edited_at")
    newest = (
        Version.objects.filter(published_at__lte=now)
        .order_by("-published_at")
        .annotate(
            archived=Subquery(archived.values("archived_at")[:1]),
            edited=Subquery(edited.values("last_edited_at")[:1]),
        )
        .values("published_at", "archived", "edited")
        .first()
    )
    changes = newest or {"published_at": None, "archived": None, "edited": None}
    moments = [moment for moment in (changes["published_at"], changes["archived"]) if moment]
    # Topics and kinds are not versioned: an edit to them shows at once, so it changes the tag too.
    return max(moments, default=None), tag(*changes.values())


@dataclass
class PageState:
    """What a publication's page depends on, read in one query before the page is built."""

    last_modified: datetime
    etag: str


def page_state(slug: str, now: datetime) -> PageState | None:
    """How fresh a publication's pages are, or None when the public cannot see it."""
    live = _live(now)
    # The page names its related publications and its successor by their live titles: a subquery
    # for each, as one over both joins reads every version.
    related = Version.objects.filter(published_at__lte=now, publication__related_from=OuterRef("pk"))
    successor = Version.objects.filter(published_at__lte=now, publication=OuterRef("superseded_by"))
    row = (
        Publication.objects.published(now)
        .filter(slug=slug)
        .annotate(
            live_number=Subquery(live.values("number")[:1]),
            live_at=Subquery(live.values("published_at")[:1]),
            related_at=Subquery(related.order_by("-published_at").values("published_at")[:1]),
            successor_at=Subquery(successor.order_by("-published_at").values("published_at")[:1]),
        )
        .values(
            "pk",
            "live_number",
            "live_at",
            "archived_at",
            "superseded_by",
            "last_edited_at",
            "related_at",
            "successor_at",
        )
        .first()
    )
    if row is None:
        return None
    last_modified = max(moment for moment in (row["live_at"], row["archived_at"]) if moment)
    return PageState(last_modified=last_modified, etag=tag(*row.values()))


def tag(*parts) -> str:
    """A short tag that changes whenever any of ``parts`` does."""
    return hashlib.sha256(repr(parts).encode()).hexdigest()[:32]


def publication_page(slug: str, now: datetime) -> Publication | None:
    """A published publication with everything its page shows, in a fixed number of queries."""
    linked = Publication.objects.with_live_version(now)
    return (
        Publication.objects.published(now)
        .with_live_version(now)
        .prefetch_related(
            "topics",
            # The live version's PDFs, for the downloads list.
            Prefetch("live_versions__attachments", queryset=Attachment.objects.order_by("name")),
            # Related publications and the successor are named by their live titles.
            Prefetch("related", queryset=linked.published(now).order_by("slug")),
            Prefetch("superseded_by", queryset=linked),
        )
        .filter(slug=slug)
        .first()
    )


def versions_page(slug: str, now: datetime) -> Publication | None:
    """A published publication with every version of it whose time has come."""
    return Publication.objects.published(now).with_live_version(now).filter(slug=slug).first()


def contents(text: VersionText) -> list[tuple[int, str, str]]:
    """The headings a table of contents lists: all of them once the text has enough sections."""
    top_level = [heading for heading in text.headings if heading[0] == 2]
    return [tuple(heading) for heading in text.headings] if len(top_level) >= CONTENTS_FROM else []


# --- the index ---------------------------------------------------------------------------------------


class IndexFilters(forms.Form):
    """The index's filters as a query string gives them; a value that is not understood is left out."""

    q = forms.CharField(label=_("Search"), required=False, strip=True, widget=forms.SearchInput)
    topic = forms.ChoiceField(label=_("Topic"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices])
    year = forms.TypedChoiceField(label=_("First published in"), required=False, coerce=int, empty_value=None)
    archived = forms.BooleanField(label=_("Include archived publications"), required=False)

    def __init__(self, data, *, topics: list[Topic], years: list[int]):
        super().__init__(data)
        self.topics = {topic.slug: topic for topic in topics}
        self.fields["topic"].choices = [("", _("Any topic")), *((topic.slug, topic.name) for topic in topics)]
        self.fields["year"].choices = [("", _("Any year")), *((year, str(year)) for year in years)]

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())[:QUERY_MAX_LENGTH]

    def values(self) -> dict:
        """The filters that apply: those given and understood."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None, False)}


def index_choices(now: datetime) -> tuple[list[Topic], list[int]]:
    """The topics and years the index's filters offer: those of every published publication."""
    listed = Publication.objects.published(now)
    topics = Topic.objects.filter(Exists(listed.filter(topics=OuterRef("pk"))))
    first_published = Subquery(_live(now).order_by("published_at").values("published_at")[:1])
    years = (
        listed.annotate(year=ExtractYear(first_published)).order_by("-year").values_list("year", flat=True).distinct()
    )
    return list(topics), list(years)


def _indexed(now: datetime, *, archived: bool) -> QuerySet:
    return Publication.objects.published(now) if archived else Publication.objects.current(now)


def index(filters: dict, now: datetime, *, language: str) -> QuerySet:
    """The publications the index lists for ``filters`` (as ``IndexFilters.values`` gives them)."""
    publications = _indexed(now, archived=filters.get("archived", False))
    if "topic" in filters:
        publications = publications.filter(topics__slug=filters["topic"])
    if "kind" in filters:
        publications = publications.filter(kind=filters["kind"])
    if "year" in filters:
        start = datetime(filters["year"], 1, 1, tzinfo=timezone.get_current_timezone())
        first = _live(now).order_by("published_at").values("published_at")[:1]
        publications = publications.alias(first_published=Subquery(first)).filter(
            first_published__gte=start, first_published__lt=start.replace(year=start.year + 1)
        )
    publications = _newest_first(publications, now)
    if filters.get("q"):
        publications = _searched(publications, filters["q"], now, language=language)
    return _listed(publications, now)


def _searched(publications: QuerySet, query: str, now: datetime, *, language: str) -> QuerySet:
    """Publications whose live text, in ``language`` or else the other one, matches ``query``."""
    publications = publications.alias(live_version_id=Subquery(_live(now).values("pk")[:1]))
    # No ordering: the model's default would join every publication into the subquery.
    read = (
        VersionText.objects.order_by()
        .filter(version=OuterRef("live_version_id"))
        .filter(
            Q(language=language) | ~Exists(VersionText.objects.filter(version=OuterRef("version"), language=language))
        )
    )
    terms = query.replace('"', " ").split()[:QUERY_MAX_TERMS]
    contains = Q()
    for term in terms:
        contains &= Q(title__icontains=term) | Q(summary__icontains=term) | Q(body__icontains=term)
    if connection.vendor != "postgresql" or CJK.search(query):
        return publications.filter(Exists(read.filter(contains)))
    vector = (
        SearchVector("title", weight="A", config="english")
        + SearchVector("summary", weight="B", config="english")
        + SearchVector("body", weight="C", config="english")
    )
    words = SearchQuery(query, search_type="websearch", config="english")
    # English is matched by its words and stems; a Chinese text, which the parser cannot split, by substring.
    matching = read.alias(document=vector).filter(
        Q(language=settings.LANGUAGE_CODE, document=words) | (~Q(language=settings.LANGUAGE_CODE) & contains)
    )
    rank = Subquery(read.annotate(rank=SearchRank(vector, words)).values("rank")[:1])
    return publications.filter(Exists(matching)).annotate(rank=rank).order_by("-rank", "-updated_at", "-pk")


# --- what changed between versions --------------------------------------------------------------------


@dataclass
class Piece:
    """Part of a changed paragraph: kept, added or removed."""

    change: str  # "same", "added" or "removed"
    text: str


@dataclass
class Difference:
    """One changed part of a text: its field, and the paragraph as pieces."""

    field: str
    pieces: list[Piece]


@dataclass
class VersionEntry:
    version: Version
    text: VersionText | None
    # None for the first version, or when the previous version had no text in this language.
    differences: list[Difference] | None


FIELDS = [("title", _("Title")), ("summary", _("Summary")), ("body", _("Text"))]


def version_entries(publication: Publication, *, language: str) -> list[VersionEntry]:
    """The live versions, newest first, each with what changed in ``language`` since the one before."""
    versions = publication.live_versions
    entries = []
    for position, version in enumerate(versions):
        text = version.text_in(language)
        previous = versions[position + 1].text_in(language) if position + 1 < len(versions) else None
        same_language = text is not None and previous is not None and previous.language == text.language
        entries.append(
            VersionEntry(version=version, text=text, differences=differences(previous, text) if same_language else None)
        )
    return entries


def differences(old: VersionText, new: VersionText) -> list[Difference]:
    """What changed from ``old`` to ``new``, paragraph by paragraph, with the changed words marked."""
    found = []
    for field, label in FIELDS:
        before, after = _paragraphs(getattr(old, field)), _paragraphs(getattr(new, field))
        matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
        for operation, old_start, old_end, new_start, new_end in matcher.get_opcodes():
            if operation == "equal":
                continue
            removed, added = before[old_start:old_end], after[new_start:new_end]
            if len(removed) == len(added):
                found.extend(Difference(str(label), _changed_words(a, b)) for a, b in zip(removed, added, strict=True))
                continue
            found.extend(Difference(str(label), [Piece("removed", paragraph)]) for paragraph in removed)
            found.extend(Difference(str(label), [Piece("added", paragraph)]) for paragraph in added)
    return found


def _paragraphs(text: str) -> list[str]:
    return [" ".join(paragraph.split()) for paragraph in re.split(r"\n\s*\n", text) if paragraph.strip()]


def _changed_words(old: str, new: str) -> list[Piece]:
    before, after = DIFF_TOKENS.findall(old), DIFF_TOKENS.findall(new)
    pieces = []
    for operation, old_start, old_end, new_start, new_end in difflib.SequenceMatcher(
        a=before, b=after, autojunk=False
    ).get_opcodes():
        if operation == "equal":
            pieces.append(Piece("same", "".join(before[old_start:old_end])))
            continue
        if old_end > old_start:
            pieces.append(Piece("removed", "".join(before[old_start:old_end])))
        if new_end > new_start:
            pieces.append(Piece("added", "".join(after[new_start:new_end])))
    return pieces
