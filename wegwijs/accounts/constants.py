from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BEHEERDER = "beheerder", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    VRIJWILLIGER = "vrijwilliger", _("Volunteer")
    FINANCE = "financieel", _("Finance officer")
    GEMEENTECONTACT = "gemeentecontact", _("Municipal contact")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")
