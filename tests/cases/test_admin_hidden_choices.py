"""Every admin form field that chooses a case, a complainant or anything of theirs offers and accepts
only what the user may see: posting the id of a hidden one is refused and stores nothing.

The forms and their fields are found from the admin's registry and the rendered pages, not listed
by hand, so a form or field added later is probed too.
"""

import pytest
from django.contrib import admin
from django.forms import ModelChoiceField, ModelMultipleChoiceField

from cases.models import Case, CaseEvent, Clock, Complainant, Document, IdentityAccess
from tests.helpers.html_forms import main_form_fields
from tests.helpers.pages import edit_details_page

pytestmark = pytest.mark.django_db

SECRET_MODELS = (Case, Complainant, Document, Clock, CaseEvent, IdentityAccess)


def _hidden_pk(model, restricted: Case):
    return {
        Case: restricted.pk,
        Complainant: restricted.complainant_id,
        Document: restricted.documents.values_list("pk", flat=True).first(),
        Clock: restricted.clocks.values_list("pk", flat=True).first(),
        CaseEvent: restricted.events.values_list("pk", flat=True).first(),
        IdentityAccess: IdentityAccess.objects.filter(case=restricted).values_list("pk", flat=True).first(),
    }[model]


def _choice_fields(context) -> dict[str, ModelChoiceField]:
    """The form's and its inline forms' fields that pick model rows, by the name they are posted under."""
    fields = dict(context["adminform"].form.fields)
    for inline in context.get("inline_admin_formsets", []):
        for form in inline.formset.forms:
            fields |= {form.add_prefix(name): field for name, field in form.fields.items()}
    return {name: field for name, field in fields.items() if isinstance(field, ModelChoiceField)}


def _snapshot(restricted: Case) -> dict:
    return {
        # Rendering a form again writes identity-access entries; nothing else may change.
        "counts": {
            model.__name__: model._default_manager.count() for model in SECRET_MODELS if model is not IdentityAccess
        },
        "links": {case.pk: sorted(case.related_cases.values_list("pk", flat=True)) for case in Case.objects.all()},
        "complainants": dict(Case.objects.values_list("pk", "complainant_id")),
        "restricted events": restricted.events.count(),
    }


def test_no_form_accepts_a_hidden_case_or_complainant(client, probe_world):
    colleague, restricted, normal = probe_world["colleague"], probe_world["restricted"], probe_world["normal"]
    client.force_login(colleague)
    probed = []

    for model in admin.site._registry:
        info = (model._meta.app_label, model._meta.model_name)
        own = normal if model is Case else model._default_manager.order_by("pk").first()
        pages = [f"/admin/{info[0]}/{info[1]}/add/"]
        if own is not None:
            pages.append(f"/admin/{info[0]}/{info[1]}/{own.pk}/change/")
        if model is Case:
            pages.append(edit_details_page(own))  # the case page reads the details; this is their form
        for page in pages:
            response = client.get(page)
            if response.status_code != 200 or "adminform" not in (response.context or {}):
                continue
            for name, field in _choice_fields(response.context).items():
                if field.queryset.model not in SECRET_MODELS:
                    continue
                hidden = _hidden_pk(field.queryset.model, restricted)
                assert not field.queryset.filter(pk=hidden).exists(), f"{page} offers a hidden row in {name}"
                data = {
                    **main_form_fields(response.content.decode()),
                    name: [hidden] if isinstance(field, ModelMultipleChoiceField) else hidden,
                }
                before = _snapshot(restricted)

                posted = client.post(page, data)

                assert _snapshot(restricted) == before, f"{page} stored {name}={hidden}"
                if name in response.context["adminform"].form.fields:
                    # The page's own form: shown again with the field refused.
                    assert posted.status_code == 200, f"{page} {name}: {posted.status_code}"
                    assert name in posted.context["adminform"].form.errors, f"{page} {name}"
                else:
                    # A row of an inline, identified only among the page's own rows: the form is shown again.
                    assert posted.status_code == 200, f"{page} {name}: {posted.status_code}"
                probed.append(f"{page} {name}")

    assert {
        "/admin/cases/case/add/ complainant",
        f"{edit_details_page(normal)} link_to",
        f"{edit_details_page(normal)} complainant",
    } <= set(probed)
