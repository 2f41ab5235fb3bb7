"""The site serves its own icon, so browsers show it and ask no third party."""

import re

import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_every_page_links_the_favicon_served_by_the_app(client):
    html = client.get(reverse("accounts:login")).content.decode()
    match = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert match, "no favicon link"
    href = match.group(1)
    assert href.startswith("/static/")
    response = client.get(href)
    assert response.status_code == 200
    assert b"<svg" in b"".join(response.streaming_content)
