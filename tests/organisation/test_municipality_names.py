"""Issue 12, point 18: names have a history. GM1945 was formed on 1 January 2015 as Groesbeek
and renamed Berg en Dal on 1 January 2016; a contract or report of a year shows the name of
that year."""

import datetime

import pytest

from wegwijs.core.reference import ReferenceDataError
from wegwijs.organisation.models import Municipality, MunicipalityName
from wegwijs.organisation.reference import load_municipalities

pytestmark = pytest.mark.django_db


def test_gm1945_was_called_groesbeek_until_its_renaming_on_1_january_2016():
    load_municipalities()
    gm1945 = Municipality.objects.get(cbs_code="GM1945")
    assert gm1945.name == "Berg en Dal"
    assert gm1945.name_in(2015) == "Groesbeek"
    assert gm1945.name_in(2016) == "Berg en Dal"
    assert gm1945.name_on(datetime.date(2015, 12, 31)) == "Groesbeek"
    assert gm1945.name_on(datetime.date(2016, 1, 1)) == "Berg en Dal"


def test_a_municipality_without_former_names_has_its_name_in_every_year():
    load_municipalities()
    assert Municipality.objects.get(cbs_code="GM0202").name_in(2015) == "Arnhem"


def test_name_in_reads_prefetched_names_without_a_query(django_assert_num_queries):
    load_municipalities()
    municipalities = list(Municipality.objects.prefetch_related("names"))
    with django_assert_num_queries(0):
        names = {m.cbs_code: m.name_in(2015) for m in municipalities}
    assert names["GM1945"] == "Groesbeek"


def test_loading_the_names_twice_keeps_one_row_per_name():
    load_municipalities()
    load_municipalities()
    assert list(
        MunicipalityName.objects.filter(municipality__cbs_code="GM1945").values_list(
            "name", "valid_from", "valid_until"
        )
    ) == [("Groesbeek", datetime.date(2015, 1, 1), datetime.date(2015, 12, 31))]


def test_overlapping_former_names_are_refused_and_write_nothing(tmp_path):
    bad = tmp_path / "municipalities.yaml"
    bad.write_text(
        "provinces: [{code: PV25, name: Gelderland}]\n"
        "municipalities:\n"
        "  - cbs_code: GM0001\n"
        "    name: Nieuw\n"
        "    province: PV25\n"
        "    names:\n"
        "      - {name: Oud, valid_from: 2010-01-01, valid_until: 2015-12-31}\n"
        "      - {name: Ouder, valid_from: 2015-01-01, valid_until: 2015-06-30}\n",
        encoding="utf-8",
    )
    with pytest.raises(ReferenceDataError, match="overlap"):
        load_municipalities(bad)
    assert not Municipality.objects.filter(cbs_code="GM0001").exists()
