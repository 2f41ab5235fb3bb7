from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _


class AuditLogFilterForm(forms.Form):
    actor = forms.ModelChoiceField(
        label=_("User"), queryset=get_user_model().objects.none(), required=False
    )
    client = forms.UUIDField(
        label=_("Client"),
        required=False,
        help_text=_("The client's pseudonymous id, as shown in the log."),
    )
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("Up to and including"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["actor"].queryset = get_user_model().objects.visible_to(user)

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            raise forms.ValidationError(_("The end date lies before the start date."))
        return cleaned
