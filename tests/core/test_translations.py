"""Dutch is complete: no empty or fuzzy entries, and the compiled file matches its source."""

from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "wegwijs/locale/nl/LC_MESSAGES/django.po"


def test_dutch_catalogue_has_no_empty_or_fuzzy_entries():
    catalogue = polib.pofile(str(PO))
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def test_compiled_catalogue_matches_its_source():
    def pairs(entries):
        return {
            (e.msgctxt, e.msgid, e.msgstr, tuple(sorted(e.msgstr_plural.items()))) for e in entries
        }

    source = polib.pofile(str(PO))
    compiled = polib.mofile(str(PO.with_suffix(".mo")))
    assert pairs(source.translated_entries()) == pairs(compiled)
