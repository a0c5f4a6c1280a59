"""Letter templates, which administrators edit in both languages side by side, and the letters sent,
kept as they went out and only read here."""

from django import forms
from django.contrib import admin
from django.db.models import Value
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

from cases import services
from cases.admin.base import owner_link
from cases.admin.retrying import RetryingFailedDeliveries
from cases.enquiry_listing import delivery_html
from cases.identity import can_see_identity, record_shown_identities
from cases.models import (
    ALLOWED_PLACEHOLDERS,
    PLACEHOLDERS,
    REQUIRED_PLACEHOLDERS,
    AccessContext,
    Letter,
    LetterKind,
    LetterTemplate,
)
from cases.models.letters import placeholder
from dpa.admin_base import EMPTY, HistoryAdmin, StaffModelAdmin

# Narrow enough for the English and the Chinese to sit side by side beside the menu at 1,366 pixels.
LETTER_TEXT = forms.Textarea(attrs={"rows": 28, "cols": 36})


def placeholder_help(kind: str) -> list[tuple[str, str, bool]]:
    """The placeholders a kind of letter may use: each as typed, what it fills in, and whether the
    letter must carry it."""
    required = REQUIRED_PLACEHOLDERS.get(kind, set())
    return [
        (placeholder(name), str(meaning), name in required)
        for name, meaning in PLACEHOLDERS.items()
        if name in ALLOWED_PLACEHOLDERS.get(kind, ())
    ]


@admin.register(LetterTemplate)
class LetterTemplateAdmin(HistoryAdmin):
    """One template per kind of letter: the English and the Chinese wording side by side, and the
    placeholders the kind may use listed above them."""

    list_display = ["kind", "subject_en", "subject_zh", "updated_at"]
    fieldsets = [
        (None, {"fields": ["kind"]}),
        (_("Subject"), {"fields": [("subject_en", "subject_zh")]}),
        (_("Letter"), {"fields": [("body_en", "body_zh")]}),
    ]
    actions = None

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in ("body_en", "body_zh"):
            kwargs["widget"] = LETTER_TEXT
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # A template is the wording of its kind: another kind is another template.
        return ["kind"] if obj is not None else []

    # Every kind of letter has its template from the first migration on, and needs its wording.
    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context["placeholder_help"] = placeholder_help(obj.kind)
        return super().render_change_form(request, context, add, change, form_url, obj)


def names_complainant(letter: Letter) -> bool:
    """A letter to the complainant: its address, subject and words say who they are."""
    return letter.kind != LetterKind.ENQUIRY


@admin.register(Letter)
class LetterAdmin(RetryingFailedDeliveries, StaffModelAdmin):
    """Every letter sent: what it said, to whom, and whether the e-mail went. Letters are written by
    the services; here they are only read. A letter to a complainant is read only by staff allowed to
    see identities, and each reading is recorded. A failed one is sent again with the "retry" button
    or action, through ``retry_letter``."""

    # The list fits beside its filters: the case or enquiry above the kind of letter, the subject
    # above the addresses, the delivery with its attempts and error.
    list_display = ["letter", "subject_and_recipients", "sent", "delivery"]
    list_filter = ["state", "kind", "language"]
    search_fields = ["case__reference", "message_id"]
    search_help_text = _("A case reference or a Message-ID.")
    date_hierarchy = "sent_at"
    actions = ["retry"]

    def get_queryset(self, request):
        # Whether this reader is shown identities is asked once, not for every row.
        return (
            super()
            .get_queryset(request)
            .select_related("case", "enquiry", "sent_by")
            .annotate(shows_identity=Value(can_see_identity(request.user)))
        )

    @admin.display(description=_("about"))
    def about(self, letter):
        return owner_link(letter.owner)

    @admin.display(description=_("letter"), ordering="-sent_at")
    def letter(self, letter):
        return format_html(
            '<span class="case-reference">{}</span><br><span class="case-title">{}</span>',
            letter.owner.reference,
            letter.get_kind_display(),
        )

    @admin.display(description=_("subject"))
    def subject_and_recipients(self, letter):
        if not _shows_words(letter):
            return gettext("To the complainant")
        return format_html('{}<br><span class="quiet">{}</span>', letter.subject, ", ".join(letter.recipients.split()))

    @admin.display(description=_("sent"), ordering="sent_at")
    def sent(self, letter):
        return date_format(timezone.localtime(letter.sent_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("delivery"), ordering="state")
    def delivery(self, letter):
        return delivery_html(letter)

    @admin.display(description=_("kept on the case as"))
    def copy_kept(self, letter):
        copies = [(reverse("document-download", args=[document.pk]), document) for document in letter.documents.all()]
        return format_html_join(", ", '<a href="{}">{}</a>', copies) if copies else EMPTY

    def get_object(self, request, object_id, from_field=None):
        letter = super().get_object(request, object_id, from_field)
        if letter is not None and not _shows_words(letter):
            # The admin names a letter by its subject (page titles, breadcrumbs, history), and a
            # subject may name the complainant; this letter is never saved from here.
            letter.subject = _name(letter)
        return letter

    def get_fieldsets(self, request, obj=None):
        delivery = ["state", "attempts", "last_error", "queued_at", "delivered_at", "message_id"]
        sent = ["kind", "about", "language", "sent_at", "sent_by", "reply_to", "copy_kept"]
        if obj is not None and not _shows_words(obj):
            return [(None, {"fields": sent}), (_("Delivery"), {"fields": delivery})]
        return [
            (None, {"fields": [*sent, "recipients", "subject", "body_text"]}),
            (_("Delivery"), {"fields": delivery}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [name for _title, options in self.get_fieldsets(request, obj) for name in options["fields"]]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    retry_words = {
        "sent_again": ngettext_lazy(
            "%(count)d letter will be sent again.", "%(count)d letters will be sent again.", "count"
        ),
        "left_alone": ngettext_lazy(
            "%(count)d letter had not failed and was left alone.",
            "%(count)d letters had not failed and were left alone.",
            "count",
        ),
        "title": _("Send this letter again"),
        "intro": _("It goes out at once, as it was written, to the addresses it was written to."),
        "not_failed": _("Only a letter that failed can be sent again; this one is “%(state)s”."),
        "done": _("The letter will be sent again."),
    }

    def retry_service(self, letter, *, by, now) -> None:
        services.retry_letter(letter, by=by, now=now)

    def retry_name(self, letter) -> str:
        return _name(letter)

    @admin.action(description=_("Send the selected failed letters again"), permissions=["retry"])
    def retry(self, request, queryset):
        self.retry_selected(request, queryset)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        listed = (getattr(response, "context_data", None) or {}).get("cl")
        return record_shown_identities(
            request, response, AccessContext.LETTER, identities_in(listed.result_list if listed else [])
        )

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        letter = (getattr(response, "context_data", None) or {}).get("original")
        return record_shown_identities(
            request, response, AccessContext.LETTER, identities_in([letter] if letter else [])
        )


def _name(letter: Letter) -> str:
    """The letter named by its kind and reference, never by a subject that may name the complainant."""
    return gettext("%(kind)s, %(case)s") % {"kind": letter.get_kind_display(), "case": letter.owner.reference}


def _shows_words(letter: Letter) -> bool:
    return letter.shows_identity or not names_complainant(letter)


def identities_in(letters) -> list[tuple[int, int]]:
    """What ``record_shown_identities`` takes for letters shown with their words: each one to a
    complainant names them."""
    return [
        (letter.case.complainant_id, letter.case_id)
        for letter in letters
        if letter.shows_identity and names_complainant(letter) and letter.case.complainant_id is not None
    ]
