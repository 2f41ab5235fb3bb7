from django.db import models
from django.utils.translation import gettext_lazy as _


class ContractStatus(models.TextChoices):
    """concept -> offered -> signed -> closed; lines change only while concept."""

    CONCEPT = "concept", _("draft")
    OFFERED = "offered", _("offered")
    SIGNED = "signed", _("signed")
    CLOSED = "closed", _("closed")


class PriceBasis(models.TextChoices):
    """Where the unit price of a contract line comes from."""

    GUIDE = "guide", _("guide price")
    GUIDE_SURCHARGE = "guide_surcharge", _("guide price + surcharge")
    AGREED = "agreed", _("agreed price")
    ON_REQUEST = "on_request", _("on request, no price agreed yet")
