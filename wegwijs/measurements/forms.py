from django import forms
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.constants import Role
from wegwijs.catalog.models import Product
from wegwijs.core.forms import BoundedDateField
from wegwijs.core.periods import WORK
from wegwijs.measurements import report
from wegwijs.measurements.constants import NOTE_MAX, MeasurementKind
from wegwijs.measurements.report import QUARTER_NAMES
from wegwijs.organisation.models import Municipality


class MeasurementForm(forms.Form):
    """One screen for a whole measurement: per domain a radio group of the five labelled
    levels and an optional note, the ladder rung where the product uses it."""

    kind = forms.ChoiceField(label=_("Measurement"), choices=MeasurementKind.choices)
    date = BoundedDateField(label=_("Date"), date_range=WORK)

    def __init__(
        self, data=None, *, domains, levels, rungs, uses_ladder, previous, kinds, kind=None
    ):
        super().__init__(data, initial={"date": timezone.localdate(), "kind": kind})
        # Only the product's own kinds; record_measurement refuses any other.
        self.fields["kind"].choices = [c for c in MeasurementKind.choices if c[0] in kinds]
        self.domain_rows = []
        for row in domains:
            domain = row.domain
            choices = [
                (level.number, f"{level.number} {level.name}: {domain.describe(level.number)}")
                for level in levels
            ]
            level_name, note_name = f"level_{domain.code}", f"note_{domain.code}"
            self.fields[level_name] = forms.TypedChoiceField(
                label=domain.name,
                choices=choices,
                coerce=int,
                widget=forms.RadioSelect,
                required=row.mandatory,
                empty_value=None,
            )
            self.fields[note_name] = forms.CharField(
                label=_("Note"), max_length=NOTE_MAX, required=False
            )
            self.domain_rows.append(
                {
                    "domain": domain,
                    "mandatory": row.mandatory,
                    "level": self[level_name],
                    "note": self[note_name],
                    "previous": previous.get(domain.pk),
                }
            )
        if uses_ladder:
            self.fields["rung"] = forms.TypedChoiceField(
                label=_("Participation ladder"),
                choices=[(r.number, f"{r.number} {r.name}") for r in rungs],
                coerce=int,
                widget=forms.RadioSelect,
            )

    def scores(self) -> dict:
        return {
            row["domain"].code: (
                self.cleaned_data.get(f"level_{row['domain'].code}"),
                self.cleaned_data.get(f"note_{row['domain'].code}", ""),
            )
            for row in self.domain_rows
        }


class ReportForm(forms.Form):
    """Municipality, year and product of the self-sufficiency report (a GET form).

    Offers what ``report`` allows ``user``: the municipalities of ``report.municipalities_for``
    and, where ``report.may_choose_quarter``, a quarter. A gemeentecontact has one municipality,
    so the field is hidden and defaults to theirs; ``report.report_for`` refuses any other."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"), queryset=Municipality.objects.none(), to_field_name="cbs_code"
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    quarter = forms.TypedChoiceField(
        label=_("Period"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=[
            ("", _("Whole year")),
            *((q, capfirst(name)) for q, name in QUARTER_NAMES.items()),
        ],
    )
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=Product.objects.none(),
        to_field_name="code",
        required=False,
        empty_label=_("All products that measure"),
    )

    def __init__(self, data=None, *, user, years, products):
        super().__init__(data, initial={"year": years[0] if years else None})
        self.own_municipality = None
        if user.role == Role.GEMEENTECONTACT:
            self.own_municipality = user.municipality
            # Any code, so that another one asked for in the address meets report_for's refusal.
            self.fields["municipality"] = forms.ModelChoiceField(
                queryset=Municipality.objects.all(),
                to_field_name="cbs_code",
                required=False,
                widget=forms.HiddenInput,
            )
        else:
            self.fields["municipality"].queryset = report.municipalities_for(user).order_by("name")
        if not report.may_choose_quarter(user):
            del self.fields["quarter"]
        self.fields["year"].choices = [(year, str(year)) for year in years]
        self.fields["product"].queryset = products

    def clean(self):
        data = super().clean()
        if self.own_municipality is not None:
            # The field is hidden: an unknown code's error shows above the form.
            for error in self.errors.pop("municipality", []):
                self.add_error(None, error)
            data["municipality"] = data.get("municipality") or self.own_municipality
        return data
