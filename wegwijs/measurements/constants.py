from django.db import models
from django.utils.translation import gettext_lazy as _

LEVELS = (1, 2, 3, 4, 5)
RUNGS = (1, 2, 3, 4, 5, 6)
NOTE_MAX = 300


class MeasurementKind(models.TextChoices):
    NUL = "nul", _("baseline measurement (nulmeting)")
    TUSSEN = "tussen", _("interim measurement (tussenmeting)")
    EIND = "eind", _("final measurement (eindmeting)")
