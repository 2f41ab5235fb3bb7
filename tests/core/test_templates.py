"""Markup rules every template keeps (accessibility standard of the browser tests)."""

import re
from pathlib import Path

from django.conf import settings

TEMPLATES = list((Path(settings.BASE_DIR) / "wegwijs").rglob("*.html"))


def test_every_scrolling_table_can_be_reached_by_keyboard_and_has_a_name():
    """A table that scrolls sideways on a phone must be focusable and named (axe rule
    scrollable-region-focusable), also when it holds no link or button."""
    wrap = re.compile(r'<div class="table-wrap"([^>]*)>')
    for path in TEMPLATES:
        for attributes in wrap.findall(path.read_text(encoding="utf-8")):
            assert 'tabindex="0"' in attributes, path
            assert 'role="region"' in attributes, path
            assert "aria-label" in attributes, path
