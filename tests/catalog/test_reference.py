"""Loading the catalogue file: complete, equal to the 2019 price overview, idempotent, safe."""

from decimal import Decimal

import pytest
import yaml
from django.core.management import call_command

from wegwijs.catalog.models import Category, PriceList, Product, Tariff, Unit
from wegwijs.catalog.reference import CATALOGUE_FILE, load_catalogue
from wegwijs.core.reference import ReferenceDataError

# shared/seed/prijzen-2019.md, line by line: (product code, tariff code, guide price).
PRICES_2019 = [
    ("IA", "basis", Decimal("10833.00")),
    ("IA", "uur", Decimal("1809.00")),
    ("UHHV", "plaatsing", Decimal("647.00")),
    ("ASIEL", "dossier", Decimal("1940.00")),
    ("ASIEL", "maand", Decimal("108.00")),
    ("GH", "dossier", Decimal("1328.00")),
    ("NEXTSTEP", "dossier", Decimal("501.00")),
    ("VIP18", "traject", Decimal("2229.00")),
    ("VIPJ", "traject", Decimal("2229.00")),
    ("VI8", "traject", Decimal("1270.00")),
    ("PVT-SE", "persoon", Decimal("88.00")),
    ("PVT-SM", "persoon", Decimal("250.00")),
    ("PVT-ME", "persoon", Decimal("88.00")),
    ("EUROWIJZER", "persoon", Decimal("250.00")),
    ("TAALCOACH", "12m", Decimal("849.00")),
    ("TAALCOACH", "18m", Decimal("1263.00")),
    ("CONVERSATIE", "groep_jaar", Decimal("2899.00")),
    ("INBURGERING", "op_aanvraag", None),
    ("TAALONDERSTEUNING", "persoon", Decimal("450.00")),
    ("GRIP", "bijeenkomst", Decimal("450.00")),
    ("ZOW", "groep", Decimal("15000.00")),
    ("ZOW", "maatwerk", None),
]

CATEGORIES = {
    "Algemene Diensten": {"IA", "UHHV"},
    "Bescherming en Toelating": {"ASIEL", "GH", "NEXTSTEP"},
    "Maatschappelijke Begeleiding": {
        "VIP18",
        "VIPJ",
        "VI8",
        "PVT-SE",
        "PVT-SM",
        "PVT-ME",
        "EUROWIJZER",
    },
    "Nederlandse Taalverwerving": {
        "INBURGERING",
        "TAALONDERSTEUNING",
        "GRIP",
        "TAALCOACH",
        "CONVERSATIE",
    },
    "Arbeidsparticipatie": {"ZOW"},
}

# Sections every card of the source has.
REQUIRED_CARD_FIELDS = [
    "name",
    "description",
    "target_groups",
    "goals",
    "policy_theme",
    "activities",
    "working_method",
    "executed_by",
    "execution_period",
    "quality_measurement",
    "product_unit",
    "indicators",
    "delivery_form",
]


def snapshot():
    return [
        list(model.objects.order_by("pk").values())
        for model in (Unit, Category, Product, PriceList, Tariff)
    ]


@pytest.mark.django_db
def test_the_catalogue_has_18_products_in_5_categories(catalogue):
    assert Product.objects.count() == 18
    grouped = {
        category.name: set(category.products.values_list("code", flat=True))
        for category in Category.objects.all()
    }
    assert grouped == CATEGORIES
    assert list(Category.objects.values_list("name", flat=True)) == list(CATEGORIES)


@pytest.mark.django_db
def test_every_2019_tariff_equals_the_price_overview(catalogue):
    tariffs = Tariff.objects.filter(price_list__year=2019).select_related("product")
    loaded = {(t.product.code, t.code): (t.price, t.on_request) for t in tariffs}
    expected = {(p, t): (price, price is None) for p, t, price in PRICES_2019}
    assert loaded == expected


@pytest.mark.django_db
def test_every_card_is_complete(catalogue):
    for product in Product.objects.all():
        for name in REQUIRED_CARD_FIELDS:
            assert getattr(product, name), f"{product.code} has no {name}"
        assert product.tariffs.exists(), f"{product.code} has no tariff"


@pytest.mark.django_db
def test_every_unit_of_the_overview_is_used_and_worded(catalogue):
    used = set(Tariff.objects.values_list("unit__code", flat=True))
    assert used == set(Unit.objects.values_list("code", flat=True))
    assert Unit.objects.count() == 13
    nextstep = Tariff.objects.get(product__code="NEXTSTEP")
    assert nextstep.unit.code == "ind_dossier"
    assert nextstep.duration_months == Decimal("3")


@pytest.mark.django_db
def test_the_2019_list_has_a_20_percent_surcharge_and_whole_euros(catalogue):
    price_list = PriceList.objects.get(year=2019)
    assert price_list.surcharge_percentage == Decimal("20.00")
    assert price_list.rounding == "euro"
    assert not price_list.is_locked


@pytest.mark.django_db
def test_loading_twice_changes_nothing(catalogue):
    before = snapshot()
    summary = load_catalogue()
    assert summary.created == 0
    assert snapshot() == before


@pytest.mark.django_db
def test_a_second_load_keeps_the_beheerders_edits(catalogue):
    Product.objects.filter(code="IA").update(name="Informatiepunt")
    Tariff.objects.filter(product__code="GH").update(price=Decimal("1400.00"))
    load_catalogue()
    assert Product.objects.get(code="IA").name == "Informatiepunt"
    assert Tariff.objects.get(product__code="GH").price == Decimal("1400.00")


@pytest.mark.django_db
def test_overwrite_restores_the_file_but_not_a_locked_list(catalogue):
    Product.objects.filter(code="IA").update(name="Informatiepunt")
    PriceList.objects.filter(year=2019).update(locked_at="2020-01-01T00:00Z")
    Tariff.objects.filter(product__code="GH").update(price=Decimal("1400.00"))
    summary = load_catalogue(overwrite=True)
    assert Product.objects.get(code="IA").name == "Informatie en Advies (I&A)"
    assert Tariff.objects.get(product__code="GH").price == Decimal("1400.00")
    assert "price list 2019 is locked" in str(summary)


@pytest.mark.django_db
def test_a_missing_tariff_is_added_to_an_unlocked_list_only(catalogue):
    Tariff.objects.filter(product__code="GH").delete()
    load_catalogue()
    assert Tariff.objects.filter(product__code="GH").count() == 1
    Tariff.objects.filter(product__code="GH").delete()
    PriceList.objects.filter(year=2019).update(locked_at="2020-01-01T00:00Z")
    summary = load_catalogue()
    assert not Tariff.objects.filter(product__code="GH").exists()
    assert "left unchanged" in str(summary)


@pytest.mark.django_db
def test_load_reference_data_loads_the_catalogue():
    call_command("load_reference_data")
    assert Product.objects.count() == 18
    assert Tariff.objects.filter(price_list__year=2019).count() == len(PRICES_2019)


def _broken(tmp_path, change):
    data = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "catalogue.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _product(data, code):
    return next(p for p in data["products"] if p["code"] == code)


def _tariff(data, code, index=0):
    return _product(data, code)["tariffs"][2019][index]


BROKEN = {
    "unknown category": (
        lambda d: _product(d, "ZOW").update(category="werk"),
        "product ZOW: unknown category 'werk'",
    ),
    "unknown unit": (
        lambda d: _tariff(d, "GH").update(unit="per_kilo"),
        "product GH tariffs 2019 dossier: unknown unit 'per_kilo'",
    ),
    "duplicate product code": (
        lambda d: _product(d, "VIPJ").update(code="VIP18"),
        "the code 'VIP18' appears twice",
    ),
    "duplicate tariff code": (
        lambda d: _tariff(d, "ASIEL", 1).update(code="dossier"),
        "product ASIEL tariffs 2019: the code 'dossier' appears twice",
    ),
    "bad price string": (
        lambda d: _tariff(d, "GH").update(price="1.328,00"),
        "product GH tariffs 2019 dossier: price '1.328,00' is not a number",
    ),
    "price not quoted": (
        lambda d: _tariff(d, "GH").update(price=1328.0),
        "must be written as a quoted string",
    ),
    "too many decimals": (
        lambda d: _tariff(d, "GH").update(price="1328.005"),
        "more than two decimals",
    ),
    "negative price": (
        lambda d: _tariff(d, "GH").update(price="-5.00"),
        "product GH tariffs 2019 dossier: price",
    ),
    "on request with a price": (
        lambda d: _tariff(d, "ZOW", 1).update(price="100.00"),
        "a tariff on request has no price",
    ),
    "no price and not on request": (
        lambda d: _tariff(d, "GH").update(price=None),
        "give a price, or mark the tariff as on request",
    ),
    "unknown delivery form": (
        lambda d: _product(d, "GH").update(delivery_form="online"),
        "product GH: delivery_form",
    ),
    "bad product code": (
        lambda d: _product(d, "GH").update(code="gh"),
        "product gh: code",
    ),
    "group sizes the wrong way round": (
        lambda d: _product(d, "ZOW").update(group_size_min=20, group_size_max=12),
        "group_size_max is smaller than group_size_min",
    ),
    "list field not a list": (
        lambda d: _product(d, "GH").update(goals="Herenigen"),
        "product GH: goals must be a list",
    ),
    "unknown product field": (
        lambda d: _product(d, "GH").update(prijs=5),
        "product GH: unknown field(s) prijs",
    ),
    "unknown rounding of a price list": (
        lambda d: d["price_lists"][0].update(rounding="dimes"),
        "price_lists #1: rounding",
    ),
    "price list year twice": (
        lambda d: d["price_lists"].append({"year": 2019}),
        "price_lists #2: the year 2019 appears twice",
    ),
    "tariffs of a year that is not a year": (
        lambda d: _product(d, "GH")["tariffs"].update({"volgend jaar": []}),
        "product GH tariffs volgend jaar: 'volgend jaar' is not a year",
    ),
    "unknown unit kind": (
        lambda d: d["units"][0].update(counts="kilo"),
        "unit year_basic_opening: counts",
    ),
}


@pytest.mark.django_db
@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_file_is_refused_by_name_and_writes_nothing(tmp_path, case):
    change, message = BROKEN[case]
    path = _broken(tmp_path, change)
    with pytest.raises(ReferenceDataError) as error:
        load_catalogue(path)
    assert message in str(error.value)
    assert "catalogue.yaml" in str(error.value)
    assert not Product.objects.exists()
    assert not Unit.objects.exists()
    assert not PriceList.objects.exists()


@pytest.mark.django_db
def test_a_broken_file_leaves_a_loaded_catalogue_as_it_was(catalogue, tmp_path):
    before = snapshot()
    path = _broken(tmp_path, lambda d: _tariff(d, "ZOW").update(unit="nope"))
    with pytest.raises(ReferenceDataError):
        load_catalogue(path, overwrite=True)
    assert snapshot() == before


@pytest.mark.django_db
def test_a_file_that_is_not_yaml_is_refused(tmp_path):
    path = tmp_path / "catalogue.yaml"
    path.write_text("units: [\n", encoding="utf-8")
    with pytest.raises(ReferenceDataError, match="not valid YAML"):
        load_catalogue(path)


@pytest.mark.django_db
def test_load_reference_data_reports_a_broken_catalogue(tmp_path, monkeypatch):
    from django.core.management.base import CommandError

    from wegwijs.catalog import reference
    from wegwijs.core.management.commands import load_reference_data

    path = _broken(tmp_path, lambda d: _product(d, "ZOW").update(category="werk"))
    monkeypatch.setattr(load_reference_data, "LOADERS", [lambda: reference.load_catalogue(path)])
    with pytest.raises(CommandError, match="nothing changed.*unknown category 'werk'"):
        call_command("load_reference_data")
    assert not Product.objects.exists()
