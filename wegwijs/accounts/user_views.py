"""The beheerder's account pages and the approval of four-eyes changes (issue 10).

Every change goes through ``accounts.services``; these views bind a form, call the service and
say what happened. E-mail address, role, teams, active flag and second factor are not edited in
the admin.
"""

from datetime import timedelta

from django.contrib import messages
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.accounts import services
from wegwijs.accounts.models import AccountChangeRequest, Team, User
from wegwijs.accounts.user_forms import EmailForm, RoleForm, UserCreateForm
from wegwijs.core.access import requires
from wegwijs.core.errors import DomainError
from wegwijs.core.models import AuditEntry

# What the UUID in these URLs names: a staff account or a request about one, never a client.
STAFF_ACCOUNT = "a staff account, no client file"
RECENT_ADDRESS_CHANGE = timedelta(days=30)


def _account(request, public_id) -> User:
    return get_object_or_404(
        User.objects.visible_to(request.user).select_related("municipality"),
        public_id=public_id,
    )


def _render_detail(request, user, *, email_form=None, role_form=None, status=200):
    waiting = user.change_requests.pending().select_related("requested_by").order_by("requested_at")
    teams = list(user.teams.all())
    return render(
        request,
        "accounts/user_detail.html",
        {
            "account": user,
            "teams": teams,
            "has_second_factor": services.has_confirmed_device(user),
            "waiting": list(waiting),
            "email_form": email_form or EmailForm(),
            "role_form": role_form
            or RoleForm(
                initial={
                    "role": user.role,
                    "teams": teams,
                    "municipality": user.municipality,
                }
            ),
            "own_account": user.pk == request.user.pk,
        },
        status=status,
    )


def _done(request, user, change_request, done_message):
    if change_request is None:
        messages.success(request, done_message)
    else:
        messages.info(
            request,
            _(
                "The change has been asked for. It takes effect when a second person approves "
                "it under 'Changes waiting for approval'."
            ),
        )
    return redirect("accounts:user_detail", public_id=user.public_id)


@requires("accounts.manage_users", reads=None, because=STAFF_ACCOUNT)
def user_detail(request, public_id):
    return _render_detail(request, _account(request, public_id))


@requires("accounts.manage_users")
def user_create(request):
    form = UserCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, change_request = services.create_account(
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                teams=data["teams"],
                municipality=data["municipality"],
                language=data["language"],
                actor=request.user,
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, user, change_request, _("The account has been made."))
    return render(request, "accounts/user_create.html", {"form": form})


@require_POST
@requires("accounts.manage_users", reads=None, because=STAFF_ACCOUNT)
def user_email(request, public_id):
    user = _account(request, public_id)
    form = EmailForm(request.POST)
    if form.is_valid():
        try:
            services.change_email(
                user=user, email=form.cleaned_data["email"], actor=request.user, request=request
            )
        except DomainError as error:
            form.add_error("email", str(error))
        else:
            messages.success(
                request, _("The e-mail address has been changed; both addresses were told.")
            )
            return redirect("accounts:user_detail", public_id=user.public_id)
    user.refresh_from_db()
    return _render_detail(request, user, email_form=form, status=400)


@require_POST
@requires("accounts.manage_users", reads=None, because=STAFF_ACCOUNT)
def user_role(request, public_id):
    user = _account(request, public_id)
    form = RoleForm(request.POST)
    if form.is_valid():
        try:
            change_request = services.change_role(
                user=user,
                role=form.cleaned_data["role"],
                teams=form.cleaned_data["teams"],
                municipality=form.cleaned_data["municipality"],
                actor=request.user,
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            return _done(request, user, change_request, _("The role has been changed."))
    return _render_detail(request, user, role_form=form, status=400)


@require_POST
@requires("accounts.manage_users", reads=None, because=STAFF_ACCOUNT)
def user_active(request, public_id):
    user = _account(request, public_id)
    if request.POST.get("active") not in ("0", "1"):
        messages.error(request, _("Choose to enable or to disable the account."))
        return redirect("accounts:user_detail", public_id=user.public_id)
    active = request.POST["active"] == "1"
    try:
        change_request = services.set_active(
            user=user, active=active, actor=request.user, request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("accounts:user_detail", public_id=user.public_id)
    done = (
        _("The account has been enabled.")
        if active
        else _("The account has been disabled and all its sessions have ended.")
    )
    return _done(request, user, change_request, done)


@require_POST
@requires("accounts.manage_users", reads=None, because=STAFF_ACCOUNT)
def user_second_factor_reset(request, public_id):
    user = _account(request, public_id)
    try:
        change_request = services.reset_second_factor(
            user=user, actor=request.user, request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("accounts:user_detail", public_id=user.public_id)
    return _done(request, user, change_request, "")


@require_POST
@requires("accounts.manage_users", reads=None, because=STAFF_ACCOUNT)
def user_sessions_end(request, public_id):
    user = _account(request, public_id)
    count = services.end_sessions_of(user=user, actor=request.user, request=request)
    messages.success(request, _("Sessions ended: %(count)s.") % {"count": count})
    return redirect("accounts:user_detail", public_id=user.public_id)


@requires("accounts.approve_changes")
def change_requests(request):
    """Changes waiting for a second person, oldest first; the viewer's own requests and those
    about their own account are shown without the approve button."""
    waiting = (
        AccountChangeRequest.objects.pending()
        .select_related("target", "requested_by", "municipality")
        .prefetch_related(Prefetch("teams", queryset=Team.objects.order_by("name")))
        .order_by("requested_at")
    )
    waiting = list(waiting)
    # A reset right after an address change is how a takeover would go: say so to the approver.
    since = timezone.now() - RECENT_ADDRESS_CHANGE
    recently_readdressed = set(
        AuditEntry.objects.filter(
            event="email_changed",
            timestamp__gte=since,
            object_id__in=[str(change.target.public_id) for change in waiting],
        ).values_list("object_id", flat=True)
    )
    for change in waiting:
        change.address_recently_changed = str(change.target.public_id) in recently_readdressed
    return render(request, "accounts/change_requests.html", {"waiting": waiting})


def _waiting_request(public_id) -> AccountChangeRequest:
    # Not only the pending ones: a request that expired or was decided while the page was open
    # gets the service's message ("has expired", "already decided"), not a bare 404.
    return get_object_or_404(
        AccountChangeRequest.objects.select_related("target"), public_id=public_id
    )


@require_POST
@requires("accounts.approve_changes", reads=None, because=STAFF_ACCOUNT)
def change_request_approve(request, public_id):
    change_request = _waiting_request(public_id)
    try:
        services.approve_account_change(
            change_request=change_request, actor=request.user, request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, _("The change has been made; the account holder has been told by e-mail.")
        )
    return redirect("accounts:change_requests")


@require_POST
@requires("accounts.approve_changes", reads=None, because=STAFF_ACCOUNT)
def change_request_reject(request, public_id):
    change_request = _waiting_request(public_id)
    try:
        services.reject_account_change(
            change_request=change_request, actor=request.user, request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The request has been turned down; nothing changed."))
    return redirect("accounts:change_requests")
