"""The Atom feed of current publications, in the page's language."""

from datetime import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from guidance.public import FEED_LENGTH, Listing, latest, listing


class LatestPublications(Feed):
    feed_type = Atom1Feed

    def __init__(self, *, now: datetime):
        super().__init__()
        self.now = now

    def title(self) -> str:
        return gettext("Privacy Commissioner for Personal Data: latest guidance")

    def subtitle(self) -> str:
        return gettext("Guidance notes, leaflets and statements, newest first.")

    def link(self) -> str:
        return reverse("guidance:index")

    def feed_url(self) -> str:
        return reverse("guidance:feed")

    def author_name(self) -> str:
        return gettext("Privacy Commissioner for Personal Data")

    def items(self) -> list[Listing]:
        language = get_language()
        return [listing(publication, language=language) for publication in latest(self.now, count=FEED_LENGTH)]

    def item_title(self, item: Listing) -> str:
        return item.text.title

    def item_description(self, item: Listing) -> str:
        return item.text.summary

    def item_link(self, item: Listing) -> str:
        return reverse("guidance:detail", kwargs={"slug": item.publication.slug})

    def item_pubdate(self, item: Listing) -> datetime:
        return item.first_published_at

    def item_updateddate(self, item: Listing) -> datetime:
        return item.version.published_at

    def item_categories(self, item: Listing) -> list[str]:
        return [topic.name for topic in item.publication.topics.all()]
