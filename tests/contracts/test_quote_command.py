"""``manage.py quote``: the same prices as the pages, saving nothing, exit code 2 on bad input."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation
from django.utils.translation import gettext as _

from wegwijs.contracts.models import Contract, ContractLine
from wegwijs.core.models import AuditEntry

pytestmark = pytest.mark.django_db

DONE_WHEN = ["--line", "VIP18:traject:10", "--line", "TAALCOACH:12m:5"]


def quote(*args):
    out = io.StringIO()
    call_command("quote", *args, stdout=out)
    return out.getvalue()


def test_done_when_quote_in_text(catalogue_2019):
    audit_before = AuditEntry.objects.count()
    output = quote("--municipality", "GM0202", "--year", "2019", *DONE_WHEN)
    assert "Totaal: € 31.842,00" in output
    assert "€ 2.674,80" in output  # VIP 18 per unit with 20 % surcharge
    assert "€ 26.748,00" in output
    with translation.override("nl"):
        reason = _("%(municipality)s has no information-and-advice point") % {
            "municipality": "Arnhem"
        }
    assert "20 %" in output and reason in output
    assert "€ 5.307,00" in output
    assert not Contract.objects.exists() and not ContractLine.objects.exists()
    assert AuditEntry.objects.count() == audit_before


def test_done_when_quote_in_json(catalogue_2019):
    data = json.loads(
        quote("--municipality", "GM0202", "--year", "2019", *DONE_WHEN, "--format", "json")
    )
    assert data["municipality"] == {"code": "GM0202", "name": "Arnhem"}
    assert data["year"] == 2019
    assert data["surcharge_percentage"] == "20.00"
    assert data["surcharge_applies"] is True
    assert data["total"] == "31842.00"
    assert data["lines"][0] == {
        "product": "VIP18",
        "product_name": data["lines"][0]["product_name"],
        "tariff": "traject",
        "unit": data["lines"][0]["unit"],
        "quantity": 10,
        "basis": "guide_surcharge",
        "guide_price": "2229.00",
        "surcharge": "445.80",
        "unit_price": "2674.80",
        "total": "26748.00",
    }
    assert data["lines"][1]["total"] == "5094.00"
    assert data["guide_subtotal"] == "26535.00"
    assert data["surcharge_total"] == "5307.00"


def test_empty_tariff_allowed_when_product_has_one_tariff(price_list, municipality):
    data = json.loads(
        quote(
            "--municipality", "GM0202", "--year", "2019", "--line", "VIP18::1", "--format", "json"
        )
    )
    assert data["lines"][0]["tariff"] == "traject"
    assert data["total"] == "2674.80"


def test_agreed_price_for_on_request_line(price_list, municipality):
    data = json.loads(
        quote(
            "--municipality",
            "GM0202",
            "--year",
            "2019",
            "--line",
            "INBURGERING::2",
            "--price",
            "INBURGERING=1500,50",
            "--format",
            "json",
        )
    )
    line = data["lines"][0]
    assert (line["basis"], line["unit_price"], line["surcharge"], line["guide_price"]) == (
        "agreed",
        "1500.50",
        "0.00",
        None,
    )
    assert data["total"] == "3001.00"


def test_agreed_price_overrides_guide_price_in_command(price_list, municipality):
    data = json.loads(
        quote(
            "--municipality",
            "GM0202",
            "--year",
            "2019",
            "--line",
            "TAALCOACH:18m:2",
            "--price",
            "TAALCOACH:18m=1000",
            "--format",
            "json",
        )
    )
    assert data["total"] == "2000.00"


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--municipality", "GM9999", "--year", "2019", "--line", "VIP18::1"], "GM9999"),
        (["--municipality", "GM0202", "--year", "2031", "--line", "VIP18::1"], "2031"),
        (["--municipality", "GM0202", "--year", "twee", "--line", "VIP18::1"], "twee"),
        (["--municipality", "GM0202", "--year", "2019", "--line", "NOPE::1"], "NOPE"),
        (["--municipality", "GM0202", "--year", "2019", "--line", "VIP18:nope:1"], "nope"),
        (["--municipality", "GM0202", "--year", "2019", "--line", "TAALCOACH::1"], "12m, 18m"),
        (["--municipality", "GM0202", "--year", "2019", "--line", "VIP18::0"], "VIP18::0"),
        (["--municipality", "GM0202", "--year", "2019", "--line", "VIP18::-1"], "VIP18::-1"),
        (["--municipality", "GM0202", "--year", "2019", "--line", "VIP18::1.5"], "VIP18::1.5"),
        (["--municipality", "GM0202", "--year", "2019", "--line", "VIP18::tien"], "tien"),
        (
            ["--municipality", "GM0202", "--year", "2019", "--line", "VIP18:10"],
            "CODE:TARIEF:AANTAL",
        ),
        (["--municipality", "GM0202", "--year", "2019"], "--line"),
        (
            ["--municipality", "GM0202", "--year", "2019", "--line", "INBURGERING::2"],
            "--price INBURGERING:op_aanvraag=",
        ),
        (
            [
                "--municipality",
                "GM0202",
                "--year",
                "2019",
                "--line",
                "INBURGERING::2",
                "--price",
                "INBURGERING=veel",
            ],
            "veel",
        ),
        (
            [
                "--municipality",
                "GM0202",
                "--year",
                "2019",
                "--line",
                "VIP18::2",
                "--price",
                "TAALCOACH:12m=5",
            ],
            "TAALCOACH:12m=5",
        ),
    ],
)
def test_bad_input_exits_with_code_2(price_list, municipality, args, fragment):
    with pytest.raises(CommandError) as error:
        quote(*args)
    assert error.value.returncode == 2
    assert fragment in str(error.value)


def test_real_exit_code_is_2(tmp_path):
    """One run of the real command in a process of its own (empty database of its own)."""
    root = Path(__file__).resolve().parents[2]
    env = {
        **os.environ,
        "WEGWIJS_ENV": "development",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'quote.sqlite3'}",
    }
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=root,
        env=env,
        check=True,
        capture_output=True,
    )
    result = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "manage.py",
            "quote",
            "--municipality",
            "GM0202",
            "--year",
            "2019",
            "--line",
            "VIP18:traject:10",
        ],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "GM0202" in result.stderr


def test_readme_example_on_fresh_reference_data_asks_then_answers(db):
    """After a fresh load Arnhem's basic services are unknown: VIP 18 on the quote answers
    settlement coaching, --information-point answers the other question."""
    from wegwijs.catalog.reference import load_catalogue
    from wegwijs.organisation.reference import load_municipalities

    load_municipalities()
    load_catalogue()
    asked = json.loads(
        quote("--municipality", "GM0202", "--year", "2019", *DONE_WHEN, "--format", "json")
    )
    with translation.override("nl"):
        question = _("Does the municipality have an information-and-advice point?")
    assert asked["questions"] == [question]
    assert asked["surcharge_applies"] is False and asked["total"] == "26535.00"
    answered = quote(
        "--municipality", "GM0202", "--year", "2019", *DONE_WHEN, "--information-point", "no"
    )
    assert "Totaal: € 31.842,00" in answered
