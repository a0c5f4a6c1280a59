"""Publications: the list with what the public sees of each, and a publication's page with both
languages side by side. Saving goes through ``guidance.services``; the status moves only by the
buttons (``workflow``)."""

from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dpa.admin_base import EMPTY, HistoryAdmin, change_url, is_past_version
from dpa.people import staff_name
from guidance import services
from guidance.admin.display import headline_and_details, local_time
from guidance.admin.workflow import BUTTONS, TOOLS, PublicationButtons, refusal_to_publish
from guidance.admin_forms import MATCHES_ENGLISH, PublicationForm, part_field, text_refusal
from guidance.models import SOURCE_LANGUAGE, Language, Publication, Status, Text
from guidance.preview import preview_path

# Where a refusal by a service waits while the publication's page is shown again with it.
REFUSAL = "guidance_refusal"


def public_state(publication) -> list[str]:
    """What the public sees, from the ``with_list_columns`` annotations: a headline, then since and until when."""
    lines = []
    if publication.live_number:
        lines += [
            gettext("Version %(number)d") % {"number": publication.live_number},
            gettext("since %(when)s") % {"when": local_time(publication.live_since)},
        ]
    if publication.scheduled_for:
        when = {"when": local_time(publication.scheduled_for)}
        lines.append(
            gettext("the next scheduled for %(when)s") % when if lines else gettext("Scheduled for %(when)s") % when
        )
    return lines or [gettext("Not published")]


def archive_state(publication) -> list[str]:
    when = {"when": local_time(publication.archived_at)} if publication.archived_at else {}
    if publication.superseded_by_id:
        return [
            gettext("Superseded by %(successor)s") % {"successor": publication.superseded_by.slug},
            gettext("on %(when)s") % when,
        ]
    if publication.archived_at:
        return [gettext("Archived"), gettext("on %(when)s") % when]
    return [EMPTY]


def edit_state(publication) -> list[str]:
    return [staff_name(publication.last_edited_by), local_time(publication.last_edited_at)]


class TranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [("out_of_date", _("Out of date")), ("up_to_date", _("Up to date"))]

    def queryset(self, request, queryset):
        if self.value() == "out_of_date":
            return queryset.filter(translation_out_of_date=True)
        if self.value() == "up_to_date":
            return queryset.translated().filter(translation_out_of_date=False)
        return queryset


class ArchivedFilter(admin.SimpleListFilter):
    title = _("archived")
    parameter_name = "archived"

    def lookups(self, request, model_admin):
        return [("no", _("Not archived")), ("yes", _("Archived")), ("superseded", _("Superseded"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(archived_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(archived_at__isnull=False)
        if self.value() == "superseded":
            return queryset.filter(superseded_by__isnull=False)
        return queryset


@dataclass
class LanguageColumn:
    """One language of the publication's page: its form fields (none for a reader), its text, and
    whether a translation is behind the English text."""

    language: Language
    fields: list[forms.BoundField]
    text: Text | None
    out_of_date: bool = False
    approve_url: str | None = None


class RefusedByService(Exception):
    """A service refused what a valid form held."""

    def __init__(self, error: ValidationError | PermissionDenied):
        super().__init__(error)
        self.error = error


@admin.register(Publication)
class PublicationAdmin(PublicationButtons, HistoryAdmin):
    form = PublicationForm
    list_display = [
        "slug",
        "english_title_column",
        "chinese_title_column",
        "kind",
        "status",
        "public_state_column",
        "archive_state_column",
        "last_edited_column",
    ]
    list_filter = ["kind", "status", "topics", TranslationFilter, ArchivedFilter]
    list_select_related = ["last_edited_by", "superseded_by"]
    search_fields = ["slug", "texts__title"]
    search_help_text = _("An address, or words of a title in either language.")
    autocomplete_fields = ["related"]
    empty_value_display = EMPTY
    ordering = ["-last_edited_at", "-pk"]
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).with_list_columns(timezone.now())

    # --- columns ---------------------------------------------------------------------------------

    @admin.display(description=_("English title"), ordering="english_title")
    def english_title_column(self, publication):
        return publication.english_title or EMPTY

    @admin.display(description=_("Chinese title"), ordering="chinese_title")
    def chinese_title_column(self, publication):
        if not publication.chinese_title:
            return EMPTY
        if publication.translation_out_of_date:
            return format_html(
                '<span lang="zh-Hant">{}</span><br><em>{}</em>',
                publication.chinese_title,
                gettext("translation out of date"),
            )
        return format_html('<span lang="zh-Hant">{}</span>', publication.chinese_title)

    @admin.display(description=_("what the public sees"), ordering="live_since")
    def public_state_column(self, publication):
        return headline_and_details(public_state(publication))

    @admin.display(description=_("archived"), ordering="archived_at")
    def archive_state_column(self, publication):
        return headline_and_details(archive_state(publication))

    @admin.display(description=_("last edited"), ordering="last_edited_at")
    def last_edited_column(self, publication):
        return headline_and_details(edit_state(publication))

    # --- the form: details, and the two languages side by side ------------------------------------

    def get_fieldsets(self, request, obj=None):
        return [(None, {"fields": ["slug", "kind", "topics", "related"]})]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and not is_past_version(obj):
            # The address never changes once the publication exists: links to it would break.
            return ["slug"]
        return super().get_readonly_fields(request, obj)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "topics":
            kwargs["widget"] = forms.CheckboxSelectMultiple
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        # No pop-up to add or change one from here: topics are kept on their own screen, and a
        # publication is written on its own page.
        if formfield is not None and isinstance(formfield.widget, RelatedFieldWidgetWrapper):
            formfield.widget = formfield.widget.widget
        return formfield

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, REFUSAL, None)

        class BoundPublicationForm(form_class):
            def __init__(self, *args, **inner):
                super().__init__(*args, refusal=refusal, **inner)

        return BoundPublicationForm

    def has_delete_permission(self, request, obj=None):
        # Published guidance is archived or superseded, and its page stays.
        return False

    # --- saving goes through the services -------------------------------------------------------

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except RefusedByService as refused:
            # Nothing was saved. The page is shown again with everything typed, the refusal on its field.
            setattr(request, REFUSAL, refused.error)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        try:
            publication = self._save_through_services(request, obj, form, change)
        except (ValidationError, PermissionDenied) as error:
            raise RefusedByService(error) from error
        obj.pk = publication.pk
        obj.refresh_from_db()

    def _save_through_services(self, request, obj, form, change) -> Publication:
        data, by, now = form.cleaned_data, request.user, timezone.now()
        details = {"kind": data["kind"], "topics": data["topics"], "related": data["related"]}
        if change:
            publication = services.change_details(obj, **details, by=by, now=now)
        else:
            publication = services.create_publication(slug=data["slug"], **details, by=by, now=now)
        for language in form.written_languages():
            parts = {part: data[part_field(part, language)] for part in ("title", "summary", "body")}
            matches = language != SOURCE_LANGUAGE and data.get(MATCHES_ENGLISH, False)
            try:
                services.save_text(publication, language=language, **parts, by=by, now=now, matches_english=matches)
            except ValidationError as error:
                raise text_refusal(error, language) from error
        return publication

    def save_related(self, request, form, formsets, change):
        """The services set the topics and related publications; the form's own saving would bypass the history."""

    def response_add(self, request, obj, post_url_continue=None):
        # A new publication is worked on next on its own page: its other language, files, review.
        self.message_user(request, gettext("%(publication)s created.") % {"publication": obj}, messages.SUCCESS)
        return HttpResponseRedirect(change_url(obj))

    # --- the page --------------------------------------------------------------------------------

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        # A new publication opens on its own page, where it is worked on next.
        context["show_save_and_add_another"] = False
        can_write = self.has_change_permission(request, obj) if obj is not None else True
        context["language_columns"] = self._language_columns(form, obj, can_write=can_write)
        if obj is not None:
            context.update(self.publication_page_context(request, obj, languages=form.texts.keys()))
        return super().render_change_form(request, context, add, change, form_url, obj)

    def _language_columns(self, form, obj, *, can_write: bool) -> list[LanguageColumn]:
        out_of_date = obj is not None and obj.translation_out_of_date
        may_approve = can_write and out_of_date
        return [
            LanguageColumn(
                language=language,
                fields=form.language_fields(language) if can_write else [],
                text=form.texts.get(language),
                out_of_date=out_of_date and language != SOURCE_LANGUAGE,
                approve_url=BUTTONS["approve"].url(obj) if may_approve and language != SOURCE_LANGUAGE else None,
            )
            for language in Language
        ]

    def publication_page_context(self, request, publication: Publication, *, languages) -> dict:
        user = request.user
        may_publish = user.has_perm(services.PUBLISHER_PERMISSION)
        tools = [
            BUTTONS[name]
            for name in TOOLS
            if user.has_perm(BUTTONS[name].permission) and BUTTONS[name].refusal(publication, user) is None
        ]
        in_review = publication.status == Status.IN_REVIEW
        return {
            "title": publication.english_title or publication.chinese_title or str(publication),
            "subtitle": None,
            "tools": [(button.url(publication), button.label) for button in tools],
            "previews": [
                (preview_path(publication, language=language), Language(language).label)
                for language in Language
                if language in languages
            ],
            "public_state": headline_and_details(public_state(publication)),
            "archive_state": headline_and_details(archive_state(publication)),
            "last_edited": headline_and_details(edit_state(publication)),
            # The four-eyes rule, said before a publisher tries.
            "not_yours_to_publish": may_publish and in_review and refusal_to_publish(publication, user) is not None,
            "attachments": publication.attachments.all(),
            "versions": publication.versions.select_related("published_by").order_by("-number"),
            "events": publication.events.select_related("by", "version"),
            "now": timezone.now(),
        }
