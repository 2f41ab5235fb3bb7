"""Forms of the volunteer's phone view and of registering hours."""

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.core.forms import BoundedDateField
from wegwijs.core.periods import WORK
from wegwijs.trajectories.constants import HoursActivity
from wegwijs.trajectories.models import Trajectory

_CLOCK = re.compile(r"^(\d{1,2})[:u](\d{2})$")
_DECIMAL = re.compile(r"^\d{1,2}([.,]\d{1,2})?$")


def parse_hours(text: str) -> int | None:
    """Minutes in a time typed on a phone: ``1,5`` or ``1.5`` (hours), ``1:30`` or ``1u30``
    (hours and minutes), ``2`` (hours). None when it is none of these."""
    text = text.strip().lower().replace(" ", "")
    clock = _CLOCK.match(text)
    if clock:
        hours, minutes = int(clock.group(1)), int(clock.group(2))
        return hours * 60 + minutes if minutes < 60 else None
    if not _DECIMAL.match(text):
        return None
    try:
        hours = Decimal(text.replace(",", "."))
    except InvalidOperation:
        return None
    return int((hours * 60).to_integral_value(rounding=ROUND_HALF_UP))


class TrajectoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, trajectory):
        return f"{trajectory.person.full_name} ({trajectory.product.name})"


class HoursForm(forms.Form):
    """One registration of hours; the duration is one field that takes ``1,5`` as well as
    ``1:30``, so a phone user types three characters. The fields most often changed come
    first; the date defaults to today."""

    hours = forms.CharField(
        label=_("Time (hours)"),
        max_length=5,
        help_text=_("For example 1,5 or 1:30."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off", "size": 5}),
    )
    trajectory = TrajectoryChoiceField(
        label=_("Client (optional)"),
        queryset=Trajectory.objects.none(),
        required=False,
        to_field_name="public_id",
        empty_label=_("no client (training, desk, other)"),
    )
    activity = forms.ChoiceField(label=_("Activity"), choices=HoursActivity.choices)
    date = BoundedDateField(label=_("Date"), date_range=WORK)
    note = forms.CharField(
        label=_("Short note"),
        max_length=200,
        required=False,
        help_text=_("What the time was spent on, without personal data."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trajectory"].queryset = (
            Trajectory.objects.visible_to(user)
            .open()
            .select_related("person", "product")
            .order_by("person__family_name", "person__given_names", "pk")
        )
        self.initial.setdefault("date", timezone.localdate())
        self.initial.setdefault("activity", HoursActivity.CLIENT)

    def clean_hours(self):
        minutes = parse_hours(self.cleaned_data["hours"])
        if minutes is None:
            raise forms.ValidationError(
                _("Enter the time in hours, for example 1,5 or 1:30."), code="invalid"
            )
        return minutes
