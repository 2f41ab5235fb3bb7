from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijs.catalog.models import PriceList, Tariff
from wegwijs.contracts.constants import ContractStatus
from wegwijs.contracts.services import (
    MAX_PRICE,
    MAX_QUANTITY,
    MAX_REASON,
    municipalities_for_contracts,
)
from wegwijs.core.money import format_euro
from wegwijs.organisation.models import Municipality

QUANTITY_HELP = _("A whole number, at least 1.")
AGREED_PRICE_HELP = _(
    "Only when a price was agreed with the municipality: it replaces the guide price and any "
    "surcharge. Required for a tariff on request. Use a comma for cents, e.g. 1500,00."
)


def year_choices():
    return [(year, str(year)) for year in PriceList.objects.values_list("year", flat=True)]


class ContractFilterForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False, empty_value=None)
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), required=False
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *ContractStatus.choices],
        required=False,
    )

    def __init__(self, *args, contracts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("All years")), *year_choices()]
        self.fields["municipality"].queryset = Municipality.objects.filter(
            pk__in=contracts.values("municipality_id")
        )


class ContractCreateForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none()
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = municipalities_for_contracts(user)
        self.fields["year"].choices = year_choices()


class LineForm(forms.Form):
    """Quantity and agreed price; shared by adding and changing a line."""

    quantity = forms.IntegerField(
        label=_("Quantity"), min_value=1, max_value=MAX_QUANTITY, help_text=QUANTITY_HELP
    )
    agreed_price = forms.DecimalField(
        label=_("Agreed price per unit (€)"),
        required=False,
        min_value=0,
        max_value=MAX_PRICE,
        max_digits=10,
        decimal_places=2,
        localize=True,
        help_text=AGREED_PRICE_HELP,
    )


class LineChangeForm(LineForm):
    """The compact form in each line's row; the add-line form below explains the fields."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.help_text = ""


class AddLineForm(LineForm):
    tariff = forms.ModelChoiceField(label=_("Product and tariff"), queryset=Tariff.objects.none())

    field_order = ["tariff", "quantity", "agreed_price"]

    def __init__(self, *args, contract, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["tariff"]
        field.queryset = (
            Tariff.objects.filter(price_list_id=contract.price_list_id, product__is_active=True)
            .select_related("product", "unit")
            .order_by("product__category__order", "product__order", "order", "code")
        )
        field.label_from_instance = tariff_label


def tariff_label(tariff) -> str:
    price = _("on request") if tariff.on_request else format_euro(tariff.price)
    return f"{tariff.product.name} – {tariff.name} ({price})"


class SurchargeWaiverForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason to waive the surcharge"),
        max_length=MAX_REASON,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Printed on the quote. Leave empty to take a waiver back."),
    )
