"""The self-sufficiency report per municipality and period: page and Excel export.

Aggregates only (no client is named or linked); a gemeentecontact sees the figures with small
counts suppressed, a coördinator the exact ones (``report.sees_exact_figures``). Each view of
the figures is logged without a client id.
"""

import io
from urllib.parse import urlencode

from django.db.models import Min
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from wegwijs.contracts.models import Contract
from wegwijs.core import audit, disclosure
from wegwijs.core.access import requires
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError
from wegwijs.measurements import report
from wegwijs.measurements.charts import distribution_svg
from wegwijs.measurements.forms import ReportForm

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _years() -> list[int]:
    """From the first contract year up to this year, newest first."""
    this_year = timezone.localdate().year
    first = Contract.objects.aggregate(first=Min("year"))["first"] or this_year
    return list(range(this_year, min(first, this_year) - 1, -1))


def _form(request) -> ReportForm:
    return ReportForm(
        request.GET or None,
        user=request.user,
        years=_years(),
        products=report.measuring_products(),
    )


def _view_of(request, form) -> report.ReportView | None:
    """The report asked for in the valid ``form``; None, with the reason on the form, when the
    report refuses it."""
    try:
        return report.report_for(request.user, **form.cleaned_data)
    except DomainError as error:
        form.add_error(None, str(error))
        return None


def _log(request, form, view, action):
    product = form.cleaned_data["product"]
    asked = [view.municipality.cbs_code, view.period.slug, product.code if product else "all"]
    audit.record(
        request,
        action=action,
        object_type="measurements.report",
        object_id=":".join(asked)[:64],
        event="measurements.report",
    )


@requires("measurements.report")
def report_page(request):
    form = _form(request)
    view = _view_of(request, form) if form.is_bound and form.is_valid() else None
    if view is not None:
        _log(request, form, view, AuditAction.READ)
        for product in view.products:
            for section in product.sections:
                section.svg = distribution_svg(
                    section.chart,
                    title=section.chart_title,
                    level_names=view.level_names,
                    hidden_text=_("hidden: small numbers"),
                    empty_text=_("no scores"),
                )
    return render(
        request,
        "measurements/report.html",
        {
            "form": form,
            "view": view,
            "own_municipality": form.own_municipality,
            "query": urlencode(
                {key: value for key, value in request.GET.items() if value}, doseq=False
            ),
        },
    )


@requires("measurements.report")
def report_xlsx(request):
    form = _form(request)
    view = _view_of(request, form) if form.is_bound and form.is_valid() else None
    if view is None:
        # The page shows what is wrong with the request.
        query = request.GET.urlencode()
        return redirect(reverse("measurements:report") + (f"?{query}" if query else ""))
    buffer = io.BytesIO()
    report_workbook(view).save(buffer)
    _log(request, form, view, AuditAction.EXPORT)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    product = form.cleaned_data["product"]
    parts = ["zelfredzaamheid", view.municipality.cbs_code, view.period.slug]
    if product is not None:
        parts.append(product.code)
    name = "-".join(slugify(part) for part in parts)
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


# --- The workbook ---------------------------------------------------------------------------

# A text cell starting with one of these would be read as a formula (IO-03).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOLD = Font(bold=True)


def neutralised(text) -> str:
    """``text`` as a string no spreadsheet reads as a formula."""
    text = str(text)
    return f"'{text}" if text.startswith(FORMULA_START) else text


def _put(sheet, row: int, column: int, value, *, bold=False):
    cell = sheet.cell(row=row, column=column)
    if isinstance(value, disclosure.Cell):
        cell.value = str(value) if value.hidden else value.value
    elif isinstance(value, disclosure.Share):
        if value.percent is None:
            cell.value = str(value)
        else:
            cell.value = value.percent / 100
            cell.number_format = "0%"
    elif isinstance(value, int):
        cell.value = value
    else:
        cell.value = neutralised(value)
    if isinstance(cell.value, str):
        cell.data_type = "s"
    if bold:
        cell.font = BOLD


def report_workbook(view: report.ReportView) -> Workbook:
    """The tables of ``view`` (already suppressed where needed): an overview sheet, then one
    sheet per product."""
    book = Workbook()
    sheet = book.active
    sheet.title = neutralised(_("Overview"))[:31]
    lines = [
        (_("Self-sufficiency per municipality"), ""),
        (_("Municipality"), view.municipality.name),
        (_("Period"), view.period.label),
        (_("Made on"), timezone.localdate().strftime("%d-%m-%Y")),
    ]
    row = 1
    for label, value in lines:
        _put(sheet, row, 1, label, bold=True)
        _put(sheet, row, 2, value)
        row += 1
    for note in view.notes:
        row += 1
        _put(sheet, row, 1, note)
    row += 2
    _put(sheet, row, 1, _("Levels"), bold=True)
    for number, name in view.level_names:
        row += 1
        _put(sheet, row, 1, number)
        _put(sheet, row, 2, name)
    row += 2
    if view.empty:
        _put(sheet, row, 1, _("No trajectories closed in this period."))
    else:
        _put(sheet, row, 1, _("Product"), bold=True)
        for column, section in enumerate(view.products[0].sections, start=2):
            _put(sheet, row, column, section.count_label, bold=True)
        for product in view.products:
            row += 1
            _put(sheet, row, 1, product.product.name)
            for column, section in enumerate(product.sections, start=2):
                _put(sheet, row, column, section.count)
    sheet.column_dimensions["A"].width = 40
    for product in view.products:
        _product_sheet(book, product)
    return book


def _product_sheet(book, product):
    title = "".join(ch for ch in product.product.code if ch not in "[]:*?/\\'")[:31]
    sheet = book.create_sheet(title=title or "product")
    _put(sheet, 1, 1, product.product.name, bold=True)
    for row, section in enumerate(product.sections, start=2):
        _put(sheet, row, 1, section.count_label)
        _put(sheet, row, 2, section.count)
    row = 2 + len(product.sections)
    for section in product.sections:
        row += 1
        _put(sheet, row, 1, section.heading, bold=True)
        row += 2
        row = _tables(sheet, row, section.tables)
    sheet.column_dimensions["A"].width = 40


def _tables(sheet, row: int, tables) -> int:
    """Write ``tables`` from ``row`` on; returns the row after them."""
    for table in tables:
        _put(sheet, row, 1, table.caption, bold=True)
        row += 1
        for column, head in enumerate([table.corner, *table.columns], start=1):
            _put(sheet, row, column, head, bold=True)
        for head, cells in table.rows:
            row += 1
            _put(sheet, row, 1, head, bold=True)
            for column, value in enumerate(cells, start=2):
                _put(sheet, row, column, value)
        for note in table.notes:
            row += 1
            _put(sheet, row, 1, note)
        row += 2
    return row
