"""A missing page answers 404 with a page of the site that helps the reader on, in their language."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("path", "heading", "index"),
    [
        ("/en/guidance/no-such-publication/", "Page not found", "/en/guidance/"),
        ("/zh-hant/guidance/no-such-publication/", "找不到網頁", "/zh-hant/guidance/"),
    ],
)
def test_a_missing_publication_is_a_404_page_that_links_to_the_index(client, path, heading, index):
    response = client.get(path)

    assert response.status_code == 404
    page = response.content.decode()
    assert f"<h1>{heading}</h1>" in page
    assert f'href="{index}"' in page
