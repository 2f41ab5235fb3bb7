"""Loading the ZRM, the participatieladder and the products' measurement settings from
``fixtures/instruments.yaml``, idempotently (after the catalogue)."""

from pathlib import Path

import yaml
from django.db import transaction

from wegwijs.catalog.models import Product
from wegwijs.core.reference import ReferenceDataError, ReferenceSummary
from wegwijs.measurements.constants import LEVELS, RUNGS, MeasurementKind
from wegwijs.measurements.models import (
    Domain,
    Level,
    ProductDomain,
    ProductInstrument,
    Rung,
)
from wegwijs.measurements.selectors import duration_months

INSTRUMENTS_FILE = Path(__file__).parent / "fixtures" / "instruments.yaml"
PRODUCT_KEYS = {"kinds", "mandatory", "optional", "ladder", "completed_reasons"}


def _numbered(data, key, numbers, name):
    values = data.get(key) or {}
    if not isinstance(values, dict) or set(values) != set(numbers):
        raise ReferenceDataError(f"{name}: {key} must have exactly {list(numbers)}.")
    return {int(number): str(label) for number, label in values.items()}


def _validated(data, path: Path, products: dict):
    if not isinstance(data, dict):
        raise ReferenceDataError(f"{path.name}: expected a mapping.")
    levels = _numbered(data, "levels", LEVELS, path.name)
    rungs = _numbered(data, "rungs", RUNGS, path.name)
    domains = {}
    for order, domain in enumerate(data.get("domains") or [], start=1):
        where = f"{path.name} domain {order}"
        if not isinstance(domain, dict) or not domain.get("code") or not domain.get("name"):
            raise ReferenceDataError(f"{where}: code and name are required.")
        if domain["code"] in domains:
            raise ReferenceDataError(f"{where}: code {domain['code']!r} appears twice.")
        described = _numbered(domain, "levels", LEVELS, where)
        domains[domain["code"]] = {
            "name": domain["name"],
            "version": str(domain.get("version", "2017")),
            "levels": {str(n): text for n, text in described.items()},
            "order": order,
        }
    settings = []
    for code, product in (data.get("products") or {}).items():
        where = f"{path.name} product {code}"
        if code not in products:
            raise ReferenceDataError(f"{where}: unknown product.")
        if not isinstance(product, dict) or set(product) - PRODUCT_KEYS:
            raise ReferenceDataError(f"{where}: only {sorted(PRODUCT_KEYS)} are allowed.")
        mandatory = list(product.get("mandatory") or [])
        optional = list(product.get("optional") or [])
        chosen = mandatory + optional
        if not mandatory or len(set(chosen)) != len(chosen) or set(chosen) - set(domains):
            raise ReferenceDataError(f"{where}: mandatory and optional must be known domains.")
        kinds = list(product.get("kinds") or [MeasurementKind.NUL, MeasurementKind.EIND])
        if not {MeasurementKind.NUL, MeasurementKind.EIND} <= set(kinds) or set(kinds) - set(
            MeasurementKind.values
        ):
            raise ReferenceDataError(f"{where}: kinds are nul and eind, and tussen if used.")
        if MeasurementKind.TUSSEN in kinds and not duration_months(products[code]):
            raise ReferenceDataError(f"{where}: a tussenmeting needs the product's duration.")
        kinds = [kind for kind in MeasurementKind.values if kind in kinds]
        reasons = list(product.get("completed_reasons") or [])
        known = {r.get("code") for r in products[code].closing_reasons}
        if set(reasons) - known:
            raise ReferenceDataError(f"{where}: completed_reasons must be closing reasons.")
        settings.append(
            (products[code], kinds, bool(product.get("ladder")), reasons, mandatory, optional)
        )
    return levels, rungs, domains, settings


@transaction.atomic
def load_instruments(path: Path = INSTRUMENTS_FILE) -> ReferenceSummary:
    """Create what does not exist yet; existing rows are the beheerder's."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    products = {p.code: p for p in Product.objects.all()}
    levels, rungs, domains, settings = _validated(data, path, products)
    summary = ReferenceSummary("ZRM domains, levels, ladder rungs and product instruments")
    for number, name in levels.items():
        summary.count(Level.objects.get_or_create(number=number, defaults={"name": name})[1])
    for number, name in rungs.items():
        summary.count(Rung.objects.get_or_create(number=number, defaults={"name": name})[1])
    by_code = {}
    for code, values in domains.items():
        by_code[code], created = Domain.objects.get_or_create(code=code, defaults=values)
        summary.count(created)
    for product, kinds, ladder, reasons, mandatory, optional in settings:
        instrument, created = ProductInstrument.objects.get_or_create(
            product=product,
            defaults={"kinds": kinds, "uses_ladder": ladder, "completed_reasons": reasons},
        )
        summary.count(created)
        for order, code in enumerate(mandatory + optional, start=1):
            _row, created = ProductDomain.objects.get_or_create(
                instrument=instrument,
                domain=by_code[code],
                defaults={"mandatory": code in mandatory, "order": order},
            )
            summary.count(created)
    return summary
