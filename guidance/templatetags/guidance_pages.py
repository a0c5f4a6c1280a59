from django import template

register = template.Library()

# BCP 47 spells the script subtag with a capital, as screen readers and fonts expect.
HTML_LANGUAGES = {"zh-hant": "zh-Hant"}


@register.filter
def html_lang(language_code: str) -> str:
    """The ``lang`` attribute for a Django language code: "zh-hant" is "zh-Hant"."""
    return HTML_LANGUAGES.get(language_code, language_code)


@register.filter
def in_page_language(values: dict[str, str], page_language: str) -> dict[str, str]:
    """A value written per language (``{"en": …, "zh-hant": …}``) in the page's language, else in
    another, with the ``lang`` to mark it by when it is not the page's."""
    language = (
        page_language if values.get(page_language) else next((code for code, value in values.items() if value), "")
    )
    return {"text": values.get(language, ""), "lang": "" if language in ("", page_language) else html_lang(language)}
