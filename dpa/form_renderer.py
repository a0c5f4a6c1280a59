"""Django's form renderer, with its most used templates written out in Python.

A staff page renders a template for every input, select option, label and (empty) error list on
it: on a case page about a hundred, each with the template engine's fixed cost, a sixth of the
page's time. The HTML written here is character for character what Django's own templates
write (tests/dpa/test_form_renderer.py compares the two on every admin form), and a template
that an installed app overrides is rendered from its file as usual."""

from pathlib import Path

from django.forms import renderers
from django.utils.functional import cached_property
from django.utils.html import conditional_escape

DJANGO_FORM_TEMPLATES = Path(renderers.__file__).parent / "templates"
OPTION_TEMPLATE = "django/forms/widgets/select_option.html"


def _attrs(attrs: dict | None) -> str:
    """django/forms/widgets/attrs.html and django/forms/attrs.html (a label may have None)."""
    return "".join(
        f" {conditional_escape(name)}"
        if value is True
        else f' {conditional_escape(name)}="{conditional_escape(str(value))}"'
        for name, value in (attrs or {}).items()
        if value is not False
    )


def _input(context) -> str:
    widget = context["widget"]
    value = "" if widget["value"] is None else f' value="{conditional_escape(str(widget["value"]))}"'
    return (
        f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
        f"{value}{_attrs(widget['attrs'])}>"
    )


def _textarea(context) -> str:
    widget = context["widget"]
    value = conditional_escape(widget["value"]) if widget["value"] else ""
    return f'<textarea name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>\n{value}</textarea>'


def _select(context) -> str | None:
    """None if an option has a template of its own."""
    widget = context["widget"]
    html = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{conditional_escape(group_name)}">')
        for option in options:
            if option["template_name"] != OPTION_TEMPLATE:
                return None
            html.append(
                f'\n  <option value="{conditional_escape(str(option["value"]))}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(option['label'])}</option>\n"
            )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


def _label(context) -> str:
    if not context["use_tag"]:
        return conditional_escape(context["label"])
    tag = conditional_escape(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{conditional_escape(context['label'])}</{tag}>"


def _error_list(context) -> str | None:
    """Only the empty list, which every field on a page has."""
    return None if context["errors"] else ""


# input.html, and each template that is input.html included whole.
INPUTS = [
    "checkbox",
    "color",
    "date",
    "datetime",
    "email",
    "file",
    "hidden",
    "input",
    "number",
    "password",
    "search",
    "tel",
    "text",
    "time",
    "url",
]
WRITTEN = {
    **{f"django/forms/widgets/{name}.html": _input for name in INPUTS},
    "django/forms/widgets/textarea.html": _textarea,
    "django/forms/widgets/select.html": _select,
    "django/forms/label.html": _label,
    "django/forms/errors/list/default.html": _error_list,
}


class FormRenderer(renderers.DjangoTemplates):
    @cached_property
    def written(self) -> dict:
        """The templates written here that this renderer would read from Django's own files: an
        installed app may override one, and then its file is rendered."""
        return {
            name: write
            for name, write in WRITTEN.items()
            if Path(self.engine.get_template(name).origin.name).is_relative_to(DJANGO_FORM_TEMPLATES)
        }

    def render(self, template_name, context, request=None):
        write = self.written.get(template_name)
        html = write(context) if write is not None else None
        if html is None:
            return super().render(template_name, context, request)
        return html
