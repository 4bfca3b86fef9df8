"""The API's documentation pages load everything from this site: no CDN, no web fonts."""

from __future__ import annotations

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
URL = re.compile(r"""(?:https?:)?//[^\s"'<>)]+""")


@pytest.mark.parametrize("page", ["/api/docs/", "/api/redoc/"])
def test_the_docs_pages_reference_nothing_outside_the_site(page: str) -> None:
    # given
    client = Client()

    # when
    response = client.get(page)

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script" in html  # the page loads its viewer, from here
    outside = [u for u in URL.findall(html) if not u.startswith(("//testserver", "http://testserver"))]
    assert outside == [], outside
