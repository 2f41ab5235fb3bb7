import base64

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from wegwijs.accounts import own_views, services
from wegwijs.accounts.forms import (
    AuthenticatorCodeForm,
    LanguageForm,
    LoginForm,
    PasswordResetForm,
    TokenForm,
)
from wegwijs.accounts.models import RecoveryCodeDevice
from wegwijs.core import audit
from wegwijs.core.access import public, requires
from wegwijs.core.constants import AuditAction, AuditResult
from wegwijs.core.errors import DomainError
from wegwijs.core.redirects import safe_next


class LoginView(auth_views.LoginView):
    def get_redirect_url(self):
        """``next`` only as a path of this site (``core.redirects.safe_next``)."""
        name = self.redirect_field_name
        return safe_next(self.request.POST.get(name, self.request.GET.get(name))) or ""

    def form_invalid(self, form):
        response = super().form_invalid(form)
        if getattr(form, "wait_seconds", 0):  # accounts.throttling: wait a few seconds
            response.status_code = 429
            response["Retry-After"] = str(form.wait_seconds)
        return response


login = public(
    LoginView.as_view(
        template_name="accounts/login.html",
        authentication_form=LoginForm,
        redirect_authenticated_user=True,
    )
)


def locked_out(request, credentials=None, *args, **kwargs):
    """The answer while a username and address are locked (django-axes, AUTH-04).

    The same page for known and unknown e-mail addresses, so it reveals no accounts.
    """
    return render(request, "accounts/locked_out.html", status=429)


@require_POST
@requires("account.self", before_second_factor=True)
def logout(request):
    auth_logout(request)
    response = redirect("accounts:login")
    response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


# The reset request and completion are logged (issue 10); see own_views.
password_reset = public(own_views.PasswordResetView.as_view(form_class=PasswordResetForm))
password_reset_done = public(
    auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html")
)
# Setting a new password never logs in: the second factor is asked at the next login (AUTH-05).
password_reset_confirm = public(own_views.PasswordResetConfirmView.as_view())
password_reset_complete = public(
    auth_views.PasswordResetCompleteView.as_view(
        template_name="accounts/password_reset_complete.html"
    )
)
password_change_done = requires("account.self")(
    auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_change_done.html")
)


@requires("account.self", before_second_factor=True)
def two_factor(request):
    """Ask the second factor, or send a user without an authenticator to set one up."""
    if request.user.is_verified():
        return redirect("core:dashboard")
    if not services.has_confirmed_device(request.user):
        return redirect("accounts:two_factor_setup")
    # Where to go is settled before a code is used: a code is never spent on a session that
    # then fails to be verified.
    target = safe_next(request.GET.get("next")) or reverse("core:dashboard")
    form = TokenForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        device, throttled = services.verify_second_factor(
            user=request.user, token=form.cleaned_data["token"], request=request
        )
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()
            if isinstance(device, RecoveryCodeDevice):
                messages.warning(
                    request,
                    _(
                        "You logged in with a recovery code; it no longer works. "
                        "Unused recovery codes left: %(count)s."
                    )
                    % {"count": services.recovery_codes_left(request.user)},
                )
            return HttpResponseRedirect(target)
        audit.record(
            request, action=AuditAction.SECURITY, event="otp_failed", result=AuditResult.FAILED
        )
        if throttled:
            status = 429
            form.add_error(None, _("Too many wrong codes. Wait a minute and try again."))
        else:
            form.add_error("token", _("This code is not right or has already been used."))
    return render(request, "accounts/two_factor.html", {"form": form}, status=status)


@requires("account.self", before_second_factor=True)
def two_factor_setup(request):
    """Enrol an authenticator app. Replacing one needs the old one first (AUTH-05)."""
    if services.has_confirmed_device(request.user):
        if not request.user.is_verified():
            return redirect("accounts:two_factor")
        messages.info(request, _("Two-step verification is already set up for your account."))
        return redirect("core:dashboard")
    device = services.pending_totp_device(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            codes = services.confirm_totp_device(user=request.user, device=device, request=request)
            otp_login(request, device)
            request.session.cycle_key()
            return render(request, "accounts/recovery_codes.html", {"codes": codes})
        form.add_error("token", _("This code is not right. Check the time on your phone."))
    qr = segno.make(device.config_url, error="m")
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            # Generated here from the device key, no user input: safe to embed as markup.
            "qr_svg": mark_safe(  # noqa: S308
                qr.svg_inline(scale=4, title=_("QR code for your authenticator app"))
            ),  # noqa: S308
            "secret": _base32(device.bin_key),
        },
    )


@requires("account.self")
def recovery_codes(request):
    """How many recovery codes are left, and a new set for a code from the authenticator app.

    Making a new set is a POST that needs a current code from the app (AUTH-05); the page says
    first that the old codes then stop working. The new codes are shown once.
    """
    enrolled = services.has_confirmed_device(request.user)
    form = AuthenticatorCodeForm(request.POST or None)
    status = 200
    if request.method == "POST" and enrolled and form.is_valid():
        try:
            codes = services.regenerate_recovery_codes(
                user=request.user, token=form.cleaned_data["token"], request=request
            )
        except DomainError as error:
            if error.code == "throttled":
                status = 429
            form.add_error("token", str(error))
        else:
            messages.success(
                request, _("You have new recovery codes. Your old codes no longer work.")
            )
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "regenerated": True}
            )
    return render(
        request,
        "accounts/recovery_codes_manage.html",
        {
            "form": form,
            "enrolled": enrolled,
            "codes_left": services.recovery_codes_left(request.user),
        },
        status=status,
    )


@require_POST
@public
def set_language(request):
    form = LanguageForm(request.POST)
    target = safe_next(form.data.get("next")) or "/"
    if not form.is_valid():
        return redirect(target)
    language = form.cleaned_data["language"]
    if request.user.is_authenticated:
        request.user.language = language
        request.user.save(update_fields=["language"])
    response = redirect(target)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=365 * 24 * 3600,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


def _base32(key: bytes) -> str:
    text = base64.b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))
