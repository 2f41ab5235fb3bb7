from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    BEHEERDER = "beheerder", _("Administrator")
    COORDINATOR = "coordinator", _("Coordinator")
    VRIJWILLIGER = "vrijwilliger", _("Volunteer")
    FINANCE = "financieel", _("Finance officer")
    GEMEENTECONTACT = "gemeentecontact", _("Municipal contact")
    PRIVACY_OFFICER = "privacy_officer", _("Privacy officer")


class AccountChangeKind(models.TextChoices):
    """Changes to an account that take effect only when a second person approves them."""

    ROLE = "role", _("role change")
    ACTIVATE = "activate", _("enabling the account")
    RESET_SECOND_FACTOR = "reset_second_factor", _("second factor reset")


class AccountChangeStatus(models.TextChoices):
    PENDING = "pending", _("waiting for approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
