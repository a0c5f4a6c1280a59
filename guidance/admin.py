"""The guidance screens: the list of publications with what the public sees of each, a publication's
page with both languages side by side, the pages behind its buttons, its versions (only ever read)
and the topics. Every change is a call to ``guidance.services``; the status moves only by the buttons.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import RelatedFieldWidgetWrapper
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cases.admin.action_pages import action_page
from cases.admin.base import EMPTY, CaseworkAdmin, HistoryAdmin, change_url, is_past_version
from cases.listing import officer_name
from guidance import services
from guidance.admin_forms import (
    MATCHES_ENGLISH,
    AttachmentForm,
    ChangeNoteForm,
    ConfirmForm,
    NoteForm,
    PublicationForm,
    ScheduleForm,
    SupersedeForm,
    part_field,
    text_refusal,
)
from guidance.models import SOURCE_LANGUAGE, Language, Publication, Status, Text, Topic, Version, VersionText
from guidance.preview import preview_path

ACTION_TEMPLATE = "admin/guidance/publication/action.html"
# Where a refusal by a service waits while the publication's page is shown again with it.
REFUSAL = "guidance_refusal"


def _when(moment: datetime) -> str:
    return formats.date_format(timezone.localtime(moment), "SHORT_DATETIME_FORMAT")


def _lines(lines: list[str]):
    """A headline, and the details under it in the quieter type of dates."""
    headline, *details = lines
    return format_html(
        "{}{}",
        headline,
        format_html_join("", '<br><span class="deadline-date">{}</span>', ([line] for line in details)),
    )


def _posted(request):
    return request.POST if request.method == "POST" else None


# --- what the list shows of each publication, all in the list's one query -------------------------


def _title_in(language: str) -> Subquery:
    return Subquery(Text.objects.filter(publication=OuterRef("pk"), language=language).values("title")[:1])


def translation_out_of_date() -> Exists:
    """Whether the publication has a translation made from an older English text than it has now."""
    english = Text.objects.filter(publication=OuterRef("publication"), language=SOURCE_LANGUAGE)
    behind = Q(translated_from_revision__isnull=True) | Q(
        translated_from_revision__lt=Subquery(english.values("revision")[:1])
    )
    translations = Text.objects.filter(publication=OuterRef("pk")).exclude(language=SOURCE_LANGUAGE)
    return Exists(translations.filter(Exists(english)).filter(behind))


def with_list_columns(queryset, *, now: datetime):
    """Publications with their titles, whether the translation is behind, and what the public sees at
    ``now``: the live version's number and since when, and the time of the next version waiting for
    its time (not one that a newer live version has already replaced)."""
    versions = Version.objects.filter(publication=OuterRef("pk"))
    live = versions.filter(published_at__lte=now).order_by("-number")
    replaced = Version.objects.filter(
        publication=OuterRef("publication"), number__gt=OuterRef("number"), published_at__lte=now
    )
    waiting = versions.filter(published_at__gt=now).exclude(Exists(replaced)).order_by("published_at")
    return queryset.annotate(
        english_title=_title_in(SOURCE_LANGUAGE),
        chinese_title=_title_in(Language.TRADITIONAL_CHINESE),
        translation_out_of_date=translation_out_of_date(),
        live_number=Subquery(live.values("number")[:1]),
        live_since=Subquery(live.values("published_at")[:1]),
        scheduled_for=Subquery(waiting.values("published_at")[:1]),
    )


def public_state(publication) -> list[str]:
    """What the public sees, from the ``with_list_columns`` annotations: a headline, then since and until when."""
    lines = []
    if publication.live_number:
        lines += [
            gettext("Version %(number)d") % {"number": publication.live_number},
            gettext("since %(when)s") % {"when": _when(publication.live_since)},
        ]
    if publication.scheduled_for:
        when = {"when": _when(publication.scheduled_for)}
        lines.append(
            gettext("the next scheduled for %(when)s") % when if lines else gettext("Scheduled for %(when)s") % when
        )
    return lines or [gettext("Not published")]


def archive_state(publication) -> list[str]:
    when = {"when": _when(publication.archived_at)} if publication.archived_at else {}
    if publication.superseded_by_id:
        return [
            gettext("Superseded by %(successor)s") % {"successor": publication.superseded_by.slug},
            gettext("on %(when)s") % when,
        ]
    if publication.archived_at:
        return [gettext("Archived"), gettext("on %(when)s") % when]
    return [EMPTY]


class TranslationFilter(admin.SimpleListFilter):
    title = _("translation")
    parameter_name = "translation"

    def lookups(self, request, model_admin):
        return [("out_of_date", _("Out of date")), ("up_to_date", _("Up to date"))]

    def queryset(self, request, queryset):
        translated = Exists(Text.objects.filter(publication=OuterRef("pk")).exclude(language=SOURCE_LANGUAGE))
        if self.value() == "out_of_date":
            return queryset.filter(translation_out_of_date=True)
        if self.value() == "up_to_date":
            return queryset.filter(translated, translation_out_of_date=False)
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


# --- the buttons of a publication's page -----------------------------------------------------------


def _status_is(status: str, refusal: str) -> Callable:
    return lambda publication, user: None if publication.status == status else refusal


def _publishable(publication, user) -> str | None:
    if publication.status != Status.IN_REVIEW:
        return gettext("Only a publication in review can be published; submit it for review first.")
    if publication.last_edited_by_id == user.pk:
        return gettext("You edited this version last: someone else must publish it.")
    return None


def _live(publication, user) -> str | None:
    if publication.is_archived:
        return gettext("This publication is already archived.")
    if not publication.live_number and publication.scheduled_for:
        return gettext("The public does not see it yet: its first version is scheduled for %(when)s.") % {
            "when": _when(publication.scheduled_for)
        }
    if not publication.live_number:
        return gettext("Only a published publication can be archived or superseded.")
    return None


def _translation_behind(publication, user) -> str | None:
    if not publication.translation_out_of_date:
        return gettext("The translation is up to date with the English text: there is nothing to approve.")
    return None


@dataclass(frozen=True)
class Button:
    """A button of the publication's page: its page, who may use it and when the state allows it."""

    name: str
    label: str
    permission: str
    # Why the publication's state does not allow it now, or None.
    refusal: Callable = field(default=lambda publication, user: None)

    def url(self, publication) -> str:
        return reverse(f"admin:guidance_publication_{self.name}", args=[publication.pk])


BUTTONS = {
    button.name: button
    for button in [
        Button(
            "submit",
            _("Submit for review"),
            services.AUTHOR_PERMISSION,
            _status_is(Status.DRAFT, _("Only a draft can be submitted for review.")),
        ),
        Button(
            "return",
            _("Return to the author"),
            services.PUBLISHER_PERMISSION,
            _status_is(Status.IN_REVIEW, _("Only a publication in review can be returned.")),
        ),
        Button("publish", _("Publish"), services.PUBLISHER_PERMISSION, _publishable),
        Button("schedule", _("Schedule"), services.PUBLISHER_PERMISSION, _publishable),
        Button("archive", _("Archive"), services.PUBLISHER_PERMISSION, _live),
        Button("supersede", _("Supersede"), services.PUBLISHER_PERMISSION, _live),
        Button("attach", _("Add a file"), services.AUTHOR_PERMISSION),
        Button("approve", _("Approve the translation"), services.AUTHOR_PERMISSION, _translation_behind),
    ]
}
# Shown among the page's tools; approving a translation is offered beside the translation.
TOOLS = ["submit", "return", "publish", "schedule", "archive", "supersede", "attach"]


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
class PublicationAdmin(HistoryAdmin):
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
        return with_list_columns(super().get_queryset(request), now=timezone.now())

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
        return _lines(public_state(publication))

    @admin.display(description=_("archived"), ordering="archived_at")
    def archive_state_column(self, publication):
        return _lines(archive_state(publication))

    @admin.display(description=_("last edited"), ordering="last_edited_at")
    def last_edited_column(self, publication):
        return _lines([officer_name(publication.last_edited_by), _when(publication.last_edited_at)])

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
            "public_state": _lines(public_state(publication)),
            "archive_state": _lines(archive_state(publication)),
            "last_edited": _lines([officer_name(publication.last_edited_by), _when(publication.last_edited_at)]),
            # The four-eyes rule, said before a publisher tries.
            "not_yours_to_publish": may_publish and in_review and _publishable(publication, user) is not None,
            "attachments": publication.attachments.all(),
            "versions": publication.versions.select_related("published_by").order_by("-number"),
            "events": publication.events.select_related("by", "version"),
            "now": timezone.now(),
        }

    # --- the pages behind the buttons -------------------------------------------------------------

    def get_urls(self):
        wrap = self.admin_site.admin_view
        views = {
            "submit": self.submit_view,
            "return": self.return_view,
            "publish": self.publish_view,
            "schedule": self.schedule_view,
            "archive": self.archive_view,
            "supersede": self.supersede_view,
            "attach": self.attach_view,
            "approve": self.approve_view,
        }
        return [
            *(
                path(f"<path:object_id>/{name}/", wrap(view), name=f"guidance_publication_{name}")
                for name, view in views.items()
            ),
            *super().get_urls(),
        ]

    def _button_page(self, request, object_id, name: str, *, form_for, apply, done: str, title: str = "", **context):
        """The page of button ``name``: 403 to a role that may not use it; the state's refusal, in words,
        instead of the form when the publication cannot take it now. ``form_for(publication)`` makes the
        form, ``apply(publication, data)`` calls the service."""
        publication = self.get_visible_object_or_404(request, object_id)
        button = BUTTONS[name]
        if not request.user.has_perm(button.permission):
            raise PermissionDenied
        refusal = button.refusal(publication, request.user)
        return action_page(
            self,
            request,
            publication,
            form=None if refusal else form_for(publication),
            refusal=refusal,
            title=(title or gettext("%(action)s: %(publication)s"))
            % {"action": button.label, "publication": publication},
            apply=lambda data: apply(publication, data),
            done=done % {"publication": publication},
            object_url=change_url(publication),
            template=ACTION_TEMPLATE,
            submit_label=button.label,
            publication=publication,
            **context,
        )

    def submit_view(self, request, object_id):
        return self._button_page(
            request,
            object_id,
            "submit",
            form_for=lambda publication: ConfirmForm(_posted(request)),
            intro=gettext(
                "A publisher then publishes it, or returns it to the author with a note. "
                "Any change to it after this takes it back to draft."
            ),
            apply=lambda publication, data: services.submit_for_review(
                publication, by=request.user, now=timezone.now()
            ),
            done=gettext("%(publication)s submitted for review."),
        )

    def return_view(self, request, object_id):
        return self._button_page(
            request,
            object_id,
            "return",
            form_for=lambda publication: NoteForm(
                _posted(request), help_text=gettext("Say what needs to change; the author reads it in the history.")
            ),
            apply=lambda publication, data: services.return_to_author(
                publication, note=data["note"], by=request.user, now=timezone.now()
            ),
            done=gettext("%(publication)s returned to the author."),
        )

    def publish_view(self, request, object_id):
        return self._button_page(
            request,
            object_id,
            "publish",
            form_for=lambda publication: ChangeNoteForm(_posted(request)),
            intro=gettext("The public sees this version as soon as it is published, in every language it has."),
            apply=lambda publication, data: services.publish(
                publication, change_note=data["change_note"], by=request.user, now=timezone.now()
            ),
            done=gettext("%(publication)s published."),
        )

    def schedule_view(self, request, object_id):
        now = timezone.now()
        return self._button_page(
            request,
            object_id,
            "schedule",
            form_for=lambda publication: ScheduleForm(_posted(request), now=now),
            intro=gettext(
                "The version is approved now and the public sees it from the time given; until then they see "
                "what they see now."
            ),
            apply=lambda publication, data: services.schedule(
                publication, at=data["at"], change_note=data["change_note"], by=request.user, now=timezone.now()
            ),
            done=gettext("%(publication)s scheduled."),
        )

    def archive_view(self, request, object_id):
        return self._button_page(
            request,
            object_id,
            "archive",
            form_for=lambda publication: NoteForm(
                _posted(request), help_text=gettext("Say why it is archived, for readers of its page.")
            ),
            intro=gettext("Archiving takes it out of the index and the feed; its page stays, saying it is archived."),
            apply=lambda publication, data: services.archive(
                publication, note=data["note"], by=request.user, now=timezone.now()
            ),
            done=gettext("%(publication)s archived."),
        )

    def supersede_view(self, request, object_id):
        now = timezone.now()
        return self._button_page(
            request,
            object_id,
            "supersede",
            form_for=lambda publication: SupersedeForm(_posted(request), publication=publication, now=now),
            intro=gettext("Superseding archives it; its page points readers to the publication that replaces it."),
            apply=lambda publication, data: services.supersede(
                publication, successor=data["successor"], note=data["note"], by=request.user, now=timezone.now()
            ),
            done=gettext("%(publication)s superseded."),
        )

    def approve_view(self, request, object_id):
        def approve(publication, data):
            translation = publication.texts.exclude(language=SOURCE_LANGUAGE).get()
            services.approve_translation(translation, by=request.user, now=timezone.now())

        return self._button_page(
            request,
            object_id,
            "approve",
            form_for=lambda publication: ConfirmForm(_posted(request)),
            intro=gettext(
                "The English text has changed since the translation was last saved. Approve it only after "
                "checking that it says what the English text says now."
            ),
            apply=approve,
            done=gettext("The translation of %(publication)s is approved as up to date."),
            shows_texts=True,
        )

    def attach_view(self, request, object_id):
        def attach(publication, data):
            uploaded = data["file"]
            services.add_attachment(
                publication,
                uploaded=uploaded,
                name=data["name"] or uploaded.name,
                title_en=data["title_en"],
                title_zh_hant=data["title_zh_hant"],
                by=request.user,
                now=timezone.now(),
            )

        return self._button_page(
            request,
            object_id,
            "attach",
            form_for=lambda publication: AttachmentForm(_posted(request), request.FILES or None),
            title=gettext("Add a file to %(publication)s"),
            intro=gettext(
                "A picture is shown in the body by its file name: ![what it shows](file-name.png). "
                "A file reaches the public with the next version published."
            ),
            apply=attach,
            done=gettext("File added to %(publication)s."),
            shows_attachments=True,
        )


# --- versions: made only by publishing, never changed ----------------------------------------------


class VersionTextInline(admin.StackedInline):
    model = VersionText
    fields = ["language", "title", "summary", "body", "out_of_date"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Version)
class VersionAdmin(CaseworkAdmin):
    list_display = ["__str__", "published", "published_by_column", "change_note"]
    list_select_related = ["publication", "published_by"]
    search_fields = ["publication__slug", "change_note"]
    fields = ["publication", "number", "published", "published_by_column", "approved", "change_note", "attachments"]
    readonly_fields = fields
    inlines = [VersionTextInline]
    ordering = ["-created_at", "-pk"]
    actions = None

    @admin.display(description=_("published"), ordering="published_at")
    def published(self, version):
        if version.published_at > timezone.now():
            return gettext("%(when)s (scheduled)") % {"when": _when(version.published_at)}
        return _when(version.published_at)

    @admin.display(description=_("published by"), ordering="published_by__first_name")
    def published_by_column(self, version):
        return officer_name(version.published_by)

    @admin.display(description=_("approved"), ordering="created_at")
    def approved(self, version):
        return _when(version.created_at)

    def get_urls(self):
        # There is no page to add one: a version is made by publishing.
        return [url for url in super().get_urls() if url.name != "guidance_version_add"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# --- topics ----------------------------------------------------------------------------------------


@admin.register(Topic)
class TopicAdmin(HistoryAdmin):
    list_display = ["name_en", "name_zh_hant", "slug", "publication_count"]
    search_fields = ["name_en", "name_zh_hant", "slug"]
    fields = ["name_en", "name_zh_hant", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}
    # The count groups the query, and Meta.ordering does not apply to grouped queries.
    ordering = ["name_en", "pk"]
    actions = None

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(publication_count=Count("publications"))

    @admin.display(description=_("publications"), ordering="publication_count")
    def publication_count(self, topic):
        return topic.publication_count
