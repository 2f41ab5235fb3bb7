"""The readable form of a card's structured attributes."""

import pytest
import yaml
from django.utils import translation

from wegwijs.catalog import cards
from wegwijs.catalog.factories import ProductFactory
from wegwijs.catalog.reference import CATALOGUE_FILE


def fixture_rules():
    data = yaml.safe_load(CATALOGUE_FILE.read_text(encoding="utf-8"))
    return [rule for product in data["products"] for rule in product["eligibility"]]


@pytest.mark.parametrize("rule", fixture_rules(), ids=lambda rule: rule["rule"])
def test_every_eligibility_rule_of_the_catalogue_is_worded(rule):
    text = cards.describe_rule(rule)
    assert rule["rule"] not in text
    assert "%(" not in text


@pytest.mark.parametrize(
    ("rule", "expected"),
    [
        ({"rule": "min_age", "years": 18}, "Minimaal 18 jaar oud"),
        ({"rule": "asylum_decision", "value": "granted"}, "Asielaanvraag toegewezen"),
        (
            {"rule": "no_recent_trajectory", "product": "ASIEL", "months": 6},
            "Geen traject ASIEL in de afgelopen 6 maanden",
        ),
        ({"rule": "speaks_frisian", "value": True}, "speaks_frisian (value: True)"),
        ({"rule": "min_age"}, "min_age"),
    ],
)
def test_describe_rule(rule, expected):
    with translation.override("nl"):
        assert cards.describe_rule(rule) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sizes", "expected"),
    [((6, 12), "6 tot 12 personen"), ((12, 12), "12 personen"), ((None, 10), "maximaal 10")],
)
def test_group_size_reads_naturally(sizes, expected):
    product = ProductFactory(group_size_min=sizes[0], group_size_max=sizes[1])
    with translation.override("nl"):
        values = {a.label: a.value for a in cards.structured_attributes(product)}
    assert expected in values["Groepsgrootte"]
