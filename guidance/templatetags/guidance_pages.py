from django import template

register = template.Library()

# BCP 47 spells the script subtag with a capital, as screen readers and fonts expect.
HTML_LANGUAGES = {"zh-hant": "zh-Hant"}


@register.filter
def html_lang(language_code: str) -> str:
    """The ``lang`` attribute for a Django language code: "zh-hant" is "zh-Hant"."""
    return HTML_LANGUAGES.get(language_code, language_code)
