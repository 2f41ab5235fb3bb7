"""Supervision pages: the volunteers a professional is responsible for (the begeleider), their
supervision meetings, and the volunteer figures.

Profiles are reached only through ``VolunteerProfile.objects.visible_to`` and trajectories
through ``Trajectory.objects.visible_to`` (in ``supervision`` and ``figures``).
"""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijs.core.access import requires
from wegwijs.core.errors import DomainError
from wegwijs.volunteers import figures, services, supervision
from wegwijs.volunteers.supervision_forms import (
    BegeleiderForm,
    SupervisionMeetingForm,
    YearForm,
)
from wegwijs.volunteers.views import _posted


def _begeleider(request):
    """The professional whose volunteers a supervision page shows: the user, or a coördinator
    sharing a team with them (``?begeleider=<public id>``). An unknown or foreign id is a form
    error and shows nobody's volunteers."""
    form = BegeleiderForm(request.GET or None, user=request.user)
    if not form.is_bound:
        return form, request.user
    if not form.is_valid():
        return form, None
    return form, form.cleaned_data["begeleider"] or request.user


@requires("volunteers.supervise")
def supervision_view(request):
    form, begeleider = _begeleider(request)
    rows, meetings = [], []
    if begeleider is not None:
        rows = supervision.supervision_overview(request.user, begeleider=begeleider)
        meetings = list(
            supervision.meetings_held_by(request.user, held_by=begeleider)[
                : supervision.RECENT_MEETINGS + 1
            ]
        )
    query = request.GET.copy()
    return render(
        request,
        "volunteers/supervision.html",
        {
            "form": form,
            "begeleider": begeleider,
            "is_self": begeleider == request.user,
            "rows": rows,
            "flagged": sum(row.flagged_count for row in rows),
            "meetings": meetings[: supervision.RECENT_MEETINGS],
            "more_meetings": len(meetings) > supervision.RECENT_MEETINGS,
            "contact_days": settings.SUPERVISION_CONTACT_DAYS,
            "query": query.urlencode(),
        },
    )


@requires("volunteers.supervise")
def meeting_list(request):
    form, begeleider = _begeleider(request)
    meetings = (
        supervision.meetings_held_by(request.user, held_by=begeleider)
        if begeleider is not None
        else []
    )
    page = Paginator(meetings, settings.PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "volunteers/meeting_list.html",
        {
            "form": form,
            "begeleider": begeleider,
            "is_self": begeleider == request.user,
            "page": page,
            "query": query.urlencode(),
        },
    )


@requires("volunteers.supervise")
def meeting_add(request):
    initial = {"volunteers": request.GET.getlist("volunteer")[:1]}
    form = SupervisionMeetingForm(_posted(request), user=request.user, initial=initial)
    if form.is_valid():
        try:
            services.record_supervision_meeting(
                kind=form.cleaned_data["kind"],
                held_on=form.cleaned_data["held_on"],
                volunteers=form.cleaned_data["volunteers"],
                notes=form.cleaned_data["notes"],
                actor=request.user,
                request=request,
            )
        except DomainError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The supervision meeting has been saved."))
            return redirect("volunteers:supervision")
    if form.is_bound:
        messages.error(request, _("The supervision meeting has not been saved; see the form."))
    return render(request, "volunteers/meeting_form.html", {"form": form})


@requires("volunteers.view")
def figures_view(request):
    data = request.GET.copy()
    data.setdefault("year", str(timezone.localdate().year))
    form = YearForm(data)
    year = form.cleaned_data["year"] if form.is_valid() else None
    user = request.user
    return render(
        request,
        "volunteers/figures.html",
        {
            "form": form,
            "active": figures.active_count(user),
            "per_role": figures.active_per_role(user),
            "per_location": figures.active_per_location(user),
            "per_begeleider": figures.active_per_begeleider(user),
            "hours": (
                figures.hours_per_product_and_municipality(user, year=year) if year else None
            ),
        },
    )
