"""One's own password and sessions (SESS-02), and the access-log entries of a password reset.

Kept apart from ``views.py`` (login, second factor, language), which other changes touch.
"""

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.accounts import services, sessions
from wegwijs.accounts.user_forms import PasswordChangeWithCodeForm
from wegwijs.core.access import requires
from wegwijs.core.errors import DomainError


@requires("account.self")
def password_change(request):
    """Current password, a current second-factor code and the new password twice. The other
    sessions of the user end; this one stays."""
    form = PasswordChangeWithCodeForm(request.user, request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            services.change_password(
                user=request.user,
                new_password=form.cleaned_data["new_password1"],
                token=form.cleaned_data["token"],
                request=request,
            )
        except DomainError as error:
            if error.code == "throttled":
                status = 429
            form.add_error("token", str(error))
        else:
            return redirect("accounts:password_change_done")
    return render(request, "accounts/password_change.html", {"form": form}, status=status)


@requires("account.self")
def own_sessions(request):
    """Where the user is logged in, and "log out elsewhere"."""
    return render(
        request,
        "accounts/sessions.html",
        {"sessions": sessions.open_sessions(request.user, current_key=request.session.session_key)},
    )


@require_POST
@requires("account.self")
def end_other_sessions(request):
    """End all other sessions, or the one named by ``session`` (never the current one)."""
    only = request.POST.get("session") or None
    try:
        count = services.end_other_sessions(user=request.user, request=request, only_public_id=only)
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("accounts:sessions")
    messages.success(
        request,
        _("You have been logged out elsewhere. Sessions ended: %(count)s.") % {"count": count},
    )
    return redirect("accounts:sessions")


class PasswordResetView(auth_views.PasswordResetView):
    """Django's reset request, logged for every request (the address typed is not logged, so
    the log does not tell whether it belongs to an account)."""

    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.record_password_reset_request(request=self.request)
        return response


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Setting a new password through the link never logs in: the second factor is asked at
    the next login (AUTH-05). Every session of the user ends, and it is logged."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        response = super().form_valid(form)
        services.complete_password_reset(user=form.user, request=self.request)
        return response
