import datetime

import pytest
from django.core.management import call_command

from wegwijs.organisation.models import Municipality


@pytest.mark.django_db
def test_every_municipality_of_gelderland_and_overijssel_is_loaded():
    call_command("load_reference_data")
    current = Municipality.objects.current(datetime.date(2025, 6, 1))
    assert current.filter(province__code="PV25").count() == 51
    assert current.filter(province__code="PV23").count() == 25
    assert Municipality.objects.get(cbs_code="GM0202").name == "Arnhem"


@pytest.mark.django_db
def test_merged_municipalities_keep_their_code_and_point_to_the_successor():
    call_command("load_reference_data")
    west_betuwe = Municipality.objects.get(cbs_code="GM1960")
    assert sorted(west_betuwe.predecessors.values_list("cbs_code", flat=True)) == [
        "GM0236",
        "GM0304",
        "GM0733",
    ]
    geldermalsen = Municipality.objects.get(cbs_code="GM0236")
    assert geldermalsen in Municipality.objects.current(datetime.date(2018, 6, 1))
    assert geldermalsen not in Municipality.objects.current(datetime.date(2019, 6, 1))


@pytest.mark.django_db
def test_loading_twice_changes_nothing_and_keeps_the_foundations_flags():
    call_command("load_reference_data")
    Municipality.objects.filter(cbs_code="GM0222").update(has_information_point=True)
    before = list(Municipality.objects.order_by("cbs_code").values())
    call_command("load_reference_data")
    assert list(Municipality.objects.order_by("cbs_code").values()) == before


@pytest.mark.django_db
def test_a_broken_file_writes_nothing(tmp_path):
    from wegwijs.core.reference import ReferenceDataError
    from wegwijs.organisation.reference import load_municipalities

    bad = tmp_path / "municipalities.yaml"
    bad.write_text(
        "provinces: [{code: PV25, name: Gelderland}]\n"
        "municipalities:\n"
        "  - {cbs_code: GM0001, name: Een, province: PV25}\n"
        "  - {cbs_code: GM0002, name: Twee, province: PV99}\n"
    )
    with pytest.raises(ReferenceDataError, match="PV99"):
        load_municipalities(bad)
    assert not Municipality.objects.filter(cbs_code="GM0001").exists()
