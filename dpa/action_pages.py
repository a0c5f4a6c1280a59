"""The page behind a button on an object's page (a case, an enquiry, a publication, ...): a form, a
service called with what it holds, and the service's refusal shown on the form."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse

from dpa.checked_admin import error_text

ACTION_TEMPLATE = "admin/action.html"


def show_refusal(form: Form, error: ValidationError | PermissionDenied) -> None:
    """A service's refusal on the field it names, or above the form."""
    if isinstance(error, PermissionDenied):
        form.add_error(None, error_text(error))
        return
    by_field = error.error_dict if hasattr(error, "error_dict") else {None: error.error_list}
    for field, field_errors in by_field.items():
        form.add_error(field if field in form.fields else None, field_errors)


def render_action_page(
    model_admin,
    request,
    obj,
    *,
    form: Form | None,
    title: str,
    object_url: str,
    template: str = ACTION_TEMPLATE,
    **context,
) -> TemplateResponse:
    """The page itself, in ``template`` (one that extends ``ACTION_TEMPLATE``)."""
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "object": obj,
        "object_name": getattr(obj, "reference", None) or str(obj),
        "object_url": object_url,
        "form": form,
        "title": title,
        **context,
    }
    return TemplateResponse(request, template, context)


def action_page(
    model_admin,
    request,
    obj,
    *,
    form: Form | None,
    title: str,
    apply: Callable[[dict], object],
    done: str,
    object_url: str,
    **context,
) -> TemplateResponse | HttpResponseRedirect:
    """Show the form; once posted and valid, call ``apply`` with its data and go back to the object
    with ``done`` said, or show the form again with the refusal. Without a form the page only says
    why the button cannot be used."""
    if form is not None and request.method == "POST" and form.is_valid():
        try:
            apply(form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            show_refusal(form, error)
        else:
            model_admin.message_user(request, done, messages.SUCCESS)
            return HttpResponseRedirect(object_url)
    return render_action_page(model_admin, request, obj, form=form, title=title, object_url=object_url, **context)
