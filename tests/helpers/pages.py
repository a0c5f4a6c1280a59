"""Pages of the staff admin as the tests read them: a case's URLs, what the case form posts, the
messages and text of a response, and the queries a page costs."""

import re
from html import unescape

from django.contrib.messages import get_messages
from django.db import connection

# English names of weekdays and months, which a page in Chinese must not show.
ENGLISH_DATE_WORDS = re.compile(r"\b(Mon|Tue|Wed|Thu|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\b")


def case_page(case) -> str:
    return f"/admin/cases/case/{case.pk}/change/"


def edit_details_page(case) -> str:
    """The case page with its details open as a form ("Edit details")."""
    return f"/admin/cases/case/{case.pk}/change/?edit=details"


def add_document_page(case) -> str:
    return f"/admin/cases/case/{case.pk}/documents/add/"


def timeline_page(case) -> str:
    return f"/admin/cases/case/{case.pk}/timeline/"


def case_change_form(case) -> dict:
    """What the case's details form posts when nothing on it is changed."""
    return {
        "title": case.title,
        "description": case.description,
        "channel": case.channel,
        "language": case.language,
        "received_on": case.received_on.isoformat(),
        "organisation": case.organisation_id or "",
        "complainant": case.complainant_id or "",
        "team": "",
        "confidentiality": case.confidentiality,
    }


def messages_of(response) -> list[str]:
    """The messages the request left for the next page."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def text_of(html: str) -> str:
    """What a reader sees of some HTML: no scripts, styles or tags, entities read, white space folded."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# How a long list is counted (dpa.counting): on PostgreSQL the planner's estimate is asked first, and
# a list it expects to be short is then counted exactly; elsewhere it is counted exactly at once.
COUNTING_QUERIES = 2 if connection.vendor == "postgresql" else 1


def get_within_budget(client, url: str, queries: int, django_assert_num_queries):
    """GET the page and check that it costs exactly ``queries`` queries; returns the response."""
    # A first request fills per-process caches (content types) that earlier tests may or may not
    # have filled; the budget is for the page as every later visitor gets it.
    assert client.get(url).status_code == 200
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    return response
