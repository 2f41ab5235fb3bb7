"""``manage.py quote``: price a quote on the command line, saving nothing.

    manage.py quote --municipality GM0202 --year 2019 --line VIP18:traject:10 \\
        --line TAALCOACH:12m:5 [--line INBURGERING::2 --price INBURGERING=1500] [--format json]

``--line CODE:TARIFF:QTY``: the product's short code, the tariff's short code within that
product (may be left empty when the product has exactly one tariff that year) and a whole
quantity of at least 1. ``--price CODE:TARIFF=AMOUNT`` (or ``CODE=AMOUNT`` when the tariff was
left empty) gives the agreed price per unit for the line(s) of that product and tariff; a tariff
on request needs one. Amounts take a dot or a comma for cents, no thousands separator.
``--information-point yes|no`` and ``--settlement-coaching yes|no`` answer, for this quote
only, what the municipality's settings leave unknown (or override them); without an answer the
year's contracts and the quote's own lines decide, and what stays unknown is printed as a
question.

Prices come from ``wegwijs.contracts.pricing``, the same resolution the contract pages and the
PDF use. Any bad input stops the command with exit code 2 before anything is printed.
"""

import json
import re
from decimal import Decimal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from wegwijs.catalog.models import PriceList, Tariff
from wegwijs.contracts.models import COMMITTED_STATUSES, ContractLine
from wegwijs.contracts.pricing import build_quote, quote_line_for, surcharge_for
from wegwijs.contracts.services import MAX_PRICE, MAX_QUANTITY
from wegwijs.core.money import format_euro
from wegwijs.organisation.models import Municipality

USAGE_ERROR = 2
AMOUNT_RE = re.compile(r"^\d+([.,]\d{1,2})?$")


def fail(message: str):
    raise CommandError(message, returncode=USAGE_ERROR)


def parse_amount(text: str) -> Decimal:
    text = text.strip()
    if not AMOUNT_RE.match(text):
        fail(
            _(
                "'%(value)s' is not an amount: write euros with at most two decimals, "
                "e.g. 1500 or 1500,00, without a thousands separator."
            )
            % {"value": text}
        )
    amount = Decimal(text.replace(",", "."))
    if amount > MAX_PRICE:
        fail(_("The amount %(value)s is too large.") % {"value": text})
    return amount


def parse_quantity(text: str, line: str) -> int:
    if not re.fullmatch(r"\d+", text.strip()):
        fail(
            _("Line '%(line)s': the quantity must be a whole number of at least 1.")
            % {"line": line}
        )
    quantity = int(text)
    if quantity < 1:
        fail(_("Line '%(line)s': the quantity must be at least 1.") % {"line": line})
    if quantity > MAX_QUANTITY:
        fail(
            _("Line '%(line)s': the quantity may be at most %(max)s.")
            % {"line": line, "max": MAX_QUANTITY}
        )
    return quantity


class Command(BaseCommand):
    help = (
        "Print a quote for a municipality and year without saving anything. "
        "--line CODE:TARIFF:QTY (TARIFF may be empty when the product has one tariff that year); "
        "--price CODE:TARIFF=AMOUNT gives the agreed price for a line on request."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--municipality", required=True, help="CBS code of the municipality, e.g. GM0202."
        )
        parser.add_argument("--year", required=True, help="Year of the price list, e.g. 2019.")
        parser.add_argument(
            "--line",
            action="append",
            default=[],
            metavar="CODE:TARIFF:QTY",
            help="A quote line; repeat for more lines.",
        )
        parser.add_argument(
            "--price",
            action="append",
            default=[],
            metavar="CODE:TARIFF=AMOUNT",
            help="Agreed price per unit for the line(s) of that product and tariff "
            "(needed for a tariff on request).",
        )
        parser.add_argument(
            "--information-point",
            choices=["yes", "no"],
            help="Whether the municipality has an information-and-advice point, for this quote "
            "(default: its setting, else the year's contracts).",
        )
        parser.add_argument(
            "--settlement-coaching",
            choices=["yes", "no"],
            help="Whether the municipality has settlement coaching, for this quote "
            "(default: its setting, else the year's contracts).",
        )
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, **options):
        # Dutch by default, like the pages (settings.LANGUAGE_CODE).
        with translation.override(settings.LANGUAGE_CODE):
            self.make_quote(options)

    def make_quote(self, options):
        municipality = self.get_municipality(options["municipality"])
        price_list = self.get_price_list(options["year"])
        if not options["line"]:
            fail(_("Give at least one --line CODE:TARIFF:QTY."))
        requested = [self.parse_line(text, price_list) for text in options["line"]]
        prices = self.parse_prices(options["price"], requested)
        for option, name in (
            ("information_point", "has_information_point"),
            ("settlement_coaching", "has_settlement_coaching"),
        ):
            if options.get(option):
                setattr(municipality, name, options[option] == "yes")
        provided = {t.provides_basic_service for t, _q, _t in requested} | set(
            ContractLine.objects.filter(
                contract__municipality=municipality,
                contract__year=price_list.year,
                contract__status__in=COMMITTED_STATUSES,
            ).values_list("tariff__provides_basic_service", flat=True)
        )
        decision = surcharge_for(
            municipality=municipality, price_list=price_list, provided=provided - {""}
        )
        percentage = decision.percentage
        lines = []
        for tariff, quantity, text in requested:
            agreed = prices.get((tariff.product.code, tariff.code))
            if tariff.on_request and agreed is None:
                fail(
                    _(
                        "Line '%(line)s': tariff %(tariff)s of %(product)s is on request and has "
                        "no price; give the agreed price with --price %(product)s:%(tariff)s="
                        "AMOUNT."
                    )
                    % {"line": text, "tariff": tariff.code, "product": tariff.product.code}
                )
            lines.append(
                quote_line_for(
                    tariff=tariff,
                    quantity=quantity,
                    agreed_price=agreed,
                    surcharge_percentage=percentage,
                )
            )
        quote = build_quote(
            surcharge_percentage=percentage,
            lines=lines,
            surcharge=decision,
            municipality_name=municipality.name_in(price_list.year),
        )
        if options["format"] == "json":
            self.stdout.write(json.dumps(self.as_json(municipality, price_list, quote), indent=2))
        else:
            self.stdout.write(self.as_text(municipality, price_list, quote))

    # Input ---------------------------------------------------------------------------------

    def get_municipality(self, code: str) -> Municipality:
        municipality = Municipality.objects.filter(cbs_code=code.strip().upper()).first()
        if municipality is None:
            fail(
                _("Unknown municipality '%(code)s': give its CBS code, e.g. GM0202.")
                % {"code": code}
            )
        return municipality

    def get_price_list(self, year: str) -> PriceList:
        price_list = None
        if re.fullmatch(r"\d{4}", year.strip()):
            price_list = PriceList.objects.filter(year=int(year)).first()
        if price_list is None:
            years = ", ".join(str(y) for y in PriceList.objects.values_list("year", flat=True))
            fail(
                _(
                    "There is no price list for the year '%(year)s'. "
                    "Years with a price list: %(years)s."
                )
                % {"year": year, "years": years or "—"}
            )
        return price_list

    def parse_line(self, text: str, price_list: PriceList):
        parts = text.split(":")
        if len(parts) != 3:
            fail(
                _(
                    "Line '%(line)s': write it as CODE:TARIFF:QTY, e.g. VIP18:traject:10 "
                    "(TARIFF may be empty when the product has one tariff that year: VIP18::10)."
                )
                % {"line": text}
            )
        code, tariff_code, quantity_text = (part.strip() for part in parts)
        tariffs = list(
            Tariff.objects.filter(price_list=price_list, product__code=code.upper())
            .select_related("product", "unit")
            .order_by("order", "code")
        )
        if not tariffs:
            fail(
                _("Line '%(line)s': no product with code '%(code)s' in the price list of %(year)s.")
                % {"line": text, "code": code, "year": price_list.year}
            )
        codes = ", ".join(t.code for t in tariffs)
        if not tariff_code:
            if len(tariffs) != 1:
                fail(
                    _(
                        "Line '%(line)s': product %(code)s has more than one tariff in "
                        "%(year)s; name one of: %(codes)s."
                    )
                    % {"line": text, "code": code, "year": price_list.year, "codes": codes}
                )
            tariff = tariffs[0]
        else:
            tariff = next((t for t in tariffs if t.code == tariff_code), None)
            if tariff is None:
                fail(
                    _(
                        "Line '%(line)s': product %(code)s has no tariff '%(tariff)s' in %(year)s; "
                        "its tariffs are: %(codes)s."
                    )
                    % {
                        "line": text,
                        "code": code,
                        "tariff": tariff_code,
                        "year": price_list.year,
                        "codes": codes,
                    }
                )
        return tariff, parse_quantity(quantity_text, text), text

    def parse_prices(self, texts, requested) -> dict:
        """``--price`` values keyed by (product code, tariff code) of the requested lines."""
        by_key = {}
        single = {}
        for tariff, _quantity, _text in requested:
            by_key[(tariff.product.code, tariff.code)] = tariff
            single.setdefault(tariff.product.code, set()).add(tariff.code)
        prices = {}
        for text in texts:
            key, sep, amount_text = text.partition("=")
            if not sep:
                fail(
                    _(
                        "--price '%(value)s': write it as CODE:TARIFF=AMOUNT, "
                        "e.g. INBURGERING:op_aanvraag=1500."
                    )
                    % {"value": text}
                )
            code, _sep, tariff_code = key.strip().partition(":")
            code, tariff_code = code.strip().upper(), tariff_code.strip()
            if not tariff_code and len(single.get(code, ())) == 1:
                tariff_code = next(iter(single[code]))
            if (code, tariff_code) not in by_key:
                fail(
                    _("--price '%(value)s' does not belong to any --line of this quote.")
                    % {"value": text}
                )
            if (code, tariff_code) in prices:
                fail(_("--price for %(key)s is given twice.") % {"key": f"{code}:{tariff_code}"})
            prices[(code, tariff_code)] = parse_amount(amount_text)
        return prices

    # Output --------------------------------------------------------------------------------

    def as_json(self, municipality, price_list, quote) -> dict:
        def amount(value):
            return None if value is None else f"{value:.2f}"

        return {
            "municipality": {"code": municipality.cbs_code, "name": quote.municipality_name},
            "year": price_list.year,
            "surcharge_percentage": amount(quote.surcharge_percentage),
            "surcharge_applies": quote.surcharge_applies,
            "surcharge_reason": quote.surcharge_reason,
            "questions": quote.questions,
            "lines": [
                {
                    "product": line.product_code,
                    "product_name": line.product_name,
                    "tariff": line.tariff_code,
                    "unit": line.unit,
                    "quantity": line.quantity,
                    "basis": str(line.price.basis),
                    "guide_price": amount(line.price.guide_price),
                    "surcharge": amount(line.price.surcharge),
                    "unit_price": amount(line.price.unit_price),
                    "total": amount(line.total),
                }
                for line in quote.lines
            ],
            "guide_subtotal": amount(quote.guide_subtotal),
            "surcharge_total": amount(quote.surcharge_total),
            "agreed_total": amount(quote.agreed_total),
            "total": amount(quote.total),
        }

    def as_text(self, municipality, price_list, quote) -> str:
        rows = [
            (
                _("Product"),
                _("Tariff"),
                _("Quantity"),
                _("Guide price"),
                _("Surcharge"),
                _("Price per unit"),
                _("Total"),
            )
        ]
        for line in quote.lines:
            rows.append(
                (
                    line.product_name,
                    line.tariff_code,
                    str(line.quantity),
                    format_euro(line.price.guide_price) or _("agreed"),
                    format_euro(line.price.surcharge) if line.price.surcharge else "—",
                    format_euro(line.price.unit_price),
                    format_euro(line.total),
                )
            )
        widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
        numeric = {2, 3, 4, 5, 6}

        def render(row):
            cells = [
                cell.rjust(width) if i in numeric else cell.ljust(width)
                for i, (cell, width) in enumerate(zip(row, widths, strict=True))
            ]
            return "  ".join(cells).rstrip()

        lines = [
            _("Quote for %(municipality)s (%(code)s), price list %(year)s")
            % {
                "municipality": quote.municipality_name,
                "code": municipality.cbs_code,
                "year": price_list.year,
            },
            "",
            render(rows[0]),
            "  ".join("-" * width for width in widths),
            *(render(row) for row in rows[1:]),
            "",
            _("Subtotal at guide prices: %(amount)s")
            % {"amount": format_euro(quote.guide_subtotal)},
        ]
        if quote.surcharge_applies:
            lines.append(
                _("Surcharge %(percentage)s %% (%(reason)s): %(amount)s")
                % {
                    "percentage": f"{quote.surcharge_percentage.normalize():f}".replace(".", ","),
                    "reason": quote.surcharge_reason,
                    "amount": format_euro(quote.surcharge_total),
                }
            )
        for question in quote.questions:
            lines.append(
                _("Open question, no surcharge counted yet: %(question)s") % {"question": question}
            )
        if quote.agreed_total:
            lines.append(
                _("Lines at agreed prices: %(amount)s")
                % {"amount": format_euro(quote.agreed_total)}
            )
        lines.append(_("Total: %(amount)s") % {"amount": format_euro(quote.total)})
        return "\n".join(lines)
