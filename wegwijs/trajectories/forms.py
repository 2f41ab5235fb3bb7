from django import forms
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.constants import Role
from wegwijs.catalog.models import Product
from wegwijs.clients.models import Household, IndDossier
from wegwijs.contracts.constants import ContractStatus
from wegwijs.contracts.models import ContractLine
from wegwijs.core.forms import BoundedDateField, bounded_formfield
from wegwijs.core.periods import WORK
from wegwijs.organisation.models import Municipality
from wegwijs.trajectories.constants import (
    AssignmentRole,
    ContactForm,
    EvaluationKind,
    GoalStatus,
    SensitiveKind,
    TrajectoryStatus,
)
from wegwijs.trajectories.models import PlanDomain, TrajectoryOutcome
from wegwijs.trajectories.phases import PHASES
from wegwijs.trajectories.selectors import SORTS
from wegwijs.trajectories.services import OVERRIDE_REASON_MAX, TRAJECTORY_FORMS


class ContractLineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, line):
        return f"{line.tariff.product.name}: {line.tariff.name} ({line.contract.year})"


class IntakeForm(forms.Form):
    contract_line = ContractLineChoiceField(
        label=_("Product and contract"),
        queryset=ContractLine.objects.none(),
        help_text=_("Only products on a signed contract of the client's municipality."),
    )
    start_date = BoundedDateField(label=_("Start date"), date_range=WORK)
    responsible = forms.ModelChoiceField(
        label=_("Responsible coordinator"), queryset=get_user_model().objects.none()
    )
    household = forms.ModelChoiceField(
        label=_("For the household"),
        queryset=None,
        required=False,
        help_text=_("Choose when the trajectory covers the whole household (sociale eenheid)."),
    )
    ind_dossier = forms.ModelChoiceField(label=_("IND dossier"), queryset=None, required=False)
    resettled = forms.BooleanField(
        label=_("Resettled refugee (hervestiger)"),
        required=False,
        help_text=_("Arrives directly from Schiphol: the home must be ready before arrival."),
    )
    override_reason = forms.CharField(
        label=_("Reason to open without a recorded residence permit"),
        required=False,
        max_length=OVERRIDE_REASON_MAX,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "Only for a coordinator, when the card asks for a residence permit the client file "
            "does not record yet, e.g. because the permit is expected. Kept with the trajectory."
        ),
    )
    beyond_quantity_confirmed = forms.BooleanField(
        label=_("Open it although the contracted quantity of the line is used up"),
        required=False,
    )

    def __init__(self, *args, person, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract_line"].queryset = (
            ContractLine.objects.filter(
                contract__status=ContractStatus.SIGNED,
                contract__municipality=person.municipality_id,
                tariff__product__delivery_form__in=TRAJECTORY_FORMS,
            )
            .select_related("tariff__product", "contract")
            .order_by("-contract__year", "tariff__product__name", "tariff__name")
        )
        self.fields["responsible"].queryset = (
            get_user_model()
            .objects.filter(
                role=Role.COORDINATOR, is_active=True, teams__municipalities=person.municipality_id
            )
            .distinct()
        )
        self.fields["household"].queryset = Household.objects.filter(members__person=person)
        self.fields["ind_dossier"].queryset = IndDossier.objects.filter(members__person=person)
        self.initial.setdefault("start_date", timezone.localdate())
        if user.role == Role.COORDINATOR:
            self.initial.setdefault("responsible", user.pk)


class CloseForm(forms.Form):
    end_date = BoundedDateField(label=_("Closing date"), date_range=WORK)
    reason = forms.ChoiceField(label=_("Closing reason"))
    confirmed_open_goals = forms.BooleanField(
        label=_("Close as goal reached although goals of the plan are still open"),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = [("", "---------")] + [
            (r["code"], r["name"]) for r in trajectory.product.closing_reasons
        ]
        self.initial.setdefault("end_date", timezone.localdate())
        self.initial.setdefault("version", trajectory.version)


class AdvanceForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class ContactMomentForm(forms.Form):
    date = BoundedDateField(label=_("Date"), date_range=WORK)
    duration_minutes = forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=1,
        max_value=24 * 60,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    form = forms.ChoiceField(label=_("Form"), choices=ContactForm.choices)
    note = forms.CharField(
        label=_("Short note"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("No sensitive details here: what was done, not what was told."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())
        self.initial.setdefault("duration_minutes", 60)


class ItemDoneForm(forms.Form):
    done_on = BoundedDateField(label=_("Done on"), date_range=WORK)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("done_on", timezone.localdate())


class HousingDatesForm(forms.Form):
    key_date = BoundedDateField(label=_("Key handover"), date_range=WORK, required=False)
    arrival_date = BoundedDateField(label=_("Arrival in the home"), date_range=WORK, required=False)


class AssignForm(forms.Form):
    volunteer = forms.ModelChoiceField(
        label=_("Volunteer"), queryset=get_user_model().objects.none()
    )
    role = forms.ChoiceField(label=_("Role"), choices=AssignmentRole.choices)

    def __init__(self, *args, trajectory, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = (
            get_user_model()
            .objects.filter(
                role=Role.VRIJWILLIGER,
                is_active=True,
                teams__municipalities=trajectory.person.municipality_id,
            )
            .distinct()
            .order_by("full_name")
        )


class CaseloadFilterForm(forms.Form):
    product = forms.ModelChoiceField(
        label=_("Product"),
        queryset=Product.objects.filter(delivery_form__in=TRAJECTORY_FORMS),
        required=False,
        to_field_name="code",
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        required=False,
        to_field_name="cbs_code",
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("open (not closed)")), *TrajectoryStatus.choices],
        required=False,
    )
    phase = forms.ChoiceField(
        label=_("Phase"),
        choices=[
            ("", _("all phases")),
            *[(method, [(p.code, p.name) for p in phases]) for method, phases in PHASES.items()],
        ],
        required=False,
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[
            ("end", _("planned end")),
            ("start", _("start date, newest first")),
            ("client", _("client name")),
            ("product", _("product")),
            ("status", _("status")),
        ],
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.covered_by_teams_of(user)

    def clean_sort(self):
        return self.cleaned_data["sort"] if self.cleaned_data["sort"] in SORTS else "end"


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(label=_("Move to phase"))

    def __init__(self, *args, phases, current="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].choices = [(p.code, p.name) for p in phases if p.code != current]


class GoalForm(forms.Form):
    domain = forms.ModelChoiceField(
        label=_("Domain"), queryset=PlanDomain.objects.none(), required=False
    )
    description = forms.CharField(
        label=_("Goal"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    agreed_on = BoundedDateField(label=_("Agreed on"), date_range=WORK)

    def __init__(self, *args, domains, **kwargs):
        super().__init__(*args, **kwargs)
        if domains:
            self.fields["domain"].queryset = PlanDomain.objects.filter(
                pk__in=[d.pk for d in domains]
            )
            self.fields["domain"].choices = [("", "---------")] + [(d.pk, d.name) for d in domains]
            self.fields["domain"].required = True
        else:
            del self.fields["domain"]
        self.initial.setdefault("agreed_on", timezone.localdate())


class GoalResultForm(forms.Form):
    status = forms.ChoiceField(label=_("Result"), choices=GoalStatus.choices)
    result_note = forms.CharField(label=_("Result note"), max_length=500, required=False)


class EvaluationForm(forms.Form):
    date = BoundedDateField(label=_("Date"), date_range=WORK)
    kind = forms.ChoiceField(label=_("Kind"), choices=EvaluationKind.choices)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("What was evaluated and agreed; no details of the flight story here."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("date", timezone.localdate())


def _outcome_form_field(name):
    """The form field of one outcome model field (yes/no fields also allow "unknown")."""
    return bounded_formfield({name: WORK})(TrajectoryOutcome._meta.get_field(name))


class OutcomeForm(forms.Form):
    """The outcome fields of one product only (the list is data: ``ProductOutcomeFields``)."""

    def __init__(self, *args, field_names, **kwargs):
        super().__init__(*args, **kwargs)
        for name in field_names:
            self.fields[name] = _outcome_form_field(name)


class SensitiveNoteForm(forms.Form):
    kind = forms.ChoiceField(widget=forms.HiddenInput, choices=SensitiveKind.choices)
    text = forms.CharField(label=_("Text"), widget=forms.Textarea(attrs={"rows": 12}))
