"""The target-group rules of the product cards, checked before a trajectory is opened.

A product's ``eligibility`` is a list of rules from the catalogue (data). Rules the registry
can decide from what the client file records are enforced here (age, residence permit, asylum
decision, reception, ex-AMV, living alone, an earlier trajectory); the others
(``recently_settled``, ``civic_integration_obligation``, ...) describe the target group and
are shown at intake for the worker to check, so they are never silently assumed. A refusal
under a rule in ``OVERRIDABLE`` may be set aside by a coördinator with a recorded reason.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijs.clients.constants import ReceptionEntitlement
from wegwijs.clients.models import add_years
from wegwijs.core.periods import add_months


def _age_on(born: datetime.date, day: datetime.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def check_min_age(rule: dict, *, person, product, start_date) -> str | None:
    years = int(rule.get("years", 18))
    if _age_on(person.date_of_birth, start_date) < years:
        return _("%(product)s is only for clients of %(years)s or older on the start date.") % {
            "product": product.name,
            "years": years,
        }
    return None


def check_no_recent_trajectory(rule: dict, *, person, product, start_date) -> str | None:
    from wegwijs.trajectories.models import Trajectory

    months = rule.get("months", 6)
    since = add_months(start_date, -months)
    earlier = (
        Trajectory.objects.filter(person=person, product__code=rule["product"])
        .filter(Q(end_date__isnull=True) | Q(end_date__gt=since))
        .select_related("product")
        .order_by("-start_date")
        .first()
    )
    if earlier is None:
        return None
    if earlier.end_date is None:
        return _("%(product)s is not possible: this client has a running %(other)s trajectory.") % {
            "product": product.name,
            "other": earlier.product.name,
        }
    return _(
        "%(product)s is not possible: this client's %(other)s trajectory ended on %(ended)s, "
        "less than %(months)s months before the start date."
    ) % {
        "product": product.name,
        "other": earlier.product.name,
        "ended": formats.date_format(earlier.end_date, "SHORT_DATE_FORMAT"),
        "months": months,
    }


def _permit_valid_until(person) -> datetime.date | None:
    """The recorded end of the permit, or its start plus the kind's usual duration; None when
    neither is known (an indefinite permit, or dates not recorded)."""
    if person.permit_end:
        return person.permit_end
    years = person.permit_kind.default_duration_years
    if person.permit_start and years:
        return add_years(person.permit_start, years)
    return None


def holds_residence_permit(person, on: datetime.date) -> bool:
    """The client file records a residence permit (not a W document) not expired on ``on``."""
    kind = person.permit_kind
    if kind is None or not kind.grants_residence:
        return False
    until = _permit_valid_until(person)
    return until is None or until >= on


def check_residence_permit(rule: dict, *, person, product, start_date) -> str | None:
    kind = person.permit_kind
    if kind is None or not kind.grants_residence:
        return _(
            "%(product)s is for residence permit holders, and the client file records no "
            "residence permit."
        ) % {"product": product.name}
    if not holds_residence_permit(person, start_date):
        return _(
            "%(product)s is for residence permit holders, and the permit the client file records "
            "has expired by the start date."
        ) % {"product": product.name}
    return None


def check_no_asylum_permit(rule: dict, *, person, product, start_date) -> str | None:
    kind = person.permit_kind
    if kind is not None and kind.asylum and holds_residence_permit(person, start_date):
        return _(
            "%(product)s is not for holders of an asylum permit, and the client file records one."
        ) % {"product": product.name}
    return None


def check_asylum_decision(rule: dict, *, person, product, start_date) -> str | None:
    wanted = rule.get("value")
    if person.asylum_decision == wanted:
        return None
    if not person.asylum_decision:
        return _(
            "%(product)s is for clients whose asylum request: %(wanted)s. The client file "
            "does not record where the asylum request stands."
        ) % {"product": product.name, "wanted": describe(rule)}
    return _(
        "%(product)s is for clients whose asylum request: %(wanted)s. The client file "
        "records: %(recorded)s."
    ) % {
        "product": product.name,
        "wanted": describe(rule),
        "recorded": person.get_asylum_decision_display(),
    }


def check_no_reception_entitlement(rule: dict, *, person, product, start_date) -> str | None:
    if person.reception_entitlement == ReceptionEntitlement.NO:
        return None
    if person.reception_entitlement == ReceptionEntitlement.YES:
        return _(
            "%(product)s is for clients without a right to reception or housing, and the "
            "client file records such a right."
        ) % {"product": product.name}
    return _(
        "%(product)s is for clients without a right to reception or housing; the client file "
        "does not record whether this client has one."
    ) % {"product": product.name}


def check_former_unaccompanied_minor(rule: dict, *, person, product, start_date) -> str | None:
    if person.former_unaccompanied_minor:
        return None
    return _(
        "%(product)s is for former unaccompanied minors (ex-AMV), and the client file does not "
        "record this client as one."
    ) % {"product": product.name}


def check_lives_alone(rule: dict, *, person, product, start_date) -> str | None:
    if person.lives_alone:
        return None
    return _(
        "%(product)s is for young people who live alone, and the client file does not record "
        "that this client does."
    ) % {"product": product.name}


CHECKERS: dict[str, Callable[..., str | None]] = {
    "min_age": check_min_age,
    "no_recent_trajectory": check_no_recent_trajectory,
    "requires_residence_permit": check_residence_permit,
    "no_asylum_permit": check_no_asylum_permit,
    "asylum_decision": check_asylum_decision,
    "no_reception_entitlement": check_no_reception_entitlement,
    "former_unaccompanied_minor": check_former_unaccompanied_minor,
    "lives_alone": check_lives_alone,
}

# Rules a coördinator may set aside when opening a trajectory, with a recorded reason (the
# permit is expected, the IND decision is on its way); every other rule refuses outright.
OVERRIDABLE = frozenset({"requires_residence_permit"})


@dataclass(frozen=True)
class Refusal:
    rule: str
    message: str

    @property
    def overridable(self) -> bool:
        return self.rule in OVERRIDABLE


def assess(*, person, product, start_date) -> list[Refusal]:
    """Every enforced rule of the card the person does not meet; empty when eligible."""
    found = []
    for rule in product.eligibility:
        name = rule.get("rule")
        checker = CHECKERS.get(name)
        if checker is not None:
            message = checker(rule, person=person, product=product, start_date=start_date)
            if message:
                found.append(Refusal(rule=name, message=message))
    return found


ASYLUM_DECISIONS = {
    "pending": gettext_lazy("no final decision on the asylum request yet"),
    "granted": gettext_lazy("asylum request granted"),
    "finally_rejected": gettext_lazy("asylum request finally rejected"),
}

RULE_LABELS = {
    "requires_residence_permit": gettext_lazy("has a residence permit"),
    "no_reception_entitlement": gettext_lazy("no right to reception or housing"),
    "recently_settled": gettext_lazy(
        "recently settled in the municipality or recently granted a permit"
    ),
    "former_unaccompanied_minor": gettext_lazy("former unaccompanied minor"),
    "lives_alone": gettext_lazy("lives alone"),
    "no_asylum_permit": gettext_lazy("holds no asylum permit"),
    "civic_integration_obligation": gettext_lazy("obliged to integrate (inburgeringsplichtig)"),
    "not_status_holder": gettext_lazy("not a permit holder (family or other migrant)"),
    "below_state_pension_age": gettext_lazy("below state pension age"),
    "has_duo_loan": gettext_lazy("has a DUO loan for civic integration"),
}


def describe(rule: dict) -> str:
    """A rule of the card as a worker reads it."""
    name = rule.get("rule", "")
    if name == "asylum_decision":
        return str(ASYLUM_DECISIONS.get(rule.get("value"), name))
    if name == "min_language_level":
        return _("language level at least %(level)s") % {"level": rule.get("level", "")}
    return str(RULE_LABELS.get(name, name))


def unchecked_rules(product) -> list[str]:
    """The rules of the card Wegwijs cannot decide, described; shown at intake as points to
    verify by hand."""
    return [describe(rule) for rule in product.eligibility if rule.get("rule") not in CHECKERS]
