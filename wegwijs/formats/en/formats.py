"""English pages show dates as in the United Kingdom: day, month, year (4 December 2026,
04/12/2026), never the American month first. Django's own en_GB formats, used for "en"."""

from django.conf.locale.en_GB.formats import *  # noqa: F403

# The month in full, as the Dutch pages write it ("4 December 2026", "4 december 2026").
DATE_FORMAT = "j F Y"
