from django.db import models
from django.utils.translation import gettext_lazy as _


class TrajectoryStatus(models.TextChoices):
    """aangemeld -> intake -> actief -> afgesloten (closing is possible from every state)."""

    REGISTERED = "aangemeld", _("registered")
    INTAKE = "intake", _("intake")
    ACTIVE = "actief", _("active")
    CLOSED = "afgesloten", _("closed")


NEXT_STATUS = {
    TrajectoryStatus.REGISTERED: TrajectoryStatus.INTAKE,
    TrajectoryStatus.INTAKE: TrajectoryStatus.ACTIVE,
}


class AssignmentRole(models.TextChoices):
    COACH = "coach", _("coach")
    TAALCOACH = "taalcoach", _("language coach")
    MAATJE = "maatje", _("buddy")
    LEGAL = "juridisch", _("legal volunteer")
    HOUSING = "woonbegeleider", _("housing volunteer")


class Anchor(models.TextChoices):
    """The date a checklist item or milestone is counted from."""

    START = "start", _("start of the trajectory")
    SETTLED = "settled_on", _("settlement in the municipality")
    ARRIVED = "arrived_on", _("arrival in the Netherlands")
    PERMIT = "permit_start", _("start of the residence permit")
    PERMIT_GRANTED = "permit_granted_on", _("decision granting the residence permit")
    KEY_DATE = "key_date", _("key handover")
    ARRIVAL = "arrival_date", _("arrival in the home (resettlement)")
    # For an item no source gives a term for: it has no due date at all.
    NONE = "none", _("no due date")


class ItemKind(models.TextChoices):
    CHECKLIST = "checklist", _("checklist item")
    MILESTONE = "milestone", _("milestone")


class OutcomeDate(models.TextChoices):
    """Outcome dates a checklist item can stand for: done on that date is the outcome."""

    APPLICATION = "application_date", _("application date")
    PARTICIPATION_DECLARATION = (
        "participation_declaration_signed_on",
        _("participation declaration signed on"),
    )


class ContactForm(models.TextChoices):
    FACE_TO_FACE = "face_to_face", _("face to face")
    PHONE = "phone", _("phone")
    HOME_VISIT = "home_visit", _("home visit")
    VIDEO = "video", _("video call")
    GROUP = "group", _("group")


class HoursCapacity(models.TextChoices):
    """In which capacity hours were given: fixed from the author's role when registered, so
    volunteer hours and professional hours are never added up together."""

    VOLUNTEER = "volunteer", _("volunteer")
    PROFESSIONAL = "professional", _("professional")


class HoursActivity(models.TextChoices):
    CLIENT = "client", _("with or for a client")
    TRAVEL = "travel", _("travel")
    PREPARATION = "preparation", _("preparation")
    GROUP = "group", _("group or class")
    DESK = "desk", _("information desk")
    TRAINING = "training", _("training or supervision")
    OTHER = "other", _("other")


class SensitiveKind(models.TextChoices):
    VVA = "vva", _("VluchtVerhaalAnalyse")
    LEGAL_ACTION_PLAN = "legal_action_plan", _("legal action plan")


class GoalStatus(models.TextChoices):
    OPEN = "open", _("open")
    ACHIEVED = "achieved", _("achieved")
    PARTLY = "partly", _("partly achieved")
    NOT_ACHIEVED = "not_achieved", _("not achieved")


class EvaluationKind(models.TextChoices):
    PERIODIC = "periodic", _("periodic evaluation")
    FINAL = "final", _("final evaluation")


class IndOutcome(models.TextChoices):
    PERMIT = "verblijfsvergunning", _("residence permit")
    REFUSED = "afgewezen", _("refused")
    RETURN = "terugkeer", _("return")
    ONWARD = "doorgemigreerd", _("onward migration")
    NEW_APPLICATION = "nieuwe_aanvraag", _("new application")
    UNKNOWN = "onbekend", _("unknown")


class FamilyOutcome(models.TextChoices):
    ARRIVED = "arrived", _("family arrived")
    REFUSED = "refused", _("refused")
    WITHDRAWN = "withdrawn", _("withdrawn")


class Outflow(models.TextChoices):
    INTERNSHIP = "stage", _("internship (stage)")
    VOLUNTEERING = "vrijwilligerswerk", _("volunteer work")
    PAID_WORK = "betaald_werk", _("paid work")
    EDUCATION = "opleiding", _("education")
    NONE = "geen", _("none")
