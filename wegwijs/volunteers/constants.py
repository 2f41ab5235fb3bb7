from django.db import models
from django.utils.translation import gettext_lazy as _


class VolunteerStatus(models.TextChoices):
    APPLICANT = "applicant", _("applicant")
    IN_TRAINING = "in_training", _("in training")
    ACTIVE = "active", _("active")
    PAUSED = "paused", _("paused")
    LEFT = "left", _("left")


# Statuses a new profile can start in; pausing and leaving are changes of a running profile.
START_STATUSES = (VolunteerStatus.APPLICANT, VolunteerStatus.IN_TRAINING, VolunteerStatus.ACTIVE)


class SupervisionKind(models.TextChoices):
    INTERVISIE = "intervisie", _("peer supervision (intervisie)")
    WERKBEGELEIDING = "werkbegeleiding", _("work supervision (werkbegeleiding)")


class LanguageLevel(models.TextChoices):
    BASIC = "basic", _("basic")
    GOOD = "good", _("good")
    NATIVE = "native", _("native")


DAYS = [
    ("mon", _("Monday")),
    ("tue", _("Tuesday")),
    ("wed", _("Wednesday")),
    ("thu", _("Thursday")),
    ("fri", _("Friday")),
    ("sat", _("Saturday")),
    ("sun", _("Sunday")),
]
PARTS = [("morning", _("morning")), ("afternoon", _("afternoon")), ("evening", _("evening"))]
# The fixed list an availability may contain: "mon_morning" ... "sun_evening".
DAY_PARTS = [f"{day}_{part}" for day, _day in DAYS for part, _part in PARTS]
