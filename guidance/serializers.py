"""How the partner API shows published guidance: each publication as ``public.listing`` gives it (the
live version and its text in the language asked for, else the other one), and the query it reads
the language from. The views put the language in the serializers' context as ``language``."""

from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from guidance import public
from guidance.models import SOURCE_LANGUAGE, Attachment, Kind, Language, Topic, in_language


class LanguageQuery(serializers.Serializer):
    """The ``lang`` of a request's query: the language to show texts and names in."""

    lang = serializers.ChoiceField(choices=Language.choices, default=SOURCE_LANGUAGE)


class TopicNameSerializer(serializers.ModelSerializer):
    name = serializers.SerializerMethodField(help_text=_("The name in the language asked for."))

    class Meta:
        model = Topic
        fields = ["slug", "name"]

    def get_name(self, topic: Topic) -> str:
        return in_language({"en": topic.name_en, "zh-hant": topic.name_zh_hant}, self.context["language"])


class TopicSerializer(TopicNameSerializer):
    class Meta:
        model = Topic
        fields = ["slug", "name", "name_en", "name_zh_hant"]


def _absolute(serializer: serializers.Serializer, path: str) -> str:
    return serializer.context["request"].build_absolute_uri(path)


class PublicationSerializer(serializers.Serializer):
    """A published publication as a list shows it."""

    slug = serializers.SlugField(source="publication.slug")
    kind = serializers.ChoiceField(choices=Kind.choices, source="publication.kind")
    title = serializers.CharField(source="text.title")
    summary = serializers.CharField(source="text.summary")
    language = serializers.ChoiceField(
        choices=Language.choices,
        source="text.language",
        help_text=_("The language of the title, summary and text: the one asked for, or else the only one it has."),
    )
    topics = TopicNameSerializer(many=True, source="publication.topics.all")
    first_published = serializers.DateTimeField(source="first_published_at")
    updated = serializers.DateTimeField(
        source="version.published_at", help_text=_("When the version the public reads was published.")
    )
    version = serializers.IntegerField(source="version.number", help_text=_("The number of that version."))
    archived = serializers.BooleanField(source="publication.is_archived")
    superseded_by = serializers.SlugField(
        source="publication.superseded_by.slug",
        allow_null=True,
        help_text=_("The slug of the publication that replaces this archived one, if any."),
    )
    url = serializers.SerializerMethodField(help_text=_("The public page, in the language asked for."))
    api_url = serializers.SerializerMethodField(help_text=_("This publication in the API, with its text."))

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, listing: public.Listing) -> str:
        with override(self.context["language"]):
            return _absolute(self, reverse("guidance:detail", kwargs={"slug": listing.publication.slug}))

    @extend_schema_field(OpenApiTypes.URI)
    def get_api_url(self, listing: public.Listing) -> str:
        path = reverse("guidance-api:detail", kwargs={"slug": listing.publication.slug})
        language = self.context["language"]
        return _absolute(self, path if language == SOURCE_LANGUAGE else f"{path}?{urlencode({'lang': language})}")


class HeadingSerializer(serializers.Serializer):
    level = serializers.IntegerField(help_text=_("2 for a section, 3 and 4 for parts of one."))
    anchor = serializers.CharField(help_text=_("The heading's id in body_html."))
    text = serializers.CharField()


# A component of its own: the schema's enums are named by field, and a publication's kind has the name.
@extend_schema_field(
    {"type": "string", "enum": Attachment.Kind.values, "description": "document: a PDF; image: a picture"},
    component_name="AttachmentKind",
)
class AttachmentKindField(serializers.ChoiceField):
    def __init__(self, **kwargs):
        super().__init__(choices=Attachment.Kind.choices, **kwargs)


class AttachmentSerializer(serializers.Serializer):
    name = serializers.CharField(help_text=_("The file name."))
    title = serializers.SerializerMethodField(help_text=_("In the language asked for, else the other, else the name."))
    kind = AttachmentKindField()
    size = serializers.IntegerField(help_text=_("In bytes."))
    url = serializers.SerializerMethodField(help_text=_("Where to download the file."))

    def get_title(self, attachment: Attachment) -> str:
        titles = {"en": attachment.title_en, "zh-hant": attachment.title_zh_hant}
        return in_language(titles, self.context["language"]) or attachment.name

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, attachment: Attachment) -> str:
        # The publication's slug comes from the context: each file's own publication would be a query.
        path = reverse("guidance-file", kwargs={"slug": self.context["slug"], "name": attachment.name})
        return _absolute(self, path)


class VersionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    published_at = serializers.DateTimeField()
    change_note = serializers.SerializerMethodField(help_text=_("What changed, in the language asked for if given."))

    def get_change_note(self, version) -> str:
        return in_language(version.change_notes, self.context["language"])


class LinkSerializer(serializers.Serializer):
    slug = serializers.SlugField(source="publication.slug")
    title = serializers.CharField(source="text.title")


class PublicationDetailSerializer(PublicationSerializer):
    """A published publication with its text, files, related publications and versions."""

    body = serializers.CharField(source="text.body", help_text=_("The text in Markdown."))
    body_html = serializers.CharField(
        source="text.body_html",
        help_text=_("The text as the public page shows it, sanitised; links to its files are relative to the site."),
    )
    headings = serializers.SerializerMethodField()
    out_of_date = serializers.BooleanField(
        source="text.out_of_date", help_text=_("A translation made from an older English text than this version's.")
    )
    attachments = serializers.SerializerMethodField(help_text=_("The files of the version the public reads."))
    related = serializers.SerializerMethodField(help_text=_("Related publications that are published."))
    versions = VersionSerializer(
        many=True, source="publication.live_versions", help_text=_("Every published version, newest first.")
    )

    @extend_schema_field(HeadingSerializer(many=True))
    def get_headings(self, listing: public.Listing) -> list:
        headings = [{"level": level, "anchor": anchor, "text": text} for level, anchor, text in listing.text.headings]
        return HeadingSerializer(headings, many=True).data

    @extend_schema_field(AttachmentSerializer(many=True))
    def get_attachments(self, listing: public.Listing) -> list:
        context = {**self.context, "slug": listing.publication.slug}
        return AttachmentSerializer(listing.version.attachments.all(), many=True, context=context).data

    @extend_schema_field(LinkSerializer(many=True))
    def get_related(self, listing: public.Listing) -> list:
        language = self.context["language"]
        related = [public.listing(other, language=language) for other in listing.publication.related.all()]
        return LinkSerializer(related, many=True).data
