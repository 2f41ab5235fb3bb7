"""Forms of the account pages: the beheerder's changes to an account, and one's own password."""

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordChangeForm
from django.utils.translation import gettext_lazy as _

from wegwijs.accounts.constants import Role
from wegwijs.accounts.models import Team
from wegwijs.core.forms import ModelMultipleChoiceField
from wegwijs.organisation.models import Municipality


class EmailForm(forms.Form):
    email = forms.EmailField(label=_("New e-mail address"), max_length=254)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    teams = ModelMultipleChoiceField(
        label=_("Teams"),
        queryset=Team.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.order_by("name"),
        required=False,
        help_text=_("Only for a municipal contact: the one municipality they represent."),
    )


class UserCreateForm(RoleForm):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    language = forms.ChoiceField(
        label=_("Language"), choices=settings.LANGUAGES, initial=settings.LANGUAGE_CODE
    )

    field_order = ["email", "full_name", "language", "role", "teams", "municipality"]


class PasswordChangeWithCodeForm(PasswordChangeForm):
    """The current password, the new one twice, and a current second-factor code (SESS-02)."""

    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "spellcheck": "false"}
        ),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
    )

    field_order = ["old_password", "token", "new_password1", "new_password2"]

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()
