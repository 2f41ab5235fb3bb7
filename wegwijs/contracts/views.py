"""Contract pages: fetch through ``Contract.objects.visible_to``, call a service, redirect
with a message. Out of scope answers 404; a role without the capability gets 403."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.contracts import services
from wegwijs.contracts.forms import (
    AddLineForm,
    ContractCreateForm,
    ContractFilterForm,
    LineChangeForm,
    SurchargeWaiverForm,
)
from wegwijs.contracts.models import Contract, ContractLine
from wegwijs.core import audit
from wegwijs.core.access import requires
from wegwijs.core.constants import AuditAction
from wegwijs.core.errors import DomainError

PAGE_SIZE = 25


def _visible(request):
    return Contract.objects.visible_to(request.user)


def _get_contract(request, public_id):
    queryset = _visible(request).select_related(
        "municipality", "price_list", "created_by", "offered_by", "signed_by", "closed_by"
    )
    return get_object_or_404(queryset, public_id=public_id)


def _get_line(request, public_id, line_id):
    contract = _get_contract(request, public_id)
    line = get_object_or_404(ContractLine, contract=contract, public_id=line_id)
    line.contract = contract
    return line


@requires("contracts.view")
def index(request):
    visible = _visible(request)
    form = ContractFilterForm(request.GET or None, contracts=visible)
    contracts = visible.with_list_data()
    if form.is_valid():
        data = form.cleaned_data
        if data["year"]:
            contracts = contracts.filter(year=data["year"])
        if data["municipality"]:
            contracts = contracts.filter(municipality=data["municipality"])
        if data["status"]:
            contracts = contracts.filter(status=data["status"])
    elif form.is_bound:
        contracts = contracts.none()
    page = Paginator(contracts.order_by("-year", "municipality__name", "sequence"), PAGE_SIZE)
    page = page.get_page(request.GET.get("page"))
    rows = [(contract, contract.quote(lines=contract.lines.all())) for contract in page]
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "contracts/index.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "can_manage": request.user.can("contracts.manage"),
        },
    )


@requires("contracts.manage")
def create(request):
    form = ContractCreateForm(request.POST or None, user=request.user)
    if request.method == "POST":
        if form.is_valid():
            try:
                contract = services.create_contract(
                    municipality=form.cleaned_data["municipality"],
                    year=form.cleaned_data["year"],
                    notes=form.cleaned_data["notes"],
                    actor=request.user,
                )
            except DomainError as error:
                form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _("Contract %(number)s created as a draft. Add its lines below.")
                    % {"number": contract.number},
                )
                return redirect(contract)
        messages.error(request, _("The contract was not created; see the form below."))
    return render(request, "contracts/create.html", {"form": form})


def _detail_context(request, contract, *, add_form=None):
    lines = list(contract.lines.with_tariffs())
    quote = contract.quote(lines=lines)
    can_manage = request.user.can("contracts.manage")
    editable = can_manage and contract.is_editable
    context = {
        "contract": contract,
        "quote": quote,
        "can_manage": can_manage,
        "editable": editable,
        "use": list(contract.lines.with_tariffs().with_use()),
    }
    if editable:
        context["add_form"] = add_form or AddLineForm(contract=contract)
        context["line_forms"] = {
            line.pk: LineChangeForm(
                initial={"quantity": line.quantity, "agreed_price": line.agreed_price},
                prefix=f"line-{line.public_id}",
            )
            for line in lines
        }
        for quote_line in quote.lines:
            quote_line.line.form = context["line_forms"][quote_line.line.pk]
        context["waiver_form"] = SurchargeWaiverForm(
            initial={"reason": contract.surcharge_waiver_reason}
        )
    return context


@requires("contracts.view", reads=None, because="a contract names no client")
def detail(request, public_id):
    contract = _get_contract(request, public_id)
    return render(request, "contracts/detail.html", _detail_context(request, contract))


@require_POST
@requires("contracts.manage", reads=None, because="a contract names no client")
def add_line(request, public_id):
    contract = _get_contract(request, public_id)
    form = AddLineForm(request.POST, contract=contract)
    if form.is_valid():
        try:
            line = services.add_line(
                contract=contract,
                tariff=form.cleaned_data["tariff"],
                quantity=form.cleaned_data["quantity"],
                agreed_price=form.cleaned_data["agreed_price"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Line added."))
            if line.tariff.on_request and line.agreed_price is None:
                messages.warning(
                    request,
                    _(
                        "This tariff is on request: give the agreed price before the contract "
                        "is signed."
                    ),
                )
            return redirect(contract)
    messages.error(request, _("The line was not added; see the form below."))
    context = _detail_context(request, contract, add_form=form)
    return render(request, "contracts/detail.html", context, status=400)


@require_POST
@requires("contracts.manage", reads=None, because="a contract names no client")
def update_line(request, public_id, line_id):
    line = _get_line(request, public_id, line_id)
    form = LineChangeForm(request.POST, prefix=f"line-{line.public_id}")
    if form.is_valid():
        try:
            services.update_line(
                line=line,
                quantity=form.cleaned_data["quantity"],
                agreed_price=form.cleaned_data["agreed_price"],
                actor=request.user,
            )
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Line changed."))
    else:
        errors = "; ".join(
            " ".join(messages_of_field)
            if name not in form.fields
            else f"{form.fields[name].label}: {' '.join(messages_of_field)}"
            for name, messages_of_field in form.errors.items()
        )
        messages.error(request, _("The line was not changed: %(errors)s") % {"errors": errors})
    return redirect(line.contract)


@require_POST
@requires("contracts.manage", reads=None, because="a contract names no client")
def remove_line(request, public_id, line_id):
    line = _get_line(request, public_id, line_id)
    try:
        services.remove_line(line=line, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Line removed."))
    return redirect(line.contract)


@require_POST
@requires("contracts.manage", reads=None, because="a contract names no client")
def waive_surcharge(request, public_id):
    contract = _get_contract(request, public_id)
    form = SurchargeWaiverForm(request.POST)
    if not form.is_valid():
        for error in form.errors.get("reason", []):
            messages.error(request, error)
        return redirect(contract)
    reason = form.cleaned_data["reason"]
    try:
        services.waive_surcharge(contract=contract, reason=reason, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("The surcharge is waived.") if reason else _("The waiver is taken back.")
        )
    return redirect(contract)


def _transition(request, public_id, service, success_message):
    contract = _get_contract(request, public_id)
    try:
        service(contract=contract, actor=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success_message % {"number": contract.number})
    return redirect(contract)


@require_POST
@requires("contracts.manage", reads=None, because="a contract names no client")
def offer(request, public_id):
    return _transition(
        request, public_id, services.offer_contract, _("Contract %(number)s is offered.")
    )


@require_POST
@requires("contracts.manage", reads=None, because="a contract names no client")
def withdraw(request, public_id):
    return _transition(
        request,
        public_id,
        services.withdraw_offer,
        _("Contract %(number)s is a draft again; its lines can change."),
    )


@require_POST
@requires("contracts.manage", reads=None, because="a contract names no client")
def sign(request, public_id):
    return _transition(
        request, public_id, services.sign_contract, _("Contract %(number)s is signed.")
    )


@require_POST
@requires("contracts.manage", reads=None, because="a contract names no client")
def close(request, public_id):
    return _transition(
        request, public_id, services.close_contract, _("Contract %(number)s is closed.")
    )


def _quote_context(request, contract):
    return {
        "contract": contract,
        "quote": contract.quote(),
        "foundation_name": settings.FOUNDATION_NAME,
    }


@requires("contracts.view", reads=None, because="a contract names no client")
def quote(request, public_id):
    contract = _get_contract(request, public_id)
    return render(request, "contracts/quote.html", _quote_context(request, contract))


@requires("contracts.view", reads=None, because="a contract names no client")
def quote_pdf(request, public_id):
    contract = _get_contract(request, public_id)
    html = render_to_string(
        "contracts/quote_pdf.html", _quote_context(request, contract), request=request
    )
    # Imported here: WeasyPrint is heavy and logs while it loads, so only the PDF view pays.
    from wegwijs.contracts.pdf import html_to_pdf

    pdf = html_to_pdf(html)
    audit.record(request, action=AuditAction.EXPORT, obj=contract, event="quote_pdf")
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"offerte-{contract.number}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
