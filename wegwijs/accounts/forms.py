from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from wegwijs.accounts import throttling
from wegwijs.core import audit, noise
from wegwijs.core.client_address import client_address
from wegwijs.core.constants import AuditAction, AuditResult


class LoginForm(AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )

    error_messages = {
        "invalid_login": _(
            "This e-mail address and password do not match an active account. "
            "Both may be case sensitive."
        ),
        "inactive": _("This account has been disabled."),
    }

    def clean_username(self):
        return self.cleaned_data["username"].lower()

    def clean(self):
        # Before the password is looked at: an e-mail address under attack from elsewhere
        # makes a new client address wait a few seconds first (AUTH-04, accounts.throttling).
        self.wait_seconds = throttling.login_wait_seconds(
            email=self.cleaned_data.get("username", ""), address=client_address(self.request)
        )
        if self.wait_seconds:
            raise forms.ValidationError(
                ngettext_lazy(
                    "There have been many failed attempts to log in with this e-mail address. "
                    "Wait %(seconds)s second and log in again.",
                    "There have been many failed attempts to log in with this e-mail address. "
                    "Wait %(seconds)s seconds and log in again.",
                    "seconds",
                ),
                code="wait",
                params={"seconds": self.wait_seconds},
            )
        return super().clean()


class PasswordResetForm(auth_forms.PasswordResetForm):
    def save(self, *args, request=None, **kwargs):
        """Send the link, unless this e-mail or client address has asked too often (AUTH-04).

        A refused request answers the same page as any other, so it tells nobody anything.
        """
        allowed = throttling.allow_password_reset(
            email=self.cleaned_data["email"], address=client_address(request)
        )
        if not allowed:
            if request is not None and noise.admit(request):
                audit.record(
                    request,
                    action=AuditAction.SECURITY,
                    event="password_reset_throttled",
                    result=AuditResult.DENIED,
                )
            return
        super().save(*args, request=request, **kwargs)


class TokenForm(forms.Form):
    # Room for a recovery code typed with spaces or hyphens ("abcd - efgh - jk"). No numeric
    # keyboard: a recovery code has letters, and a phone user must be able to type them.
    token = forms.CharField(
        label=_("Code"),
        max_length=32,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
    )

    def clean_token(self):
        return self.cleaned_data["token"].replace(" ", "").strip()


class AuthenticatorCodeForm(TokenForm):
    """A code from the authenticator app only: making new recovery codes needs the app."""

    token = forms.CharField(
        label=_("Code from your authenticator app"),
        max_length=16,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
            }
        ),
        help_text=_("The six digits your authenticator app shows now."),
    )


class LanguageForm(forms.Form):
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    next = forms.CharField(required=False, widget=forms.HiddenInput)
