"""Forms of the volunteer pages. They check input only; the writes are in ``services``."""

from datetime import timedelta

from django import forms
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.constants import Role
from wegwijs.clients.models import Language
from wegwijs.core.forms import BoundedDateField, bounded_formfield
from wegwijs.core.periods import LIFE_EVENT, WORK
from wegwijs.organisation.models import Location, Municipality
from wegwijs.volunteers.constants import DAYS, PARTS, START_STATUSES, VolunteerStatus
from wegwijs.volunteers.models import (
    Training,
    TrainingKind,
    VolunteerLanguage,
    VolunteerProfile,
    VolunteerRole,
)
from wegwijs.volunteers.services import START_AHEAD_DAYS


def assignment_role_choices():
    # volunteers sits below trajectories: read the choices through the app registry.
    return apps.get_model("trajectories", "Assignment")._meta.get_field("role").choices


def day_part_label(day_label, part_label) -> str:
    return gettext("%(day)s %(part)s") % {"day": day_label, "part": part_label}


def day_part_choices():
    """ "mon_morning" ... "sun_evening" with a label such as "Monday morning", in week order."""
    return [
        (f"{day}_{part}", day_part_label(day_label, part_label))
        for day, day_label in DAYS
        for part, part_label in PARTS
    ]


class MatchRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=assignment_role_choices)


class MatchAssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=assignment_role_choices)
    volunteer = forms.UUIDField(widget=forms.HiddenInput)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=VolunteerStatus.choices)


class ProfileFilterForm(forms.Form):
    """Search and filters of the volunteer list (GET)."""

    q = forms.CharField(label=_("Name"), max_length=100, required=False, widget=forms.SearchInput)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("all statuses")), *VolunteerStatus.choices],
    )
    role = forms.ModelChoiceField(
        label=_("Role"),
        queryset=VolunteerRole.objects.order_by("name"),
        to_field_name="code",
        required=False,
        empty_label=_("all roles"),
    )


class ProfileForm(forms.ModelForm):
    """The fields of a profile a coördinator edits (not the status: that has its own form,
    with consequences; not the screening: that has its own page)."""

    availability = forms.MultipleChoiceField(
        label=_("Availability"),
        choices=day_part_choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick the day parts of the week the volunteer is available."),
    )
    max_clients = forms.IntegerField(
        label=_("Maximum number of clients"),
        min_value=1,
        max_value=50,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )

    class Meta:
        model = VolunteerProfile
        formfield_callback = bounded_formfield({"started_on": WORK})
        fields = [
            "roles",
            "municipalities",
            "locations",
            "availability",
            "max_clients",
            "started_on",
            "begeleider",
        ]
        widgets = {
            "roles": forms.CheckboxSelectMultiple,
            "municipalities": forms.CheckboxSelectMultiple,
            "locations": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "municipalities": _("Where the volunteer works: the municipalities of your teams."),
            "begeleider": _("The coordinator who supervises this volunteer."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        profile = self.instance
        own = profile.pk is not None
        # Choices are the coördinator's working area; what the profile already has stays
        # choosable, so saving never drops it silently.
        covered = Q(pk__in=Municipality.objects.covered_by_teams_of(user).values("pk"))
        at_locations = Q(pk__in=Location.objects.filter(team__members=user).values("pk"))
        colleagues = Q(
            pk__in=get_user_model()
            .objects.filter(role=Role.COORDINATOR, is_active=True, teams__members=user)
            .values("pk")
        )
        if own:
            covered |= Q(pk__in=profile.municipalities.values("pk"))
            at_locations |= Q(pk__in=profile.locations.values("pk"))
            if profile.begeleider_id:
                colleagues |= Q(pk=profile.begeleider_id)
        self.fields["roles"].queryset = VolunteerRole.objects.order_by("name")
        self.fields["municipalities"].queryset = Municipality.objects.filter(covered).order_by(
            "name"
        )
        self.fields["locations"].queryset = Location.objects.filter(at_locations).order_by("name")
        self.fields["begeleider"].queryset = (
            get_user_model().objects.filter(colleagues).order_by("full_name")
        )
        self.fields["started_on"].help_text = _("At most a year ahead.")
        if not own:
            if user.role == Role.COORDINATOR:
                self.initial.setdefault("begeleider", user.pk)
            self.initial.setdefault("max_clients", 2)

    def clean_availability(self):
        chosen = set(self.cleaned_data["availability"])
        # Week order, whatever the order of the submitted boxes.
        return [value for value, _label in day_part_choices() if value in chosen]

    def clean_started_on(self):
        started_on = self.cleaned_data["started_on"]
        # A pre-check for the message at the field; the service refuses too.
        if started_on and started_on > timezone.localdate() + timedelta(days=START_AHEAD_DAYS):
            raise forms.ValidationError(_("The start date can lie at most a year ahead."))
        return started_on

    def availability_rows(self):
        """The availability boxes as a week: [(day label, [box per day part])]."""
        boxes = list(self["availability"])
        size = len(PARTS)
        return [
            (day_label, boxes[i * size : (i + 1) * size])
            for i, (_day, day_label) in enumerate(DAYS)
        ]

    def day_part_labels(self):
        return [label for _part, label in PARTS]


class ProfileCreateForm(ProfileForm):
    """A new profile: the account it belongs to, the starting status, and the profile fields."""

    class Meta(ProfileForm.Meta):
        fields = ["user", "status", *ProfileForm.Meta.fields]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        field = self.fields["user"]
        field.queryset = (
            get_user_model()
            .objects.filter(
                role=Role.VRIJWILLIGER,
                is_active=True,
                volunteer_profile__isnull=True,
                pk__in=get_user_model().objects.filter(teams__members=user).values("pk"),
            )
            .order_by("full_name", "email")
        )
        # Read once: the page both lists the accounts and says when there are none.
        accounts = list(field.queryset)
        field.choices = [
            ("", field.empty_label),
            *((account.pk, f"{account.full_name} ({account.email})") for account in accounts),
        ]
        self.has_accounts = bool(accounts)
        field.help_text = _(
            "Active accounts with the volunteer role in your teams that have no profile yet."
        )
        self.fields["status"].choices = [
            (value, label) for value, label in VolunteerStatus.choices if value in START_STATUSES
        ]
        self.initial.setdefault("status", VolunteerStatus.APPLICANT)


class ScreeningForm(forms.Form):
    vog_issued_on = BoundedDateField(
        label=_("VOG issued on"),
        required=False,
        date_range=LIFE_EVENT,
        help_text=_("The date on the certificate of conduct; its content is never kept."),
    )
    confidentiality_signed_on = BoundedDateField(
        label=_("Confidentiality agreement signed on"), required=False, date_range=LIFE_EVENT
    )

    def _not_in_future(self, name):
        value = self.cleaned_data[name]
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("This date lies in the future."))
        return value

    def clean_vog_issued_on(self):
        return self._not_in_future("vog_issued_on")

    def clean_confidentiality_signed_on(self):
        return self._not_in_future("confidentiality_signed_on")


class _SharedChoicesFormSet(forms.BaseInlineFormSet):
    """Rows that all offer the same long list of choices read it once, not once per row.
    ``shared_field`` names that field; ``unique_field`` may appear once in the set."""

    shared_field = ""
    unique_field = ""
    duplicate_message = ""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.form.base_fields[self.shared_field]
        choices = [("", "---------")] + [(obj.pk, str(obj)) for obj in field.queryset]
        for form in self.forms:
            form.fields[self.shared_field].choices = choices

    def validate_unique(self):
        # Checked in clean() with a message of our own; nothing is written by the formset.
        pass

    def rows(self) -> list[dict]:
        """The cleaned rows that stay (filled in and not marked for deletion)."""
        return [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]

    def clean(self):
        super().clean()
        if any(self.errors) or not self.unique_field:
            return
        seen = set()
        for row in self.rows():
            value = row.get(self.unique_field)
            if value in seen:
                raise forms.ValidationError(self.duplicate_message)
            seen.add(value)


class LanguageFormSet(_SharedChoicesFormSet):
    shared_field = "language"
    unique_field = "language"
    duplicate_message = _("Each language can be listed only once.")


class TrainingFormSet(_SharedChoicesFormSet):
    shared_field = "kind"


class VolunteerLanguageForm(forms.ModelForm):
    class Meta:
        model = VolunteerLanguage
        formfield_callback = bounded_formfield()
        fields = ["language", "level"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].queryset = Language.objects.order_by("name")


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        formfield_callback = bounded_formfield({"completed_on": LIFE_EVENT})
        fields = ["kind", "completed_on"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = TrainingKind.objects.order_by("name")

    def clean_completed_on(self):
        completed_on = self.cleaned_data["completed_on"]
        if completed_on and completed_on > timezone.localdate():
            raise forms.ValidationError(_("A training cannot be completed in the future."))
        return completed_on


LanguageFormSetFactory = forms.inlineformset_factory(
    VolunteerProfile,
    VolunteerLanguage,
    form=VolunteerLanguageForm,
    formset=LanguageFormSet,
    extra=2,
    can_delete=True,
    max_num=30,
    validate_max=True,
    # A forged TOTAL_FORMS builds no more rows than allowed (Django's default adds 1,000).
    absolute_max=30,
)
TrainingFormSetFactory = forms.inlineformset_factory(
    VolunteerProfile,
    Training,
    form=TrainingForm,
    formset=TrainingFormSet,
    extra=2,
    can_delete=True,
    max_num=50,
    validate_max=True,
    absolute_max=50,
)
