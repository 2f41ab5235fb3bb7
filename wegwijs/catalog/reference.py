"""Loading the product catalogue and its price lists from the repo's YAML file, idempotently.

The whole file is checked first; only a file without faults is written, in one transaction.

Who wins when the file and the database differ (docs/howto-catalogue.md): the file defines the
catalogue on the first load. After that the beheerder owns it: rows that already exist (units,
categories, products, price lists, tariffs) are left exactly as the beheerder keeps them, and
only what is missing is added. A locked price list (one a signed contract uses) is never
touched. ``overwrite=True`` makes the file win for existing rows too, except locked lists.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml
from django.core.exceptions import ValidationError
from django.db import transaction

from wegwijs.catalog.constants import BasicService, Rounding
from wegwijs.catalog.models import Category, PriceList, Product, Tariff, Unit
from wegwijs.core.reference import ReferenceDataError, ReferenceSummary

CATALOGUE_FILE = Path(__file__).parent / "fixtures" / "catalogue.yaml"

SUPPORTED_VERSION = 1

# Product fields taken from the file as they are (text, lists, numbers, flags).
TEXT_FIELDS = [
    "name",
    "description",
    "client",
    "target_groups",
    "policy_theme",
    "executed_by",
    "execution_period",
    "quality_measurement",
    "product_unit",
    "expected_use",
    "methodology",
]
LIST_FIELDS = [
    "goals",
    "activities",
    "working_method",
    "indicators",
    "extra_sections",
    "eligibility",
    "closing_reasons",
]
DECIMAL_FIELDS = [
    "duration_months",
    "max_duration_months",
    "session_hours",
    "weekly_hours_min",
    "weekly_hours_max",
    "dependance_weekly_hours_min",
    "dependance_weekly_hours_max",
]
INTEGER_FIELDS = [
    "order",
    "group_size_min",
    "group_size_max",
    "sessions_per_programme",
    "min_contacts_per_year",
    "max_interpreters_per_group",
]
BOOLEAN_FIELDS = ["uses_vva", "interpreters_allowed", "measures_zrm"]
PRODUCT_KEYS = {"code", "category", "delivery_form", "tariffs"} | set(
    TEXT_FIELDS + LIST_FIELDS + DECIMAL_FIELDS + INTEGER_FIELDS + BOOLEAN_FIELDS
)
TARIFF_KEYS = {
    "code",
    "name",
    "unit",
    "unit_wording",
    "price",
    "on_request",
    "duration_months",
    "weekly_hours",
    "provides_basic_service",
}


@dataclass
class CatalogueSummary(ReferenceSummary):
    notes: list[str] = field(default_factory=list)

    def __str__(self):
        return "\n".join([super().__str__(), *(f"  {note}" for note in self.notes)])


# --- checking -------------------------------------------------------------------------------


def _fail(where: str, message: str):
    raise ReferenceDataError(f"{where}: {message}")


def _validation_message(error: ValidationError) -> str:
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {' '.join(str(m) for m in messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(str(m) for m in error.messages)


def _mapping_list(data: dict, key: str, where: str) -> list[dict]:
    rows = data.get(key)
    if not isinstance(rows, list) or not rows:
        _fail(where, f"'{key}' must be a non-empty list.")
    for index, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            _fail(f"{where} {key} #{index}", "must be a mapping of fields.")
    return rows


def _unique_codes(rows: list[dict], where: str) -> None:
    seen = set()
    for index, row in enumerate(rows, start=1):
        code = row.get("code")
        if not code:
            _fail(f"{where} #{index}", "has no code.")
        if code in seen:
            _fail(where, f"the code {code!r} appears twice.")
        seen.add(code)


def _decimal(value, where: str, name: str) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        _fail(where, f"{name} {value!r} is not a number.")
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation:
        _fail(where, f"{name} {value!r} is not a number.")
    if not number.is_finite():
        _fail(where, f"{name} {value!r} is not a number.")
    return number


def _price(value, where: str) -> Decimal | None:
    if value is None:
        return None
    if not isinstance(value, str):
        _fail(where, f'price {value!r} must be written as a quoted string such as "1940.00".')
    number = _decimal(value, where, "price")
    if number.as_tuple().exponent < -2:
        _fail(where, f"price {value!r} has more than two decimals.")
    return number


def _integer(value, where: str, name: str) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        _fail(where, f"{name} {value!r} is not a whole number.")
    return value


def _boolean(value, where: str, name: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        _fail(where, f"{name} {value!r} must be true or false.")
    return value


def _product_values(row: dict, where: str) -> dict:
    unknown = set(row) - PRODUCT_KEYS
    if unknown:
        _fail(where, f"unknown field(s) {', '.join(sorted(unknown))}.")
    values = {}
    for name in TEXT_FIELDS:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            _fail(where, f"{name} must be text.")
        values[name] = (value or "").strip()
    for name in LIST_FIELDS:
        value = row.get(name)
        if value is None:
            value = []
        if not isinstance(value, list):
            _fail(where, f"{name} must be a list.")
        values[name] = value
    for name in DECIMAL_FIELDS:
        values[name] = _decimal(row.get(name), where, name)
    for name in INTEGER_FIELDS:
        values[name] = _integer(row.get(name), where, name)
    if values["order"] is None:
        values["order"] = 0
    for name in BOOLEAN_FIELDS:
        values[name] = _boolean(row.get(name), where, name)
    values["delivery_form"] = row.get("delivery_form") or ""
    for index, section in enumerate(values["extra_sections"], start=1):
        if not isinstance(section, dict) or set(section) != {"title", "text"}:
            _fail(where, f"extra_sections #{index} must have exactly a title and a text.")
    for index, reason in enumerate(values["closing_reasons"], start=1):
        if not isinstance(reason, dict) or not reason.get("code") or not reason.get("name"):
            _fail(where, f"closing_reasons #{index} must have a code and a name.")
    for index, rule in enumerate(values["eligibility"], start=1):
        if not isinstance(rule, dict) or not rule.get("rule"):
            _fail(where, f"eligibility #{index} must name its rule.")
    return values


def _tariff_values(row: dict, where: str, units: set[str]) -> dict:
    unknown = set(row) - TARIFF_KEYS
    if unknown:
        _fail(where, f"unknown field(s) {', '.join(sorted(unknown))}.")
    if row.get("unit") not in units:
        _fail(where, f"unknown unit {row.get('unit')!r}.")
    on_request = _boolean(row.get("on_request"), where, "on_request")
    price = _price(row.get("price"), where)
    if on_request and price is not None:
        _fail(where, "a tariff on request has no price.")
    if not on_request and price is None:
        _fail(where, "give a price, or mark the tariff as on request.")
    name = row.get("name")
    if not isinstance(name, str) or not name.strip():
        _fail(where, "has no name.")
    wording = row.get("unit_wording") or ""
    if not isinstance(wording, str):
        _fail(where, "unit_wording must be text.")
    provides = row.get("provides_basic_service") or ""
    if provides not in ("", *BasicService.values):
        _fail(
            where,
            f"provides_basic_service {provides!r} is not one of {', '.join(BasicService.values)}.",
        )
    return {
        "name": name.strip(),
        "unit_wording": wording.strip(),
        "price": price,
        "on_request": on_request,
        "duration_months": _decimal(row.get("duration_months"), where, "duration_months"),
        "weekly_hours": _decimal(row.get("weekly_hours"), where, "weekly_hours"),
        "provides_basic_service": provides,
    }


def _check(instance, where: str, exclude: list[str]) -> None:
    try:
        instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        _fail(where, _validation_message(error))


@dataclass
class _Parsed:
    units: list[dict]
    categories: list[dict]
    products: list[tuple[str, str, dict]]  # (code, category code, field values)
    # year -> list of (product code, tariff code, order, values)
    tariffs: dict[int, list[tuple[str, str, int, dict]]]
    price_lists: dict[int, dict]


def parse_catalogue(data, name: str = "catalogue.yaml") -> _Parsed:
    """Check the whole catalogue file; raise ReferenceDataError naming the first fault."""
    if not isinstance(data, dict):
        _fail(name, "the file is not a mapping of units, categories and products.")
    if data.get("version") != SUPPORTED_VERSION:
        _fail(name, f"version {data.get('version')!r} is not supported (expected 1).")

    units = _mapping_list(data, "units", name)
    _unique_codes(units, f"{name} units")
    for row in units:
        where = f"{name} unit {row['code']}"
        _check(
            Unit(code=row["code"], name=row.get("name") or "", counts=row.get("counts") or ""),
            where,
            [],
        )
    unit_codes = {row["code"] for row in units}

    categories = _mapping_list(data, "categories", name)
    _unique_codes(categories, f"{name} categories")
    for row in categories:
        where = f"{name} category {row['code']}"
        _integer(row.get("order"), where, "order")
        _check(
            Category(code=row["code"], name=row.get("name") or "", order=row.get("order") or 0),
            where,
            [],
        )
    category_codes = {row["code"] for row in categories}

    price_lists = {}
    for index, row in enumerate(data.get("price_lists") or [], start=1):
        where = f"{name} price_lists #{index}"
        if not isinstance(row, dict):
            _fail(where, "must be a mapping of fields.")
        year = _integer(row.get("year"), where, "year")
        if year in price_lists:
            _fail(where, f"the year {year} appears twice.")
        price_list = PriceList(
            year=year,
            surcharge_percentage=_decimal(
                row.get("surcharge_percentage", "20.00"), where, "surcharge_percentage"
            ),
            rounding=row.get("rounding") or Rounding.WHOLE_EUROS,
        )
        _check(price_list, where, ["based_on"])
        price_lists[year] = {
            "surcharge_percentage": price_list.surcharge_percentage,
            "rounding": price_list.rounding,
        }

    rows = _mapping_list(data, "products", name)
    _unique_codes(rows, f"{name} products")
    products = []
    tariffs: dict[int, list] = {}
    for row in rows:
        code = row["code"]
        where = f"{name} product {code}"
        if row.get("category") not in category_codes:
            _fail(where, f"unknown category {row.get('category')!r}.")
        values = _product_values(row, where)
        _check(Product(code=code, **values), where, ["category"])
        if (
            values["group_size_min"] is not None
            and values["group_size_max"] is not None
            and values["group_size_max"] < values["group_size_min"]
        ):
            _fail(where, "group_size_max is smaller than group_size_min.")
        products.append((code, row["category"], values))

        by_year = row.get("tariffs") or {}
        if not isinstance(by_year, dict):
            _fail(where, "tariffs must be a mapping of year to a list of tariffs.")
        for year, year_rows in by_year.items():
            year_where = f"{where} tariffs {year}"
            if isinstance(year, bool) or not isinstance(year, int) or year < 2000:
                _fail(year_where, f"{year!r} is not a year.")
            if not isinstance(year_rows, list):
                _fail(year_where, "must be a list of tariffs.")
            for index, tariff_row in enumerate(year_rows, start=1):
                if not isinstance(tariff_row, dict):
                    _fail(f"{year_where} #{index}", "must be a mapping of fields.")
            _unique_codes(year_rows, year_where)
            for order, tariff_row in enumerate(year_rows, start=1):
                tariff_where = f"{year_where} {tariff_row['code']}"
                values = _tariff_values(tariff_row, tariff_where, unit_codes)
                _check(
                    Tariff(code=tariff_row["code"], order=order, **values),
                    tariff_where,
                    ["price_list", "product", "unit"],
                )
                values["unit"] = tariff_row["unit"]
                tariffs.setdefault(year, []).append((code, tariff_row["code"], order, values))
    for year in tariffs:
        price_lists.setdefault(
            year, {"surcharge_percentage": Decimal("20.00"), "rounding": Rounding.WHOLE_EUROS}
        )
    return _Parsed(units, categories, products, tariffs, price_lists)


# --- writing --------------------------------------------------------------------------------


def _put(model, summary, overwrite: bool, lookup: dict, values: dict):
    if overwrite:
        obj, created = model.objects.update_or_create(**lookup, defaults=values)
    else:
        obj, created = model.objects.get_or_create(**lookup, defaults=values)
    summary.count(created)
    return obj


@transaction.atomic
def load_catalogue(path: Path = CATALOGUE_FILE, *, overwrite: bool = False) -> CatalogueSummary:
    """Create what the catalogue file has and the database lacks; a second run changes nothing.

    Existing rows keep the beheerder's edits unless ``overwrite``; locked price lists are
    never changed (the summary says so).
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise ReferenceDataError(f"{path.name}: not valid YAML ({error}).") from error
    parsed = parse_catalogue(data, path.name)
    summary = CatalogueSummary("catalogue")

    units = {
        row["code"]: _put(
            Unit,
            summary,
            overwrite,
            {"code": row["code"]},
            {"name": row["name"], "counts": row["counts"]},
        )
        for row in parsed.units
    }
    categories = {
        row["code"]: _put(
            Category,
            summary,
            overwrite,
            {"code": row["code"]},
            {"name": row["name"], "order": row.get("order") or 0},
        )
        for row in parsed.categories
    }
    products = {
        code: _put(
            Product,
            summary,
            overwrite,
            {"code": code},
            {**values, "category": categories[category]},
        )
        for code, category, values in parsed.products
    }

    for year in sorted(parsed.price_lists):
        settings = parsed.price_lists[year]
        price_list = PriceList.objects.filter(year=year).first()
        if price_list is None:
            price_list = PriceList.objects.create(year=year, **settings)
            summary.count(True)
        elif price_list.is_locked:
            summary.count(False)
            summary.notes.append(
                f"price list {year} is locked (a signed contract uses it): left unchanged."
            )
            continue
        else:
            summary.count(False)
            if overwrite:
                for name, value in settings.items():
                    setattr(price_list, name, value)
                price_list.save(update_fields=list(settings))
        for product_code, code, order, values in parsed.tariffs.get(year, []):
            _put(
                Tariff,
                summary,
                overwrite,
                {"price_list": price_list, "product": products[product_code], "code": code},
                {**values, "unit": units[values["unit"]], "order": order},
            )
    return summary
