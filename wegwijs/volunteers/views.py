"""Volunteer pages: the coördinator's list, a profile's page, creating and editing profiles,
the screening, matching volunteers to a trajectory, status changes. The supervision pages and
the figures are in ``supervision_views``.

Profiles are reached only through ``VolunteerProfile.objects.visible_to`` and trajectories
through ``Trajectory.objects.visible_to``: out of scope is a 404.
"""

from django.apps import apps
from django.conf import settings
from django.contrib import messages
from django.core.mail import send_mail
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.core.access import requires
from wegwijs.core.errors import DomainError
from wegwijs.volunteers import selectors, services
from wegwijs.volunteers.constants import DAYS, PARTS
from wegwijs.volunteers.forms import (
    LanguageFormSetFactory,
    MatchAssignForm,
    MatchRoleForm,
    ProfileCreateForm,
    ProfileFilterForm,
    ProfileForm,
    ScreeningForm,
    StatusForm,
    TrainingFormSetFactory,
)
from wegwijs.volunteers.models import Training, VolunteerLanguage, VolunteerProfile
from wegwijs.volunteers.services import vog_valid_until


def _trajectory(request, public_id):
    Trajectory = apps.get_model("trajectories", "Trajectory")
    return get_object_or_404(
        Trajectory.objects.visible_to(request.user).select_related(
            "person", "person__municipality", "product"
        ),
        public_id=public_id,
    )


def _posted(request):
    """The POST data of a POST (even an empty one), None for a GET."""
    return request.POST if request.method == "POST" else None


@requires("volunteers.view")
def index(request):
    form = ProfileFilterForm(request.GET or None)
    form.is_valid()  # Invalid filters show their error and are left out.
    filters = getattr(form, "cleaned_data", {})
    profiles = selectors.profiles_for_list(
        request.user,
        q=(filters.get("q") or "").strip(),
        status=filters.get("status") or "",
        role=filters.get("role"),
    )
    page = Paginator(profiles, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    rows = []
    for profile in page:
        until = vog_valid_until(profile.vog_issued_on)
        rows.append((profile, until, services.vog_state(until, on=today)))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "volunteers/index.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "query": query.urlencode(),
            "filtered": any(filters.get(name) for name in ("q", "status", "role")),
            "can_manage": request.user.can("volunteers.manage"),
        },
    )


@requires("volunteers.manage", reads="trajectory")
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
@requires("volunteers.manage", reads="trajectory")
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
            link = request.build_absolute_uri(reverse("trajectories:my_work"))
            transaction.on_commit(lambda: _notify(profile.user, trajectory, link))
    except DomainError as error:
        messages.error(request, str(error))
        return redirect(f"{reverse('volunteers:match', args=[trajectory.public_id])}?role={role}")
    messages.success(request, _("The volunteer has been assigned and notified by e-mail."))
    return redirect("trajectories:detail", public_id=trajectory.public_id)


@require_POST
@requires("volunteers.manage", reads=None, because="a volunteer's profile, no client file")
def change_status(request, public_id):
    profile = get_object_or_404(
        VolunteerProfile.objects.visible_to(request.user).select_related("user"),
        public_id=public_id,
    )
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("volunteers:detail", public_id=profile.public_id)
    try:
        ended = services.change_status(
            profile=profile, status=form.cleaned_data["status"], actor=request.user, request=request
        )
    except DomainError as error:
        messages.error(request, str(error))
        return redirect("volunteers:detail", public_id=profile.public_id)
    messages.success(request, _("The status has been changed."))
    return render(request, "volunteers/reassign.html", {"profile": profile, "ended": ended})


# --- a profile: its page, creating, editing, screening --------------------------------------


def _profile(request, public_id, *prefetch) -> VolunteerProfile:
    return get_object_or_404(
        VolunteerProfile.objects.visible_to(request.user)
        .select_related("user", "begeleider")
        .prefetch_related(*prefetch),
        public_id=public_id,
    )


def _week(availability) -> list:
    """The availability as a week: [(day label, [(day-part label, available)])]."""
    chosen = set(availability or [])
    return [
        (day_label, [(part_label, f"{day}_{part}" in chosen) for part, part_label in PARTS])
        for day, day_label in DAYS
    ]


@requires("volunteers.view", reads=None, because="a volunteer's profile, no client file")
def detail(request, public_id):
    user = request.user
    profile = _profile(
        request,
        public_id,
        "roles",
        "municipalities",
        "locations",
        Prefetch("languages", VolunteerLanguage.objects.select_related("language")),
        Prefetch("trainings", Training.objects.select_related("kind")),
    )
    today = timezone.localdate()
    Assignment = apps.get_model("trajectories", "Assignment")
    assignments = list(
        Assignment.objects.current(on=today)
        .filter(volunteer=profile.user_id)
        .select_related("trajectory__product")
        .order_by("started_on", "pk")
    )
    # A link only to the trajectories the user may open; the product and role say enough.
    linkable = set()
    if assignments and user.can("trajectories.view"):
        Trajectory = apps.get_model("trajectories", "Trajectory")
        linkable = set(
            Trajectory.objects.visible_to(user)
            .filter(pk__in=[a.trajectory_id for a in assignments])
            .values_list("pk", flat=True)
        )
    vog_until = vog_valid_until(profile.vog_issued_on)
    meetings = profile.supervision_meetings.select_related("held_by").order_by("-date", "-pk")
    return render(
        request,
        "volunteers/detail.html",
        {
            "profile": profile,
            "week": _week(profile.availability),
            "parts": [label for _part, label in PARTS],
            "assignments": [(a, a.trajectory_id in linkable) for a in assignments],
            "vog_until": vog_until,
            "vog_state": services.vog_state(vog_until, on=today),
            "vog_warning_days": settings.VOG_WARNING_DAYS,
            "problem": services.screening_problem(profile, on=today),
            "meetings": list(meetings[:10]),
            "status_form": StatusForm(initial={"status": profile.status}),
            "can_manage": user.can("volunteers.manage"),
        },
    )


def _profile_values(form, languages, trainings) -> dict:
    """The service's keyword arguments from a valid profile form and its two formsets."""
    names = ("roles", "municipalities", "locations", "availability")
    names += ("max_clients", "started_on", "begeleider")
    return {
        **{name: form.cleaned_data[name] for name in names},
        "languages": [(row["language"], row["level"]) for row in languages.rows()],
        "trainings": [(row["kind"], row["completed_on"]) for row in trainings.rows()],
    }


def _all_valid(*forms) -> bool:
    # Every form is checked, so every error shows at once.
    return all([form.is_valid() for form in forms])


@requires("volunteers.manage")
def create(request):
    data = _posted(request)
    form = ProfileCreateForm(data, user=request.user)
    languages = LanguageFormSetFactory(data, instance=VolunteerProfile())
    trainings = TrainingFormSetFactory(data, instance=VolunteerProfile())
    if request.method == "POST":
        if _all_valid(form, languages, trainings):
            try:
                profile = services.create_profile(
                    user=form.cleaned_data["user"],
                    status=form.cleaned_data["status"],
                    **_profile_values(form, languages, trainings),
                    actor=request.user,
                    request=request,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The volunteer profile has been created."))
                return redirect("volunteers:detail", public_id=profile.public_id)
        messages.error(request, _("The profile has not been saved; see the form."))
    return render(
        request,
        "volunteers/create.html",
        {"form": form, "language_formset": languages, "training_formset": trainings},
    )


@requires("volunteers.manage", reads=None, because="a volunteer's profile, no client file")
def edit(request, public_id):
    profile = _profile(request, public_id)
    data = _posted(request)
    form = ProfileForm(data, instance=profile, user=request.user)
    languages = LanguageFormSetFactory(
        data,
        instance=profile,
        queryset=VolunteerLanguage.objects.filter(profile=profile).select_related("language"),
    )
    trainings = TrainingFormSetFactory(
        data,
        instance=profile,
        queryset=Training.objects.filter(profile=profile).select_related("kind"),
    )
    if request.method == "POST":
        if _all_valid(form, languages, trainings):
            try:
                services.update_profile(
                    profile=profile,
                    **_profile_values(form, languages, trainings),
                    actor=request.user,
                    request=request,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The volunteer profile has been saved."))
                return redirect("volunteers:detail", public_id=profile.public_id)
        messages.error(request, _("The profile has not been saved; see the form."))
    return render(
        request,
        "volunteers/profile_form.html",
        {
            "profile": profile,
            "form": form,
            "language_formset": languages,
            "training_formset": trainings,
        },
    )


@requires("volunteers.manage", reads=None, because="a volunteer's profile, no client file")
def screening(request, public_id):
    profile = _profile(request, public_id)
    form = ScreeningForm(
        _posted(request),
        initial={
            "vog_issued_on": profile.vog_issued_on,
            "confidentiality_signed_on": profile.confidentiality_signed_on,
        },
    )
    if request.method == "POST":
        if form.is_valid():
            try:
                services.update_screening(
                    profile=profile,
                    vog_issued_on=form.cleaned_data["vog_issued_on"],
                    confidentiality_signed_on=form.cleaned_data["confidentiality_signed_on"],
                    actor=request.user,
                    request=request,
                )
            except DomainError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("The screening has been saved."))
                problem = services.screening_problem(profile)
                if problem:
                    messages.warning(request, problem)
                return redirect("volunteers:detail", public_id=profile.public_id)
        messages.error(request, _("The screening has not been saved; see the form."))
    return render(request, "volunteers/screening.html", {"profile": profile, "form": form})
