"""The sitemap: the home and index pages and every published publication, each page in the
languages it is written in, with the other language's address as an alternate."""

from datetime import datetime
from functools import cached_property

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from guidance.models import Publication
from guidance.public import latest_change


class _Translated(Sitemap):
    i18n = True
    alternates = True
    x_default = True

    @cached_property
    def now(self) -> datetime:
        # The view makes a sitemap per request, so this is the request's time.
        return timezone.now()


class PageSitemap(_Translated):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["guidance:home", "guidance:index"]

    def location(self, name: str) -> str:
        return reverse(name)

    def lastmod(self, name: str) -> datetime | None:
        return self._latest_change

    @cached_property
    def _latest_change(self) -> datetime | None:
        return latest_change(self.now)[0]


class PublicationSitemap(_Translated):
    """Archived publications too: their pages stay, saying what replaced them."""

    def items(self) -> list[Publication]:
        return self._publications

    @cached_property
    def _publications(self) -> list[Publication]:
        return list(Publication.objects.published(self.now).with_live_version(self.now).order_by("slug"))

    def get_languages_for_item(self, publication: Publication) -> list[str]:
        written = {text.language for text in publication.live_version(self.now).texts.all()}
        return [language for language, _ in settings.LANGUAGES if language in written]

    def location(self, publication: Publication) -> str:
        return reverse("guidance:detail", kwargs={"slug": publication.slug})

    def lastmod(self, publication: Publication) -> datetime:
        published_at = publication.live_version(self.now).published_at
        return max(published_at, publication.archived_at or published_at)


SITEMAPS = {"pages": PageSitemap, "publications": PublicationSitemap}
