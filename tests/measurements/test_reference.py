import pytest
from django.core.management import call_command

from tests.measurements.helpers import SIX
from wegwijs.measurements.models import Domain, Level, ProductInstrument, Rung
from wegwijs.measurements.selectors import product_domains


@pytest.mark.django_db
def test_instruments_are_loaded_idempotently(reference):
    assert Domain.objects.count() == 14  # 13 of ZRM 2017 + dagbesteding
    assert list(Level.objects.values_list("name", flat=True))[0] == "Acute problematiek"
    assert Rung.objects.get(number=6).name == "Betaald werk"
    assert Domain.objects.get(code="huisvesting").describe(1) == "Dakloos of acute huisuitzetting"
    call_command("load_reference_data", verbosity=0)
    assert Domain.objects.count() == 14


@pytest.mark.django_db
def test_product_domains(reference):
    vip = ProductInstrument.objects.get(product__code="VIP18")
    assert [r.domain.code for r in product_domains(vip.product)] == SIX
    assert all(r.mandatory for r in product_domains(vip.product))
    vipj = ProductInstrument.objects.get(product__code="VIPJ")
    assert vipj.uses_ladder
    assert "dagbesteding" in [r.domain.code for r in product_domains(vipj.product)]
    euro = ProductInstrument.objects.get(product__code="EUROWIJZER")
    assert [r.domain.code for r in product_domains(euro.product)] == ["financien"]
    assert not ProductInstrument.objects.filter(product__code="TAALCOACH").exists()


@pytest.mark.django_db
def test_factory_scores_every_domain(open_trajectory, coordinator):
    from wegwijs.measurements.factories import MeasurementFactory

    measurement = MeasurementFactory(trajectory=open_trajectory("VI8"), by=coordinator, level=3)
    assert measurement.scores.count() == 6


@pytest.mark.django_db
def test_data_migration_gives_existing_instruments_their_kinds(reference):
    import importlib

    from django.apps import apps

    migration = importlib.import_module(
        "wegwijs.measurements.migrations.0003_instrument_kinds_data"
    )
    ProductInstrument.objects.update(kinds=["nul", "eind"])  # as 0002 leaves existing rows
    migration.set_kinds(apps, None)
    kinds = dict(ProductInstrument.objects.values_list("product__code", "kinds"))
    assert kinds == {
        "VIP18": ["nul", "tussen", "eind"],
        "VI8": ["nul", "eind"],
        "VIPJ": ["nul", "eind"],
        "EUROWIJZER": ["nul", "eind"],
    }


@pytest.mark.django_db
def test_loader_refuses_kinds_without_nul_or_eind(reference, tmp_path):
    from wegwijs.core.reference import ReferenceDataError
    from wegwijs.measurements.reference import INSTRUMENTS_FILE, load_instruments

    text = INSTRUMENTS_FILE.read_text(encoding="utf-8")
    broken = tmp_path / "instruments.yaml"
    broken.write_text(text.replace("kinds: [nul, eind]", "kinds: [nul, tussen]", 1), "utf-8")
    with pytest.raises(ReferenceDataError, match="kinds are nul and eind"):
        load_instruments(broken)
