"""The target-group rules of the product cards, checked before a trajectory is opened.

A product's ``eligibility`` is a list of rules from the catalogue (data). Rules the registry
can decide from what Wegwijs records are enforced here; the others (``asylum_decision``,
``recently_settled``, ...) describe the target group and are shown at intake for the worker to
check, so they are never silently assumed.
"""

import datetime
from collections.abc import Callable

from django.db.models import Q
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

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


CHECKERS: dict[str, Callable[..., str | None]] = {
    "min_age": check_min_age,
    "no_recent_trajectory": check_no_recent_trajectory,
}


def refusals(*, person, product, start_date) -> list[str]:
    """The messages of every enforced rule the person does not meet; empty when eligible."""
    messages = []
    for rule in product.eligibility:
        checker = CHECKERS.get(rule.get("rule"))
        if checker is not None:
            message = checker(rule, person=person, product=product, start_date=start_date)
            if message:
                messages.append(message)
    return messages


ASYLUM_DECISIONS = {
    "pending": _lazy("no final decision on the asylum request yet"),
    "granted": _lazy("asylum request granted"),
    "finally_rejected": _lazy("asylum request finally rejected"),
}

RULE_LABELS = {
    "requires_residence_permit": _lazy("has a residence permit"),
    "no_reception_entitlement": _lazy("no right to reception or housing"),
    "recently_settled": _lazy("recently settled in the municipality or recently granted a permit"),
    "former_unaccompanied_minor": _lazy("former unaccompanied minor"),
    "civic_integration_obligation": _lazy("obliged to integrate (inburgeringsplichtig)"),
    "not_status_holder": _lazy("not a permit holder (family or other migrant)"),
    "below_state_pension_age": _lazy("below state pension age"),
    "has_duo_loan": _lazy("has a DUO loan for civic integration"),
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
