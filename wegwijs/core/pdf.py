"""Rendering PDFs with WeasyPrint, fetching nothing from outside (SECURITY.md IO-03).

One implementation for every app (quotes, end reports, ...). The PDF is made from a template
like any page; its stylesheet is inlined, fonts come from the system, and the URL fetcher
refuses every URL that is not a ``data:`` URL or a file inside the project's own static
directory, so a template can never make the server fetch a remote address or read an
arbitrary file.

Import this module only where a PDF is made: WeasyPrint is heavy and logs while it loads.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.urls import URLFetcher

# WeasyPrint reports every rendering step at INFO; the application log needs none of it.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)

STATIC_DIR = (Path(settings.BASE_DIR) / "wegwijs" / "static").resolve()


class LocalOnlyURLFetcher(URLFetcher):
    """Fetches ``data:`` URLs and files under the project's static directory, nothing else."""

    def __init__(self):
        super().__init__(allowed_protocols={"data", "file"}, allow_redirects=False)

    def fetch(self, url, headers=None):
        scheme = url.split(":", 1)[0].lower()
        if scheme == "file":
            path = Path(unquote(urlsplit(url).path)).resolve()
            if not path.is_relative_to(STATIC_DIR):
                raise ValueError(f"Refused to fetch a file outside the static directory: {url}")
        elif scheme != "data":
            raise ValueError(f"Refused to fetch a non-local URL: {url}")
        return super().fetch(url, headers)


def html_to_pdf(html: str) -> bytes:
    """The PDF of ``html``, with only local resources."""
    return HTML(
        string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=LocalOnlyURLFetcher()
    ).write_pdf()


def render_pdf(template_name: str, context: dict, request=None) -> bytes:
    """Render ``template_name`` with ``context`` and return it as a PDF."""
    return html_to_pdf(render_to_string(template_name, context, request=request))
