from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijs.catalog.constants import Rounding
from wegwijs.catalog.models import PriceList


class CatalogueFilterForm(forms.Form):
    """Search and year of the catalogue pages (GET ?q=...&jaar=...)."""

    q = forms.CharField(label=_("Search the cards"), required=False, max_length=100)
    jaar = forms.IntegerField(label=_("Price list year"), required=False)

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.years = years
        self.fields["jaar"].widget = forms.Select(
            choices=[("", _("Current year"))] + [(year, year) for year in years]
        )

    def clean_jaar(self):
        year = self.cleaned_data["jaar"]
        if year is not None and year not in self.years:
            raise forms.ValidationError(
                _("There is no price list for the year %(year)s."), params={"year": year}
            )
        return year


class NewPriceListForm(forms.Form):
    """A new year's price list made from an existing one."""

    source = forms.ModelChoiceField(
        label=_("Made from the price list of"),
        queryset=PriceList.objects.order_by("-year"),
        empty_label=None,
    )
    year = forms.IntegerField(label=_("New year"), min_value=2000, max_value=2999)
    indexation_percentage = forms.DecimalField(
        label=_("Indexation (%)"),
        max_digits=5,
        decimal_places=2,
        min_value=Decimal("-99.99"),
        max_value=Decimal("100"),
        localize=True,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
        help_text=_("Every price is raised by this percentage, e.g. 2.5."),
    )
    rounding = forms.ChoiceField(
        label=_("Rounding"), choices=Rounding.choices, initial=Rounding.WHOLE_EUROS
    )

    def clean(self):
        cleaned = super().clean()
        source, year = cleaned.get("source"), cleaned.get("year")
        if source and year:
            if year <= source.year:
                self.add_error(
                    "year",
                    _("The new year must come after %(year)s.") % {"year": source.year},
                )
            elif PriceList.objects.filter(year=year).exists():
                self.add_error(
                    "year", _("There already is a price list for %(year)s.") % {"year": year}
                )
        return cleaned
