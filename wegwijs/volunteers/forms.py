from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from wegwijs.volunteers.constants import VolunteerStatus


def assignment_role_choices():
    # volunteers sits below trajectories: read the choices through the app registry.
    return apps.get_model("trajectories", "Assignment")._meta.get_field("role").choices


class MatchRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=assignment_role_choices)


class MatchAssignForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=assignment_role_choices)
    volunteer = forms.UUIDField(widget=forms.HiddenInput)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=VolunteerStatus.choices)
