"""The buttons of a publication's page: who may use each and when the publication's state allows it,
and the page behind each, where a form's data goes to one service."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from dpa.action_pages import action_page
from dpa.admin_base import change_url
from guidance import services
from guidance.admin.display import local_time
from guidance.admin_forms import (
    ArchiveNoteForm,
    AttachmentForm,
    ChangeNoteForm,
    ConfirmForm,
    NoteForm,
    ScheduleForm,
    SupersedeForm,
)
from guidance.models import SOURCE_LANGUAGE, Status

ACTION_TEMPLATE = "admin/guidance/publication/action.html"


def _posted(request):
    return request.POST if request.method == "POST" else None


def _status_is(status: str, refusal: str) -> Callable:
    return lambda publication, user: None if publication.status == status else refusal


def refusal_to_publish(publication, user) -> str | None:
    """Why ``user`` cannot publish or schedule the publication now, or None."""
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
            "when": local_time(publication.scheduled_for)
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
        Button("publish", _("Publish"), services.PUBLISHER_PERMISSION, refusal_to_publish),
        Button("schedule", _("Schedule"), services.PUBLISHER_PERMISSION, refusal_to_publish),
        Button("archive", _("Archive"), services.PUBLISHER_PERMISSION, _live),
        Button("supersede", _("Supersede"), services.PUBLISHER_PERMISSION, _live),
        Button("attach", _("Add a file"), services.AUTHOR_PERMISSION),
        Button("approve", _("Approve the translation"), services.AUTHOR_PERMISSION, _translation_behind),
    ]
}
# Shown among the page's tools; approving a translation is offered beside the translation.
TOOLS = ["submit", "return", "publish", "schedule", "archive", "supersede", "attach"]


class PublicationButtons:
    """The pages behind a publication's buttons. Mixed into ``PublicationAdmin``."""

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
                publication,
                change_note=data["change_note"],
                change_note_zh_hant=data["change_note_zh_hant"],
                by=request.user,
                now=timezone.now(),
            ),
            done=gettext("%(publication)s published."),
        )

    def schedule_view(self, request, object_id):
        return self._button_page(
            request,
            object_id,
            "schedule",
            form_for=lambda publication: ScheduleForm(_posted(request)),
            intro=gettext(
                "The version is approved now and the public sees it from the time given; until then they see "
                "what they see now."
            ),
            apply=lambda publication, data: services.schedule(
                publication,
                at=data["at"],
                change_note=data["change_note"],
                change_note_zh_hant=data["change_note_zh_hant"],
                by=request.user,
                now=timezone.now(),
            ),
            done=gettext("%(publication)s scheduled."),
        )

    def archive_view(self, request, object_id):
        return self._button_page(
            request,
            object_id,
            "archive",
            form_for=lambda publication: ArchiveNoteForm(_posted(request)),
            intro=gettext("Archiving takes it out of the index and the feed; its page stays, saying it is archived."),
            apply=lambda publication, data: services.archive(
                publication, note=data["note"], note_zh_hant=data["note_zh_hant"], by=request.user, now=timezone.now()
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
                publication,
                successor=data["successor"],
                note=data["note"],
                note_zh_hant=data["note_zh_hant"],
                by=request.user,
                now=timezone.now(),
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
