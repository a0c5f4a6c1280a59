"""The form renderer writes inputs, selects, labels and empty error lists in Python
(``dpa.form_renderer``): every admin page, and every case of those templates, comes out character
for character as Django's own templates write it."""

import re
from io import StringIO

import pytest
from django import forms
from django.core.management import call_command
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.utils.functional import cached_property, lazy
from django.utils.safestring import mark_safe

from dpa.form_renderer import DJANGO_FORM_TEMPLATES, WRITTEN, FormRenderer
from tests.helpers.admin_urls import admin_pages

pytestmark = pytest.mark.django_db

DJANGO = "django.forms.renderers.DjangoTemplates"
OURS = "dpa.form_renderer.FormRenderer"
CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


def _rendered_by(settings, renderer: str, show):
    settings.FORM_RENDERER = renderer
    get_default_renderer.cache_clear()
    try:
        return show()
    finally:
        get_default_renderer.cache_clear()


def test_every_admin_page_is_the_same_as_django_s_templates_write_it(client, settings, superuser):
    settings.DEBUG = True  # the demo's logins
    call_command("load_demo", stdout=StringIO())
    settings.DEBUG = False
    client.force_login(superuser)

    def page(url):
        response = client.get(url)
        if response.streaming:  # a download, with no form
            return response.status_code, None
        return response.status_code, CSRF_TOKEN.sub("", response.content.decode())

    pages = admin_pages()
    # The case page reads a case's details; "Edit details" opens them as a form.
    pages += [(name, f"{url}?edit=details") for name, url in pages if name == "cases_case_change"]
    compared = 0
    for _name, url in pages:
        ours = _rendered_by(settings, OURS, lambda url=url: page(url))
        if ours[0] != 200 or ours[1] is None:
            continue
        assert ours == _rendered_by(settings, DJANGO, lambda url=url: page(url)), url
        compared += 1
    assert compared > 100, compared


class _Everything(forms.Form):
    """Each template written in Python, with values that need escaping, lazy and safe labels,
    attributes that are true, false and empty, groups of options and an empty choice."""

    name = forms.CharField(label=lazy(lambda: 'Name <"quoted"> & more', str)(), initial="O'Brien <b>")
    hidden = forms.CharField(widget=forms.HiddenInput, initial=None)
    number = forms.IntegerField(widget=forms.NumberInput(attrs={"min": 0, "step": None, "disabled": True}))
    agreed = forms.BooleanField(label=mark_safe("I <em>agree</em>"), required=False, initial=True)
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"autofocus": False}))
    note = forms.CharField(widget=forms.Textarea, initial='Line one\nLine "two" <i>')
    empty_note = forms.CharField(widget=forms.Textarea, required=False)
    channel = forms.ChoiceField(choices=[("", "---------"), ("a&b", "A & B"), ("c", mark_safe("<b>C</b>"))])
    grouped = forms.MultipleChoiceField(
        choices=[("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")], initial=["y", "z"], required=False
    )
    when = forms.DateField(widget=forms.DateInput(attrs={"type": "date"}))
    radio = forms.ChoiceField(choices=[("1", "One"), ("2", "Two")], widget=forms.RadioSelect)


@pytest.mark.parametrize("data", [None, {"name": "", "number": "x", "channel": "nope"}], ids=["unbound", "errors"])
def test_each_written_template_writes_what_django_s_template_writes(data):
    def whole_form(renderer):
        form = _Everything(data, renderer=renderer)
        return [str(form), *(f"{field.label_tag()}{field}{field.errors}" for field in form)]

    assert whole_form(FormRenderer()) == whole_form(DjangoTemplates())


def test_a_select_whose_options_have_a_template_of_their_own_is_left_to_it():
    class Ticked(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    def shown(renderer):
        form = forms.Form(renderer=renderer)
        form.fields["ticked"] = forms.ChoiceField(choices=[("a", "A")], widget=Ticked)
        return str(form["ticked"])

    assert shown(FormRenderer()) == shown(DjangoTemplates())
    assert "<input" in shown(FormRenderer())


def test_every_template_written_in_python_is_django_s_own_here():
    assert set(FormRenderer().written) == set(WRITTEN)


def test_a_template_an_app_overrides_is_rendered_from_its_file(tmp_path):
    (tmp_path / "django" / "forms").mkdir(parents=True)
    (tmp_path / "django" / "forms" / "label.html").write_text("<span>{{ label }}</span>")

    class Overridden(FormRenderer):
        @cached_property
        def engine(self):
            return self.backend(
                {"APP_DIRS": True, "DIRS": [tmp_path, DJANGO_FORM_TEMPLATES], "NAME": "overridden", "OPTIONS": {}}
            )

    form = forms.Form(renderer=Overridden())
    form.fields["name"] = forms.CharField(label="Name")

    assert "django/forms/label.html" not in form.renderer.written
    assert form["name"].label_tag() == "<span>Name:</span>"
