"""Quotes as PDF: the one local-only WeasyPrint renderer lives in ``wegwijs.core.pdf``
(SECURITY.md IO-03); this module keeps the names the contracts app uses."""

from wegwijs.core.pdf import LocalOnlyURLFetcher, html_to_pdf

__all__ = ["LocalOnlyURLFetcher", "html_to_pdf"]
