from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.catalog import cards, selectors, services
from wegwijs.catalog.forms import CatalogueFilterForm, NewPriceListForm
from wegwijs.catalog.models import PriceList
from wegwijs.core.access import requires
from wegwijs.core.errors import DomainError


def _chosen_price_list(request):
    """The filter form and the price list of the chosen year, without a choice the list of
    the current year (or the newest before it); None if the chosen year is unknown."""
    form = CatalogueFilterForm(request.GET or None, years=selectors.price_list_years())
    if not form.is_bound:
        price_list = selectors.current_price_list(timezone.localdate())
        if price_list is not None:
            form.initial = {"jaar": price_list.year}
        return form, price_list, ""
    if not form.is_valid():
        # An unknown year shows no prices (the form says why); a valid search still applies.
        return form, None, form.cleaned_data.get("q", "")
    data = form.cleaned_data
    if data["jaar"] is None:
        return form, selectors.current_price_list(timezone.localdate()), data["q"]
    return form, selectors.price_list_for(data["jaar"]), data["q"]


@requires("catalog.view")
def index(request):
    form, price_list, search = _chosen_price_list(request)
    products = list(selectors.catalogue_products(price_list, search=search))
    return render(
        request,
        "catalog/index.html",
        {
            "form": form,
            "price_list": price_list,
            "products": products,
            "search": search,
            "can_manage": request.user.can("catalog.manage"),
        },
    )


@requires("catalog.view")
def product(request, code):
    form, price_list, _search = _chosen_price_list(request)
    found = list(selectors.catalogue_products(price_list).filter(code=code))
    if not found:
        raise Http404
    product = found[0]
    return render(
        request,
        "catalog/product.html",
        {
            "form": form,
            "year_fields": [form["jaar"]],
            "product": product,
            "price_list": price_list,
            "groups": cards.card_groups(product),
            "attributes": cards.structured_attributes(product),
            "eligibility": cards.eligibility(product),
            "closing_reasons": cards.closing_reasons(product),
            "can_manage": request.user.can("catalog.manage"),
        },
    )


@requires("catalog.manage")
def new_price_list(request):
    form = NewPriceListForm(request.POST or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            price_list = services.create_price_list_from(
                source=data["source"],
                year=data["year"],
                indexation_percentage=data["indexation_percentage"],
                rounding=data["rounding"],
                actor=request.user,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("The price list %(year)s has been made from %(source)s.")
                % {"year": price_list.year, "source": data["source"].year},
            )
            return redirect(f"{reverse('catalog:index')}?jaar={price_list.year}")
    elif not form.is_bound:
        source = selectors.price_list_for(None)
        if request.GET.get("source", "").isdigit():
            source = PriceList.objects.filter(pk=request.GET["source"]).first() or source
        if source is not None:
            form.initial = {"source": source.pk, "year": source.year + 1}
    return render(request, "catalog/new_price_list.html", {"form": form})
