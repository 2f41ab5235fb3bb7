from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryForm(models.TextChoices):
    DESK = "desk", _("Desk (information and advice point)")
    TRAJECTORY = "trajectory", _("Individual trajectory")
    GROUP = "group", _("Group activity")
    GROUP_WITH_COACHING = "group_with_coaching", _("Group with individual coaching")


class Methodology(models.TextChoices):
    HADAE = "HADAE", "HADAE"
    CODAE = "CODAE", "CODAE"


class UnitKind(models.TextChoices):
    """What one unit of a tariff counts; the wording on a quote comes from ``Unit.name``."""

    YEAR = "year", _("year of basic opening")
    WEEKLY_HOUR_YEAR = "weekly_hour_year", _("extra weekly hour per year")
    PLACEMENT = "placement", _("placement")
    DOSSIER = "dossier", _("IND dossier")
    DOSSIER_MONTH = "dossier_month", _("month per IND dossier")
    TRAJECTORY_ADULT = "trajectory_adult", _("trajectory per adult")
    TRAJECTORY_YOUNG_PERSON = "trajectory_young_person", _("trajectory per young person")
    TRAJECTORY = "trajectory", _("trajectory")
    PERSON_MODULE = "person_module", _("person per group module")
    GROUP_YEAR = "group_year", _("group per year")
    GROUP_SESSION = "group_session", _("group session")
    GROUP_PROGRAMME = "group_programme", _("group programme")
    ON_REQUEST = "on_request", _("on request")


class Rounding(models.TextChoices):
    WHOLE_EUROS = "euro", _("whole euros")
    CENTS = "cent", _("cents")
    FIVE_EUROS = "5euro", _("multiples of five euros")


class BasicService(models.TextChoices):
    """The foundation's basic services in a municipality; without them guide prices carry the
    price list's surcharge (prijsoverzicht 2019)."""

    INFORMATION_POINT = "information_point", _("information-and-advice point")
    SETTLEMENT_COACHING = "settlement_coaching", _("settlement coaching")
