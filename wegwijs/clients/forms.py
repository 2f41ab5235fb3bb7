"""Forms of the client pages. Each lists its fields; the services make the changes."""

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.clients import identifiers
from wegwijs.clients.constants import (
    DossierRole,
    DuplicateOutcome,
    HouseholdRelation,
    IndReferenceKind,
)
from wegwijs.clients.models import Consent, PermitKind, Person
from wegwijs.core.forms import BoundedDateField, bounded_formfield, untruncated
from wegwijs.core.periods import (
    BIRTH,
    CIVIC_INTEGRATION,
    LIFE_EVENT,
    PERMIT_END,
    PERMIT_START,
    WORK,
)
from wegwijs.organisation.models import Municipality

IDENTIFIER_FIELDS = ("v_number", "bsn")
# The range of each date of a person a user types (IO-01).
PERSON_DATE_RANGES = {
    "date_of_birth": BIRTH,
    "arrived_on": LIFE_EVENT,
    "settled_on": LIFE_EVENT,
    "permit_start": PERMIT_START,
    "permit_granted_on": PERMIT_START,
    "permit_end": PERMIT_END,
    "inburgering_term_start": CIVIC_INTEGRATION,
    "inburgering_term_end": CIVIC_INTEGRATION,
}


def may_enter_bsn(user) -> bool:
    """The BSN field exists only where the foundation has a legal basis for it (setting) and
    only for roles that see identifiers in full (AC-04, PRIV-03)."""
    return settings.BSN_PROCESSING_ENABLED and user.can("clients.view_identifiers")


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        formfield_callback = bounded_formfield(PERSON_DATE_RANGES)
        fields = [
            "given_names",
            "surname_prefix",
            "family_name",
            "date_of_birth",
            "gender",
            "nationality",
            "country_of_origin",
            "languages",
            "interpreter_needed",
            "interpreter_language",
            "phone",
            "email",
            "street_address",
            "postcode",
            "city",
            "municipality",
            "arrived_on",
            "settled_on",
            "permit_kind",
            "permit_start",
            "permit_granted_on",
            "permit_end",
            "inburgering_regime",
            "inburgering_term_start",
            "inburgering_term_end",
            "learning_route",
            "asylum_decision",
            "reception_entitlement",
            "former_unaccompanied_minor",
            "lives_alone",
            "v_number",
            "bsn",
        ]
        widgets = {"languages": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.covered_by_teams_of(user)
        self.fields["permit_kind"].queryset = PermitKind.objects.filter(active=True)
        # Languages go by their ISO code in the form, not by row id.
        self.fields["languages"].to_field_name = "code"
        self.fields["interpreter_language"].to_field_name = "code"
        if not may_enter_bsn(user):
            del self.fields["bsn"]
        if not user.can("clients.view_identifiers"):
            del self.fields["v_number"]
        for name in IDENTIFIER_FIELDS:
            if name in self.fields:
                # Typed with spaces, dots or dashes ("123 456 782") the number is longer than
                # the column: it is normalised in clean_*, then the model's validator checks
                # the digits, so the form sets no length of its own.
                field = self.fields[name]
                field.max_length = None
                field.validators = [
                    v for v in field.validators if not isinstance(v, MaxLengthValidator)
                ]
                field.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off"})

    def clean_bsn(self):
        value = self.cleaned_data.get("bsn")
        return identifiers.normalize_bsn(value) or None if value else None

    def clean_v_number(self):
        value = self.cleaned_data.get("v_number")
        return identifiers.normalize_v_number(value) or None if value else None

    def clean_postcode(self):
        value = self.cleaned_data.get("postcode", "").upper().replace(" ", "")
        return f"{value[:4]} {value[4:]}" if len(value) == 6 else value


class PersonCreateForm(PersonForm):
    def validate_unique(self):
        """A shared BSN or V-nummer is reported by the duplicate check of the service, which
        lists the matches the user may see; the form does not reveal them on its own."""
        exclude = self._get_validation_exclusions() | set(IDENTIFIER_FIELDS)
        try:
            self.instance.validate_unique(exclude=exclude)
        except ValidationError as error:
            self._update_errors(error)


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class ConfirmDifferentPersonForm(forms.Form):
    confirmed = forms.BooleanField(
        label=_("I have checked the possible duplicates: this is a different person."),
        required=False,
    )


class SearchForm(forms.Form):
    """Search keys arrive by POST only, so no name or number ends up in a URL (DP-02)."""

    name = forms.CharField(label=_("Name"), max_length=100, required=False)
    date_of_birth = BoundedDateField(label=_("Date of birth"), required=False, date_range=BIRTH)
    bsn = forms.CharField(label=_("BSN"), max_length=30, required=False)
    v_number = forms.CharField(label=_("V-number"), max_length=30, required=False)
    dossier = forms.CharField(label=_("Dossier number"), max_length=40, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_enter_bsn(user):
            del self.fields["bsn"]
        if not user.can("clients.view_identifiers"):
            # Who sees identifiers masked does not search by them (AC-04, issue 10).
            del self.fields["v_number"]
            del self.fields["dossier"]
        for name, field in self.fields.items():
            untruncated(field)
            if name in ("bsn", "v_number", "dossier"):
                field.widget.attrs["autocomplete"] = "off"

    def clean_bsn(self):
        value = identifiers.normalize_bsn(self.cleaned_data.get("bsn", ""))
        if value:
            identifiers.validate_bsn(value)
        return value

    def clean_v_number(self):
        value = identifiers.normalize_v_number(self.cleaned_data.get("v_number", ""))
        if value:
            identifiers.validate_v_number(value)
        return value

    def clean(self):
        data = super().clean()
        if not any(data.get(name) for name in self.fields):
            raise ValidationError(_("Enter at least one search term."))
        return data


class HouseholdMemberForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Client"), queryset=Person.objects.none(), to_field_name="public_id"
    )
    relation = forms.ChoiceField(label=_("Relation"), choices=HouseholdRelation.choices)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = choices


class LeaveHouseholdForm(forms.Form):
    """The confirmation of taking a client out of their household; the page asks it without
    JavaScript, so the box must be ticked before anything is removed."""

    confirmed = forms.BooleanField(
        label=_("Yes, take this client out of the household."),
        error_messages={"required": _("Tick the box to confirm.")},
    )


class DossierLinkForm(forms.Form):
    reference = untruncated(forms.CharField(label=_("Dossier number"), max_length=40))
    kind = forms.ChoiceField(
        label=_("Kind"), choices=IndReferenceKind.choices, initial=IndReferenceKind.ZAAKNUMMER
    )
    role = forms.ChoiceField(label=_("Role in the dossier"), choices=DossierRole.choices)


class IndReferenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IndReferenceKind.choices)
    value = untruncated(forms.CharField(label=_("Reference"), max_length=40))

    def clean(self):
        data = super().clean()
        if data.get("kind") == IndReferenceKind.V_NUMMER and data.get("value"):
            value = identifiers.normalize_v_number(data["value"])
            try:
                identifiers.validate_v_number(value)
            except ValidationError as error:
                self.add_error("value", error)
            data["value"] = value
        return data


class ConsentForm(forms.ModelForm):
    class Meta:
        model = Consent
        formfield_callback = bounded_formfield({"given_on": WORK})
        fields = ["purpose", "recipient", "legal_basis", "text_version", "given_on"]


class WithdrawConsentForm(forms.Form):
    withdrawn_on = BoundedDateField(
        label=_("Withdrawn on"), date_range=WORK, initial=timezone.localdate
    )


class ResolveSignalForm(forms.Form):
    signal = forms.UUIDField(widget=forms.HiddenInput)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=DuplicateOutcome.choices)
