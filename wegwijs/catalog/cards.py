"""A product card in readable form: one description for the page and the text command."""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijs.catalog.models import Product

# Eligibility rules of the catalogue, worded for people. Unknown rules show as their code.
ELIGIBILITY_RULES = {
    "min_age": gettext_lazy("At least %(years)s years old"),
    "requires_residence_permit": gettext_lazy("Has a residence permit"),
    "recently_settled": gettext_lazy(
        "Recently settled in the municipality or recently given a residence permit"
    ),
    "civic_integration_obligation": gettext_lazy("Has to take the civic integration course"),
    "below_state_pension_age": gettext_lazy("Below the state pension age"),
    "no_reception_entitlement": gettext_lazy("Has no right to reception or housing"),
    "former_unaccompanied_minor": gettext_lazy("Came to the Netherlands as an unaccompanied minor"),
    "lives_alone": gettext_lazy("Lives alone, without family"),
    "no_asylum_permit": gettext_lazy("Holds no asylum permit"),
    "not_status_holder": gettext_lazy("Is not a status holder (other newcomers)"),
    "has_duo_loan": gettext_lazy("Has a loan from DUO"),
    "min_language_level": gettext_lazy("Language level at least %(level)s"),
    "no_recent_trajectory": gettext_lazy("No trajectory %(product)s in the past %(months)s months"),
}
ASYLUM_DECISIONS = {
    "pending": gettext_lazy("Asylum application not yet finally decided"),
    "granted": gettext_lazy("Asylum application granted"),
    "finally_rejected": gettext_lazy("Asylum application finally rejected"),
}


@dataclass(frozen=True)
class Attribute:
    label: str
    value: str


def describe_rule(rule: dict) -> str:
    """``{"rule": "min_age", "years": 18}`` -> ``"At least 18 years old"``."""
    name = rule.get("rule", "")
    if name == "asylum_decision" and rule.get("value") in ASYLUM_DECISIONS:
        return str(ASYLUM_DECISIONS[rule["value"]])
    template = ELIGIBILITY_RULES.get(name)
    if template is None:
        details = ", ".join(f"{key}: {value}" for key, value in rule.items() if key != "rule")
        return f"{name} ({details})" if details else name
    try:
        return str(template) % {key: value for key, value in rule.items() if key != "rule"}
    except (KeyError, TypeError, ValueError):
        return name


def _number(value) -> str:
    return number_format(value.normalize() if hasattr(value, "normalize") else value)


def _yes_no(value: bool) -> str:
    return _("yes") if value else _("no")


def structured_attributes(product: Product) -> list[Attribute]:
    """The attributes the application runs on, as label/value pairs; empty ones left out."""
    rows = [
        Attribute(_("Delivery form"), product.get_delivery_form_display()),
        Attribute(_("Category"), product.category.name),
    ]
    if product.methodology:
        rows.append(Attribute(_("Methodology"), product.get_methodology_display()))
    rows.append(Attribute(_("Uses the VluchtVerhaalAnalyse (VVA)"), _yes_no(product.uses_vva)))
    months = [
        (_("Typical duration"), product.duration_months),
        (_("Maximum duration"), product.max_duration_months),
    ]
    for label, value in months:
        if value is not None:
            rows.append(Attribute(label, _("%(count)s months") % {"count": _number(value)}))
    if product.group_size_min is not None or product.group_size_max is not None:
        if product.group_size_min is not None and product.group_size_min == product.group_size_max:
            size = _("%(count)s persons") % {"count": product.group_size_min}
        elif product.group_size_min is not None and product.group_size_max is not None:
            size = _("%(min)s to %(max)s persons") % {
                "min": product.group_size_min,
                "max": product.group_size_max,
            }
        elif product.group_size_min is not None:
            size = _("at least %(min)s persons") % {"min": product.group_size_min}
        else:
            size = _("at most %(max)s persons") % {"max": product.group_size_max}
        rows.append(Attribute(_("Group size"), size))
    if product.sessions_per_programme is not None:
        rows.append(Attribute(_("Sessions per programme"), str(product.sessions_per_programme)))
    if product.session_hours is not None:
        rows.append(
            Attribute(
                _("Hours per session"),
                _("%(count)s hours") % {"count": _number(product.session_hours)},
            )
        )
    if product.min_contacts_per_year is not None:
        rows.append(
            Attribute(_("Minimum contact moments per year"), str(product.min_contacts_per_year))
        )
    interpreters = _yes_no(product.interpreters_allowed)
    if product.interpreters_allowed and product.max_interpreters_per_group is not None:
        interpreters = _("yes, at most %(count)s per group") % {
            "count": product.max_interpreters_per_group
        }
    rows.append(Attribute(_("Interpreters may be used"), interpreters))
    rows.append(Attribute(_("Measures self-sufficiency (ZRM)"), _yes_no(product.measures_zrm)))
    return rows


def eligibility(product: Product) -> list[str]:
    return [describe_rule(rule) for rule in product.eligibility if isinstance(rule, dict)]


def closing_reasons(product: Product) -> list[str]:
    return [
        str(reason.get("name") or reason.get("code"))
        for reason in product.closing_reasons
        if isinstance(reason, dict)
    ]


@dataclass(frozen=True)
class Section:
    heading: str
    text: str = ""
    items: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.items)


@dataclass(frozen=True)
class SectionGroup:
    title: str  # empty for the sections that stand above the source's groups
    sections: tuple[Section, ...]


def _items(values) -> tuple[str, ...]:
    return tuple(str(value) for value in values or ())


def card_groups(product: Product) -> list[SectionGroup]:
    """The worded card in the order and groups of the source (Productkaart 2019): the
    description and client, then "policy characteristics", then "business aspects"."""
    return [
        SectionGroup(
            "",
            (
                Section(_("Description"), text=product.description),
                Section(_("Commissioned by"), text=product.client),
            ),
        ),
        SectionGroup(
            _("Policy characteristics"),
            (
                Section(_("Target groups"), text=product.target_groups),
                Section(_("Goals"), items=_items(product.goals)),
                Section(_("Policy theme"), text=product.policy_theme),
                Section(_("Activities and services"), items=_items(product.activities)),
                Section(_("Working method"), items=_items(product.working_method)),
            ),
        ),
        SectionGroup(
            _("Business aspects"),
            (
                Section(_("Executed by"), text=product.executed_by),
                Section(_("Execution period"), text=product.execution_period),
                Section(_("Quality measurement"), text=product.quality_measurement),
                Section(_("Product unit"), text=product.product_unit),
                Section(_("Expected use"), text=product.expected_use),
                Section(_("Performance indicators"), items=_items(product.indicators)),
            ),
        ),
    ]
