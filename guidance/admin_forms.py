"""The forms of the guidance screens: a publication's page with both languages side by side, and the
pages behind its buttons. None of them saves anything itself; the screens pass what they hold to
``guidance.services``."""

from datetime import datetime

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy as _

from dpa.action_pages import show_refusal
from guidance.models import SOURCE_LANGUAGE, Attachment, Language, Publication, Text

TEXT_PARTS = ("title", "summary", "body")
# How each language's text is laid out: the body is long Markdown, the summary a sentence or two.
PART_WIDGETS = {
    "title": lambda attrs: forms.TextInput(attrs={"size": 80, **attrs}),
    "summary": lambda attrs: forms.Textarea(attrs={"rows": 3, "cols": 80, **attrs}),
    "body": lambda attrs: forms.Textarea(attrs={"rows": 24, "cols": 80, **attrs}),
}
# The language each column's inputs are typed in, for spelling checkers and fonts.
INPUT_LANGUAGE = {Language.ENGLISH: "en", Language.TRADITIONAL_CHINESE: "zh-Hant"}
MATCHES_ENGLISH = "matches_english"


def part_field(part: str, language: str) -> str:
    """The form field of one part of a language's text: ``title_en``, ``body_zh_hant``."""
    return f"{part}_{language.replace('-', '_')}"


def _text_field(part: str, language: str) -> forms.CharField:
    model_field = Text._meta.get_field(part)
    return forms.CharField(
        label=model_field.verbose_name.capitalize(),
        help_text=model_field.help_text,
        max_length=model_field.max_length,
        required=False,
        widget=PART_WIDGETS[part]({"lang": INPUT_LANGUAGE[language]}),
    )


class PublicationForm(forms.ModelForm):
    """A publication's details and its text in each language. A language left wholly empty is not
    written (the public site shows a publication in the one language it has); one with any part
    written needs all three.

    ``refusal`` is a service's refusal of what was posted, shown on the field it names.
    """

    class Meta:
        model = Publication
        fields = ["slug", "kind", "topics", "related"]

    def __init__(self, *args, refusal: ValidationError | PermissionDenied | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.refusal = refusal
        self.texts = {text.language: text for text in self.instance.texts.all()} if self.instance.pk else {}
        for language in Language:
            text = self.texts.get(language)
            for part in TEXT_PARTS:
                name = part_field(part, language)
                self.fields[name] = _text_field(part, language)
                self.initial.setdefault(name, getattr(text, part) if text else "")
        if self.can_confirm_translation:
            self.fields[MATCHES_ENGLISH] = forms.BooleanField(
                label=_("This translation matches the current English text"),
                label_suffix="",
                help_text=_("Tick it after checking the translation against the English text, as saved now."),
                required=False,
            )
        if "related" in self.fields and self.instance.pk:
            self.fields["related"].queryset = self.fields["related"].queryset.exclude(pk=self.instance.pk)

    @property
    def can_confirm_translation(self) -> bool:
        """Whether there is a translation and an English text it could match."""
        return SOURCE_LANGUAGE in self.texts and Language.TRADITIONAL_CHINESE in self.texts

    def language_fields(self, language: str) -> list[forms.BoundField]:
        fields = [self[part_field(part, language)] for part in TEXT_PARTS]
        if language != SOURCE_LANGUAGE and MATCHES_ENGLISH in self.fields:
            fields.append(self[MATCHES_ENGLISH])
        return fields

    def is_written(self, language: str) -> bool:
        """Whether the language has a text already or was given one now (even one with an error)."""
        names = [part_field(part, language) for part in TEXT_PARTS]
        given = any((self.cleaned_data.get(name) or "").strip() or name in self.errors for name in names)
        return language in self.texts or given

    def written_languages(self) -> list[str]:
        """The languages to save, English first: a translation is measured against it."""
        return [language for language in Language if self.is_written(language)]

    def clean(self):
        cleaned = super().clean()
        written = self.written_languages()
        if not written:
            self.add_error(
                part_field("title", SOURCE_LANGUAGE),
                _("Write the publication in English, in Traditional Chinese or in both."),
            )
        for language in written:
            for part in TEXT_PARTS:
                name = part_field(part, language)
                if name not in self.errors and not (cleaned.get(name) or "").strip():
                    self.add_error(name, _("A text needs a title, a summary and a body."))
        if self.refusal is not None:
            show_refusal(self, self.refusal)
        return cleaned


def text_refusal(error: ValidationError, language: str) -> ValidationError:
    """A refusal of one language's text, with each error on that language's own field."""
    if not hasattr(error, "error_dict"):
        return error
    fields = {name: part_field(name, language) for name in TEXT_PARTS}
    return ValidationError({fields.get(name, name): errors for name, errors in error.error_dict.items()})


# --- the pages behind the buttons ------------------------------------------------------------------


class ConfirmForm(forms.Form):
    """Nothing to fill in: the button is the decision."""


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4, "cols": 80}))

    def __init__(self, *args, help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["note"].help_text = help_text


class ArchiveNoteForm(forms.Form):
    """Why it is archived, for readers of each language: a reader whose language has none sees the other."""

    note = forms.CharField(
        label=_("Note in English"),
        required=False,
        help_text=_("Say why it is archived, for readers of its page."),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )
    note_zh_hant = forms.CharField(
        label=_("Note in Traditional Chinese"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


class ChangeNoteForm(forms.Form):
    """What changed, for readers of each language: a reader whose language has none sees the other."""

    change_note = forms.CharField(
        label=_("What changed, in English"),
        required=False,
        help_text=_("Readers see it on the publication's list of versions."),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )
    change_note_zh_hant = forms.CharField(
        label=_("What changed, in Traditional Chinese"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )


class ScheduleForm(ChangeNoteForm):
    """The time is checked by ``services.schedule``: in the future, and not too far ahead."""

    at = forms.DateTimeField(
        label=_("Publish at (Hong Kong time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    field_order = ["at", "change_note", "change_note_zh_hant"]


class SuccessorField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.slug} — {obj.english_title}" if obj.english_title else obj.slug


class SupersedeForm(forms.Form):
    successor = SuccessorField(
        queryset=Publication.objects.none(),
        label=_("Replaced by"),
        help_text=_("A publication that is published and not archived. Readers of this one are sent to it."),
    )
    note = forms.CharField(
        label=_("Note in English"),
        required=False,
        help_text=_("Shown on this publication's page above the link to its successor; it may be left empty."),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )
    note_zh_hant = forms.CharField(
        label=_("Note in Traditional Chinese"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )

    def __init__(self, *args, publication: Publication, now: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["successor"].queryset = (
            Publication.objects.current(now).exclude(pk=publication.pk).with_titles().order_by("slug")
        )


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("A PDF document, or a PNG or JPEG picture, of at most 20 MB."),
        max_length=Attachment._meta.get_field("file").max_length,
    )
    name = forms.CharField(
        label=_("File name"),
        max_length=Attachment._meta.get_field("name").max_length,
        required=False,
        help_text=_(
            "How the body refers to a picture, and the name a download gets. Left empty, it is the file's own name."
        ),
    )
    title_en = forms.CharField(
        label=_("Title in English"), max_length=Attachment._meta.get_field("title_en").max_length, required=False
    )
    title_zh_hant = forms.CharField(
        label=_("Title in Traditional Chinese"),
        max_length=Attachment._meta.get_field("title_zh_hant").max_length,
        required=False,
        widget=forms.TextInput(attrs={"lang": "zh-Hant"}),
    )
