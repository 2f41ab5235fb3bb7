import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("female")
    MALE = "male", _("male")
    X = "x", _("X (non-binary or other)")
    UNKNOWN = "unknown", _("unknown")


class InburgeringRegime(models.TextChoices):
    WI2013 = "wi2013", _("Civic Integration Act 2013")
    WI2021 = "wi2021", _("Civic Integration Act 2021")
    NOT_OBLIGED = "not_obliged", _("not obliged to integrate")
    EXEMPT = "exempt", _("exempt")
    UNKNOWN = "unknown", _("unknown")


# The Wet inburgering 2021 applies to whoever became obliged to integrate from this day on;
# everyone obliged before it stays under the Wet inburgering 2013 (facts.md §5).
WI2021_IN_FORCE = datetime.date(2022, 1, 1)
# Both acts give the inburgeringsplichtige three years (facts.md §5; DUO may extend it).
INBURGERING_TERM_YEARS = 3


class LearningRoute(models.TextChoices):
    """Learning routes of the Wet inburgering 2021 (facts.md §5); none under other regimes."""

    B1 = "b1", _("B1 route")
    ONDERWIJS = "onderwijs", _("education route")
    Z = "z", _("Z route (self-reliance)")


class AsylumDecision(models.TextChoices):
    """Where the person's asylum request stands (facts.md §7); the target groups of
    Ondersteuning Asielprocedure, Gezinshereniging and Next Step name it."""

    UNKNOWN = "", _("not recorded")
    NONE = "none", _("no asylum request")
    PENDING = "pending", _("no final decision yet")
    GRANTED = "granted", _("granted")
    FINALLY_REJECTED = "finally_rejected", _("finally rejected")


class ReceptionEntitlement(models.TextChoices):
    """Whether the person has a right to reception or housing (COA, municipality)."""

    UNKNOWN = "", _("not recorded")
    YES = "yes", _("has a right to reception or housing")
    NO = "no", _("no right to reception or housing")


class IndReferenceKind(models.TextChoices):
    V_NUMMER = "v_nummer", _("V-number")
    ZAAKNUMMER = "zaaknummer", _("IND case number")
    OTHER = "other", _("other reference")


class DossierRole(models.TextChoices):
    REFERENT = "referent", _("sponsor in the Netherlands")
    FAMILY_ABROAD = "family_abroad", _("family member abroad")
    OTHER = "other", _("other")


class HouseholdRelation(models.TextChoices):
    HEAD = "head", _("head of household")
    PARTNER = "partner", _("partner")
    CHILD = "child", _("child")
    PARENT = "parent", _("parent")
    SIBLING = "sibling", _("brother or sister")
    OTHER = "other", _("other")


class ConsentPurpose(models.TextChoices):
    SHARE_MUNICIPALITY = "share_municipality", _("share data with the municipality")
    SHARE_COA = "share_coa", _("share data with COA")
    SHARE_CARE = "share_care", _("share data with a care provider")
    SHARE_OTHER = "share_other", _("share data with another organisation")
    SATISFACTION_SURVEY = "survey", _("take part in the satisfaction questionnaire")
    OTHER = "other", _("other purpose")


class LegalBasis(models.TextChoices):
    """The six grounds of AVG art. 6(1)."""

    CONSENT = "consent", _("consent")
    CONTRACT = "contract", _("contract")
    LEGAL_OBLIGATION = "legal_obligation", _("legal obligation")
    VITAL_INTEREST = "vital_interest", _("vital interest")
    PUBLIC_TASK = "public_task", _("public task")
    LEGITIMATE_INTEREST = "legitimate_interest", _("legitimate interest")


class DuplicateSignalStatus(models.TextChoices):
    OPEN = "open", _("open")
    RESOLVED = "resolved", _("resolved")


class DuplicateOutcome(models.TextChoices):
    """How the side that holds the matching file settled a duplicate signal."""

    SAME_PERSON = "same_person", _("the same person: the files are brought together")
    DIFFERENT_PERSONS = "different", _("different persons")
