"""Published guidance in the partner API, open to everyone: the list, one publication, the topics.

Like the public pages, each request asks the time once, and the list and a publication answer
conditional requests from one cheap query before anything is built (``public.latest_change`` and
``public.page_state``), and may be kept by caches for a few minutes. The language is the ``lang``
of the query; a text missing in it is shown in the other language and says so.
"""

from collections.abc import Callable
from datetime import datetime

from django.http import HttpResponseBase
from django.urls import path
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date, quote_etag
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, generics
from rest_framework.response import Response

from dpa.api_access import PUBLIC
from dpa.api_errors import PAGE_NOT_FOUND, THROTTLED, documented_error
from guidance import public
from guidance.api_filters import GuidanceFilter
from guidance.models import SOURCE_LANGUAGE, Language, Publication, Topic
from guidance.serializers import (
    LanguageQuery,
    PublicationDetailSerializer,
    PublicationSerializer,
    TopicSerializer,
)
from guidance.views import PUBLIC_MAX_AGE

app_name = "guidance-api"

LANGUAGE_PARAMETER = OpenApiParameter(
    "lang",
    OpenApiTypes.STR,
    enum=Language.values,
    default=SOURCE_LANGUAGE,
    description="The language of texts and names; a text missing in it is given in the other language.",
)
# updated_since takes a date as well as a date and time, which the filter's own type would not say.
UPDATED_SINCE_PARAMETER = OpenApiParameter(
    "updated_since",
    OpenApiTypes.STR,
    description="An ISO 8601 date (2026-03-01) or date and time (2026-03-01T09:00:00+08:00): publications whose "
    "current version was published then or later. Hong Kong time unless an offset is given.",
)
NOT_MODIFIED = OpenApiResponse(description="The copy the caller has (If-None-Match) is current.")
INVALID = documented_error("A parameter could not be read; `fields` names it.")
NOT_FOUND = documented_error("No published publication has this slug.")


class PublicGuidanceView(generics.GenericAPIView):
    """What the guidance endpoints share: open to all, the time asked once, the language from the query."""

    required_scope = PUBLIC

    def initial(self, request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        self.now = timezone.now()
        query = LanguageQuery(data=request.query_params)
        query.is_valid(raise_exception=True)
        self.language = query.validated_data["lang"]

    def get_serializer_context(self) -> dict:
        return {**super().get_serializer_context(), "language": self.language}

    def cacheable(
        self, build: Callable[[], Response], *, tag: str, last_modified: datetime | None = None
    ) -> HttpResponseBase:
        """The response ``build`` makes, or 304 when the caller's copy has the tag that the content
        (``tag``), the language and the query give; either way tagged and kept by caches a while."""
        etag = quote_etag(public.tag(tag, self.language, self.request.get_full_path()))
        timestamp = int(last_modified.timestamp()) if last_modified else None
        response = get_conditional_response(self.request, etag=etag, last_modified=timestamp) or build()
        response.headers["ETag"] = etag
        if timestamp:
            response.headers["Last-Modified"] = http_date(timestamp)
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
        return response


class GuidanceList(PublicGuidanceView):
    # The model, for the filters and the schema; get_queryset gives the rows at the request's time.
    queryset = Publication.objects.none()
    serializer_class = PublicationSerializer
    filterset_class = GuidanceFilter

    def get_queryset(self):
        # Every published publication, newest first, ready to list; the filters narrow it (and
        # leave out archived ones unless asked).
        listed = public.index({"archived": True}, self.now, language=self.language)
        # Each item names its successor.
        return listed.select_related("superseded_by")

    @extend_schema(
        operation_id="guidance_list",
        summary="Published guidance",
        description="Published publications, the one updated last first. Current ones only unless "
        "archived=true. Answers If-None-Match with 304.",
        parameters=[LANGUAGE_PARAMETER, UPDATED_SINCE_PARAMETER],
        responses={
            200: PublicationSerializer(many=True),
            304: NOT_MODIFIED,
            400: INVALID,
            404: PAGE_NOT_FOUND,
            429: THROTTLED,
        },
        tags=["guidance"],
    )
    def get(self, request, *args, **kwargs) -> HttpResponseBase:
        # The filters are read first: a query that cannot be read is a 400 whatever the caller holds.
        publications = self.filter_queryset(self.get_queryset())
        _, tag = public.latest_change(self.now)
        return self.cacheable(lambda: self._page(publications), tag=tag)

    def _page(self, publications) -> Response:
        page = self.paginate_queryset(publications)
        listings = [public.listing(publication, language=self.language) for publication in page]
        return self.get_paginated_response(self.get_serializer(listings, many=True).data)


class GuidanceDetail(PublicGuidanceView):
    serializer_class = PublicationDetailSerializer
    filter_backends = []

    @extend_schema(
        operation_id="guidance_retrieve",
        summary="One published publication",
        description="A published publication with its text, files, related publications and versions. "
        "Answers If-None-Match and If-Modified-Since with 304.",
        parameters=[LANGUAGE_PARAMETER],
        responses={200: PublicationDetailSerializer, 304: NOT_MODIFIED, 400: INVALID, 404: NOT_FOUND, 429: THROTTLED},
        tags=["guidance"],
    )
    def get(self, request, slug: str) -> HttpResponseBase:
        state = public.page_state(slug, self.now)
        if state is None:
            raise exceptions.NotFound()
        return self.cacheable(lambda: self._publication(slug), tag=state.etag, last_modified=state.last_modified)

    def _publication(self, slug: str) -> Response:
        publication = public.publication_page(slug, self.now)
        if publication is None:
            raise exceptions.NotFound()
        return Response(self.get_serializer(public.listing(publication, language=self.language)).data)


class TopicList(PublicGuidanceView, generics.ListAPIView):
    """Every topic: a short list, in one response rather than pages."""

    queryset = Topic.objects.all()
    serializer_class = TopicSerializer
    filter_backends = []
    pagination_class = None

    @extend_schema(
        operation_id="topics_list",
        summary="Topics",
        description="Every topic guidance is filed under, in one unpaginated list, by English name.",
        parameters=[LANGUAGE_PARAMETER],
        responses={200: TopicSerializer(many=True), 400: INVALID, 429: THROTTLED},
        tags=["guidance"],
    )
    def get(self, request, *args, **kwargs) -> Response:
        return super().get(request, *args, **kwargs)


urlpatterns = [
    path("guidance/", GuidanceList.as_view(), name="list"),
    path("guidance/<slug:slug>/", GuidanceDetail.as_view(), name="detail"),
    path("topics/", TopicList.as_view(), name="topics"),
]
