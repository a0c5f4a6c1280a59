"""What the case screens share beyond ``dpa.admin_base``: links to a clock's or a letter's owner,
saving through services, inline rows kept to their object, and the template of a button's page."""

from django.contrib import messages
from django.contrib.admin.options import IS_POPUP_VAR
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponseRedirect
from django.utils.html import format_html
from django.utils.safestring import SafeString

from dpa.admin_base import change_url
from dpa.checked_admin import error_text

# A button's page on a case, an enquiry, a letter, a reminder or the reminder policy, with a letter's
# preview where there is one.
ACTION_TEMPLATE = "admin/cases/action.html"


def owner_link(owner) -> SafeString:
    """A link to the page of a case or an enquiry (the owner of a clock or a letter), named by its reference."""
    return format_html('<a href="{}">{}</a>', change_url(owner), owner.reference)


class SavedThroughServices:
    """For an admin whose saving calls services: a refusal the form could not foresee is said on the
    page reloaded, and a new object opens on its own page, where it is worked on next. Mixed in before
    ``HistoryAdmin``; ``added_message(obj)`` says what was made."""

    def added_message(self, obj) -> str:
        raise NotImplementedError

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            # The transaction is rolled back and nothing is saved. A refused permission is not
            # caught: it answers 403.
            self.message_user(request, error_text(error), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())

    def response_add(self, request, obj, post_url_continue=None):
        if "_addanother" in request.POST or IS_POPUP_VAR in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, self.added_message(obj), messages.SUCCESS)
        return HttpResponseRedirect(change_url(obj))


class OwnRowsFormSet(BaseInlineFormSet):
    """An inline's rows are identified only among the rows of the object on the page."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        row_id = form.fields.get(self._pk_field.name)
        if isinstance(row_id, ModelChoiceField):
            row_id.queryset = self.get_queryset()
