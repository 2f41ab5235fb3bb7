"""Forms of the supervision pages and the volunteer figures. Rules across rows (how many
volunteers a kind of meeting takes, no date in the future) live in the service."""

from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.constants import Role
from wegwijs.core.forms import BoundedDateField, ModelMultipleChoiceField
from wegwijs.core.periods import WORK
from wegwijs.volunteers.constants import SupervisionKind
from wegwijs.volunteers.models import VolunteerProfile

FIRST_YEAR = 2000


class ProfessionalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return user.full_name or user.email


class VolunteerChoiceField(ModelMultipleChoiceField):
    def label_from_instance(self, profile):
        return profile.user.full_name


class BegeleiderForm(forms.Form):
    """Which professional's volunteers to show: the coördinator themselves or a coördinator
    sharing a team with them, named by public id (no personal data in the URL)."""

    begeleider = ProfessionalChoiceField(
        label=_("Responsible professional"),
        queryset=get_user_model().objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label=_("myself"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["begeleider"].queryset = (
            get_user_model()
            .objects.visible_to(user)
            .filter(role=Role.COORDINATOR, is_active=True)
            .exclude(pk=user.pk)
            .order_by("full_name", "pk")
        )


class SupervisionMeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind of meeting"), choices=SupervisionKind.choices, widget=forms.RadioSelect
    )
    held_on = BoundedDateField(label=_("Date"), date_range=WORK)
    volunteers = VolunteerChoiceField(
        label=_("Volunteers"),
        queryset=VolunteerProfile.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        # How many a kind of meeting takes is the service's rule, with its own message.
        required=False,
        help_text=_("Work supervision is with exactly one volunteer, intervisie with one or more."),
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "About the volunteers' work and how they are doing. Do not write down client data."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteers"].queryset = (
            VolunteerProfile.objects.visible_to(user)
            .select_related("user")
            .order_by("user__full_name", "pk")
        )
        self.initial.setdefault("held_on", timezone.localdate())


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), required=False)

    def clean_year(self):
        year = self.cleaned_data["year"]
        if year is None:
            return timezone.localdate().year
        last = timezone.localdate().year + 1
        if not FIRST_YEAR <= year <= last:
            raise forms.ValidationError(
                _("Choose a year from %(first)d up to and including %(last)d.")
                % {"first": FIRST_YEAR, "last": last}
            )
        return year
