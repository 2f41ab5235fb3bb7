from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.measurements.constants import NOTE_MAX, MeasurementKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class MeasurementForm(forms.Form):
    """One screen for a whole measurement: per domain a radio group of the five labelled
    levels and an optional note, the ladder rung where the product uses it."""

    kind = forms.ChoiceField(label=_("Measurement"), choices=MeasurementKind.choices)
    date = forms.DateField(label=_("Date"), widget=DATE)

    def __init__(self, data=None, *, domains, levels, rungs, uses_ladder, previous, kind=None):
        super().__init__(data, initial={"date": timezone.localdate(), "kind": kind})
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
