"""Volunteer pages: the coördinator's list, matching volunteers to a trajectory, status changes.

Profiles are reached only through ``VolunteerProfile.objects.visible_to`` and trajectories
through ``Trajectory.objects.visible_to``: out of scope is a 404.
"""

from django.apps import apps
from django.contrib import messages
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.core.access import requires
from wegwijs.core.errors import DomainError
from wegwijs.volunteers import selectors, services
from wegwijs.volunteers.constants import VolunteerStatus
from wegwijs.volunteers.forms import MatchAssignForm, MatchRoleForm, StatusForm
from wegwijs.volunteers.models import VolunteerProfile
from wegwijs.volunteers.services import vog_valid_until


def _trajectory(request, public_id):
    Trajectory = apps.get_model("trajectories", "Trajectory")
    return get_object_or_404(
        Trajectory.objects.visible_to(request.user).select_related(
            "person", "person__municipality", "product"
        ),
        public_id=public_id,
    )


@requires("volunteers.view")
def index(request):
    profiles = (
        VolunteerProfile.objects.visible_to(request.user)
        .select_related("user", "begeleider")
        .order_by("user__full_name")
    )
    rows = [(profile, vog_valid_until(profile.vog_issued_on)) for profile in profiles]
    return render(
        request,
        "volunteers/index.html",
        {"rows": rows, "statuses": VolunteerStatus.choices},
    )


@requires("volunteers.manage")
def match(request, public_id):
    trajectory = _trajectory(request, public_id)
    form = MatchRoleForm(request.GET or None)
    role = form.cleaned_data["role"] if form.is_valid() else None
    suggestions = selectors.match_volunteers(trajectory=trajectory, role=role) if role else []
    return render(
        request,
        "volunteers/match.html",
        {"trajectory": trajectory, "form": form, "role": role, "suggestions": suggestions},
    )


def _notify(user, trajectory, link):
    """Tell the volunteer they have a new assignment: the product and a link, nothing about
    the client (no name, no data)."""
    send_mail(
        _("New assignment in Wegwijs"),
        _(
            "You have a new assignment for the product %(product)s.\n"
            "Log in to see what you need to know: %(link)s"
        )
        % {"product": trajectory.product.name, "link": link},
        None,
        [user.email],
    )


@require_POST
@requires("volunteers.manage")
def match_assign(request, public_id):
    from wegwijs.trajectories import services as trajectory_services

    trajectory = _trajectory(request, public_id)
    form = MatchAssignForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a volunteer and a role."))
        return redirect("volunteers:match", public_id=trajectory.public_id)
    profile = get_object_or_404(
        VolunteerProfile.objects.visible_to(request.user).select_related("user"),
        public_id=form.cleaned_data["volunteer"],
    )
    role = form.cleaned_data["role"]
    try:
        with transaction.atomic():
            services.ensure_assignable(profile.user)
            trajectory_services.assign_volunteer(
                trajectory=trajectory,
                volunteer=profile.user,
                role=role,
                actor=request.user,
                request=request,
            )
            link = request.build_absolute_uri(reverse("trajectories:caseload"))
            transaction.on_commit(lambda: _notify(profile.user, trajectory, link))
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('volunteers:match', args=[trajectory.public_id])}?role={role}")
    messages.success(request, _("The volunteer has been assigned and notified by e-mail."))
    return redirect("trajectories:detail", public_id=trajectory.public_id)


@require_POST
@requires("volunteers.manage")
def change_status(request, public_id):
    profile = get_object_or_404(
        VolunteerProfile.objects.visible_to(request.user).select_related("user"),
        public_id=public_id,
    )
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("volunteers:index")
    try:
        ended = services.change_status(
            profile=profile, status=form.cleaned_data["status"], actor=request.user, request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("volunteers:index")
    messages.success(request, _("The status has been changed."))
    return render(request, "volunteers/reassign.html", {"profile": profile, "ended": ended})
