"""Loading the checklist templates and the plan settings (domains, outcome fields) of the
products from the repo's YAML files, idempotently."""

from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.db import transaction

from wegwijs.catalog.models import Product
from wegwijs.core.reference import ReferenceDataError, ReferenceSummary
from wegwijs.trajectories.constants import Anchor, ItemKind, OutcomeDate
from wegwijs.trajectories.models import (
    OUTCOME_FIELDS,
    ItemTemplate,
    PlanDomain,
    ProductOutcomeFields,
)

CHECKLISTS_FILE = Path(__file__).parent / "fixtures" / "checklists.yaml"
PLANS_FILE = Path(__file__).parent / "fixtures" / "plans.yaml"
FIELDS = {
    "code",
    "name",
    "kind",
    "anchor",
    "offset_months",
    "offset_days",
    "regimes",
    "resettled",
    "outcome",
}


def _validated(data, path: Path, products: dict) -> list[tuple]:
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{path.name}: expected a mapping of product codes.")
    rows = []
    for code, items in data.items():
        if code not in products:
            raise ReferenceDataError(f"{path.name}: unknown product {code!r}.")
        seen = set()
        for order, item in enumerate(items or [], start=1):
            where = f"{path.name} {code} item {order}"
            unknown = set(item) - FIELDS
            if unknown:
                raise ReferenceDataError(f"{where}: unknown fields {sorted(unknown)}.")
            if not item.get("code") or not item.get("name"):
                raise ReferenceDataError(f"{where}: code and name are required.")
            if item["code"] in seen:
                raise ReferenceDataError(f"{where}: code {item['code']!r} appears twice.")
            seen.add(item["code"])
            if item.get("kind") not in ItemKind.values:
                raise ReferenceDataError(f"{where}: kind must be one of {ItemKind.values}.")
            if item.get("anchor") not in Anchor.values:
                raise ReferenceDataError(f"{where}: anchor must be one of {Anchor.values}.")
            try:
                months = Decimal(str(item.get("offset_months", 0)))
            except InvalidOperation as error:
                raise ReferenceDataError(f"{where}: offset_months is not a number.") from error
            days = item.get("offset_days", 0)
            if not isinstance(days, int):
                raise ReferenceDataError(f"{where}: offset_days must be a whole number.")
            if item["anchor"] == Anchor.NONE and (months or days):
                raise ReferenceDataError(f"{where}: an item without a due date has no offset.")
            regimes = item.get("regimes", [])
            if not isinstance(regimes, list):
                raise ReferenceDataError(f"{where}: regimes must be a list.")
            resettled = item.get("resettled")
            if resettled not in (None, True, False):
                raise ReferenceDataError(f"{where}: resettled must be true or false.")
            outcome = item.get("outcome", "")
            if outcome not in ("", *OutcomeDate.values):
                raise ReferenceDataError(f"{where}: outcome must be one of {OutcomeDate.values}.")
            rows.append(
                (
                    products[code],
                    item["code"],
                    {
                        "name": item["name"],
                        "kind": item["kind"],
                        "anchor": item["anchor"],
                        "offset_months": months,
                        "offset_days": days,
                        "regimes": regimes,
                        "resettled": resettled,
                        "order": order,
                        "outcome_field": outcome,
                    },
                )
            )
    return rows


@transaction.atomic
def load_checklists(path: Path = CHECKLISTS_FILE) -> ReferenceSummary:
    """Create the checklist templates that do not exist yet; existing ones are the
    beheerder's and are left as they are."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    products = {p.code: p for p in Product.objects.all()}
    rows = _validated(data, path, products)
    summary = ReferenceSummary("checklist templates")
    for product, code, values in rows:
        _template, created = ItemTemplate.objects.get_or_create(
            product=product, code=code, defaults=values
        )
        summary.count(created)
    return summary


def _validated_plans(data, path: Path, products: dict) -> list[tuple]:
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{path.name}: expected a mapping of product codes.")
    plans = []
    for code, plan in data.items():
        if code not in products:
            raise ReferenceDataError(f"{path.name}: unknown product {code!r}.")
        plan = plan or {}
        unknown = set(plan) - {"domains", "outcome_fields"}
        if unknown:
            raise ReferenceDataError(f"{path.name} {code}: unknown keys {sorted(unknown)}.")
        domains, seen = [], set()
        for order, domain in enumerate(plan.get("domains") or [], start=1):
            where = f"{path.name} {code} domain {order}"
            if not isinstance(domain, dict) or set(domain) != {"code", "name"}:
                raise ReferenceDataError(f"{where}: needs exactly code and name.")
            if domain["code"] in seen:
                raise ReferenceDataError(f"{where}: code {domain['code']!r} appears twice.")
            seen.add(domain["code"])
            domains.append((domain["code"], {"name": domain["name"], "order": order}))
        fields = plan.get("outcome_fields") or []
        if not isinstance(fields, list) or set(fields) - set(OUTCOME_FIELDS):
            raise ReferenceDataError(
                f"{path.name} {code}: outcome_fields must be a list of {OUTCOME_FIELDS}."
            )
        if len(set(fields)) != len(fields):
            raise ReferenceDataError(f"{path.name} {code}: an outcome field appears twice.")
        plans.append((products[code], domains, list(fields)))
    return plans


@transaction.atomic
def load_plans(path: Path = PLANS_FILE) -> ReferenceSummary:
    """Create the plan domains and outcome-field settings that do not exist yet; existing
    ones are the beheerder's and are left as they are."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    products = {p.code: p for p in Product.objects.all()}
    plans = _validated_plans(data, path, products)
    summary = ReferenceSummary("plan domains and outcome fields")
    for product, domains, fields in plans:
        for code, values in domains:
            _domain, created = PlanDomain.objects.get_or_create(
                product=product, code=code, defaults=values
            )
            summary.count(created)
        _settings, created = ProductOutcomeFields.objects.get_or_create(
            product=product, defaults={"fields": fields}
        )
        summary.count(created)
    return summary
