"""Sending a failed letter or reminder again, from its list (an action) or from its own page (a
button), through the model's retry service. Mixed into the read-only admins of both."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext

from cases import permissions
from cases.admin.base import ACTION_TEMPLATE
from cases.forms import ConfirmForm
from cases.models import DeliveryState
from dpa.action_pages import action_page
from dpa.admin_base import change_url
from dpa.checked_admin import error_text


class RetryingFailedDeliveries:
    """A subclass names its service (``retry_service``) and its words (``retry_words``: the lazy
    texts "sent_again" and "left_alone" take a ``count``; "title", "intro", "not_failed" with a
    ``state``, and "done" are plain), and wraps ``retry_selected`` in an admin action ``retry``."""

    retry_words: dict = {}
    change_form_template = "admin/cases/retrying_change_form.html"

    def retry_service(self, obj, *, by, now) -> None:
        raise NotImplementedError

    def retry_name(self, obj) -> str:
        return str(obj)

    def has_change_permission(self, request, obj=None):
        # The list takes the "retry" action; a letter or reminder itself is never edited.
        return obj is None and self.has_retry_permission(request)

    def has_retry_permission(self, request) -> bool:
        return permissions.can_retry_delivery(request.user)

    def retry_selected(self, request, queryset) -> None:
        retried, refused = 0, []
        now = timezone.now()
        failed = list(queryset.filter(state=DeliveryState.FAILED))
        skipped = queryset.count() - len(failed)
        for obj in failed:
            try:
                self.retry_service(obj, by=request.user, now=now)
                retried += 1
            except (ValidationError, PermissionDenied) as error:
                refused.append(f"{self.retry_name(obj)}: {error_text(error)}")
        if retried:
            self.message_user(request, self.retry_words["sent_again"] % {"count": retried})
        if skipped:
            self.message_user(request, self.retry_words["left_alone"] % {"count": skipped})
        for line in refused:
            self.message_user(request, line, messages.ERROR)

    def get_urls(self):
        retry = self.admin_site.admin_view(self.retry_view)
        name = f"{self.opts.app_label}_{self.opts.model_name}_retry"
        return [path("<path:object_id>/retry/", retry, name=name), *super().get_urls()]

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["can_retry"] = (
            obj is not None and obj.state == DeliveryState.FAILED and self.has_retry_permission(request)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def retry_view(self, request, object_id):
        obj = self.get_visible_object_or_404(request, object_id)
        if not self.has_retry_permission(request):
            raise PermissionDenied
        failed = obj.state == DeliveryState.FAILED
        words = self.retry_words
        return action_page(
            self,
            request,
            obj,
            form=ConfirmForm(request.POST or None),
            title=str(words["title"]),
            intro=str(words["intro"]) if failed else str(words["not_failed"]) % {"state": obj.get_state_display()},
            submit_label=gettext("Send it again") if failed else None,
            apply=lambda data: self.retry_service(obj, by=request.user, now=timezone.now()),
            done=str(words["done"]),
            object_url=change_url(obj),
            object_name=self.retry_name(obj),
            template=ACTION_TEMPLATE,
        )
